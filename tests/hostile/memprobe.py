"""Run one upload through the evidence checks in a fresh process and print how much memory it
took: `python -m tests.hostile.memprobe FILE [FOLDER]` -> JSON {"extra_mb": …, "result": …}.

ru_maxrss is the peak resident size of this process; the baseline is taken after the imports
and after the upload's bytes are in memory, so the difference is what checking and storing cost."""
import json
import os
import resource
import sys
import tempfile


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(path, folder=None):
    import weasyprint  # noqa: F401  (sets Pillow's LOAD_TRUNCATED_IMAGES, as in a worker that printed a PDF)

    from inspectapp.inspections import evidence

    with open(path, "rb") as fh:
        data = fh.read()
    folder = folder or tempfile.mkdtemp()
    base = peak_mb()
    try:
        checked = evidence.check_upload(data)
        evidence.store(folder, "evidence/1", data, checked)
        result = f"stored {checked.kind}"
    except evidence.EvidenceRejected as exc:
        result = "rejected: " + exc.message
    print(json.dumps({"extra_mb": round(peak_mb() - base, 1), "result": result}, ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:])
    os._exit(0)
