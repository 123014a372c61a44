"""Run functions at the same moment in their own threads and database connections."""
import threading

from inspectapp.db import db


def run_at_once(functions, timeout=90):
    """Call every function in its own thread, all released together; returns the errors (repr)."""
    db.close()  # every thread opens its own connection
    barrier, errors = threading.Barrier(len(functions)), []

    def run(function):
        try:
            with db.connection_context():
                barrier.wait(timeout=10)
                function()
        except Exception as exc:  # noqa: BLE001 — returned to the test
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    db.connect(reuse_if_open=True)
    return errors
