"""Lighthouse's mobile preset (its default form factor: a mid-range phone, throttled 4G) on the
public evaluation page /e/<token>, with Debian's chromium; prints each category (target ≥ 95).

Lighthouse comes from the npm registry, pinned in bench/lighthouse/package.json (12.2.3, the
last release that runs on Node 20); the first run installs it there. The app is served by
gunicorn on loopback; nothing else is fetched.

Usage: .venv/bin/python bench/lighthouse.py [--runs 3] [--elder]
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile

from _common import ROOT
from _common import make_hall_with_windows
from _common import temp_app
from submit_throughput import free_port
from submit_throughput import start
from submit_throughput import stop

HERE = os.path.join(ROOT, "bench", "lighthouse")
LIGHTHOUSE = os.path.join(HERE, "node_modules", ".bin", "lighthouse")
CHROMIUM = os.environ.get("INSPECTAPP_CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def install():
    if not os.path.exists(LIGHTHOUSE):
        lock = os.path.join(HERE, "package-lock.json")
        command = ["npm", "ci"] if os.path.exists(lock) else ["npm", "install", "--save-exact"]
        subprocess.run(command + ["--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)


def audit(url, output):
    subprocess.run([LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={output}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    with open(output, encoding="utf-8") as fh:
        report = json.load(fh)
    scores = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}
    failing = [a["title"] for a in report["audits"].values()
               if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") == "binary"]
    return scores, failing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--elder", action="store_true", help="audit the 长辈模式 page")
    args = parser.parse_args()
    install()
    app, directory = temp_app()
    _hall, windows = make_hall_with_windows(1, staff_per_window=3)
    with open(os.path.join(directory, "config.py"), "w") as f:
        f.write(f"SECRET_KEY = 'lighthouse'\nPUBLIC_BASE_URL = 'http://127.0.0.1'\n"
                f"DATABASE_URL = 'sqlite:///{directory}/bench.sqlite'\n")
    port = free_port()
    server = start("inspectapp:create_app()", {"INSPECTAPP_INSTANCE_PATH": directory}, 2, port)
    url = f"http://127.0.0.1:{port}/e/{windows[0].public_token}" + ("?elder=1" if args.elder else "")
    work = tempfile.mkdtemp(prefix="lighthouse-")
    try:
        runs = [audit(url, os.path.join(work, f"run{n}.json")) for n in range(args.runs)]
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    print(f"Lighthouse (mobile preset) on /e/<token>{' (长辈模式)' if args.elder else ''}, {args.runs} runs, "
          f"Debian chromium, gunicorn on loopback")
    for category in CATEGORIES:
        values = [scores[category] for scores, _f in runs]
        mark = "ok" if min(values) >= 95 else "BELOW 95"
        print(f"  {category:<15} {min(values)}–{max(values)}  {mark}")
    failing = sorted({title for _s, titles in runs for title in titles})
    if failing:
        print("  failing audits: " + "; ".join(failing))


if __name__ == "__main__":
    main()
