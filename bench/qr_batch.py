"""QR batch PDF for a hall with 500 windows: time to render (target ≤ 10 s), and every code decoded
with zbar at 150 dpi to exactly its window's URL. For scale, a one-page plain WeasyPrint PDF is
timed in the same run.

Usage: .venv/bin/python bench/qr_batch.py [--windows 500]
"""
import argparse
import atexit
import os
import shutil
import subprocess
import tempfile

from _common import make_hall_with_windows
from _common import temp_app
from _common import timer

TARGET_SECONDS = 10.0


def decode(pdf_path, directory):
    subprocess.run(["pdftoppm", "-r", "150", "-png", pdf_path, os.path.join(directory, "page")], check=True)
    codes = []
    for name in sorted(os.listdir(directory)):
        if name.startswith("page") and name.endswith(".png"):
            out = subprocess.run(["zbarimg", "--raw", "-q", os.path.join(directory, name)], capture_output=True,
                                 text=True)
            codes += [line for line in out.stdout.splitlines() if line]
    return codes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--windows", type=int, default=500)
    args = parser.parse_args()
    app, directory = temp_app()
    hall, windows = make_hall_with_windows(args.windows)

    from inspectapp.common.pdf import html_to_pdf
    from inspectapp.qr import services
    from inspectapp.qr.links import evaluation_url

    with app.test_request_context("/"):
        html_to_pdf("<p>warm-up</p>")
        with timer() as baseline:
            html_to_pdf("<h1>Baseline</h1><p>One plain Latin page rendered by WeasyPrint.</p>")
        with timer() as sheet:
            pdf = services.sheet_pdf(hall, evaluation_url)
        expected = sorted(evaluation_url(w) for w in windows)
    work = tempfile.mkdtemp(prefix="qr-bench-")
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    path = os.path.join(work, "sheet.pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    pages = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    pages = next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:"))
    with timer() as decoding:
        codes = decode(path, work)
    decoded_ok = sorted(codes) == expected
    print(f"QR batch PDF, {args.windows} windows: {sheet['seconds']:.2f} s, {pages} pages, {len(pdf) // 1024} KB "
          f"(target <= {TARGET_SECONDS:.0f} s: ratio {sheet['seconds'] / TARGET_SECONDS:.2f})")
    print(f"one-page plain WeasyPrint PDF in the same run: {baseline['seconds']:.3f} s "
          f"(batch = {sheet['seconds'] / baseline['seconds']:.0f} x)")
    print(f"decoded with zbarimg at 150 dpi: {len(codes)} codes, {len(set(codes))} distinct, "
          f"every code = its window's URL: {'yes' if decoded_ok else 'NO'} ({decoding['seconds']:.1f} s to check)")


if __name__ == "__main__":
    main()
