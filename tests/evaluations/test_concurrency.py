"""Concurrent citizens on one SQLite file: every submission is stored, none fails with 'database is
locked' (write transactions take the lock up front and wait for it)."""
import threading

from inspectapp.complaints.models import ComplaintTicket
from inspectapp.evaluations.models import Evaluation
from tests.evaluations.conftest import Citizen
from tests.factories import make_window

THREADS, EACH = 6, 5


def test_parallel_submissions_are_all_stored(app, window):
    windows = [window] + [make_window(hall=window.hall) for _ in range(THREADS * EACH - 1)]
    statuses, errors = [], []

    def citizen(n):
        try:
            for i in range(EACH):
                target = windows[n * EACH + i]
                level = 1 if i % 2 else 5
                response = Citizen(app.test_client()).rate(target, level=level, reasons=["115"] if level == 1 else [])
                statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert statuses == [303] * THREADS * EACH
    assert Evaluation.select().count() == THREADS * EACH
    negatives = Evaluation.select().where(Evaluation.level == 1).count()
    assert ComplaintTicket.select().count() == negatives == THREADS * (EACH // 2)


def test_a_transaction_that_reads_first_still_gets_to_write(app, window):
    """A writer that read inside its transaction while another process committed in between would
    get 'database is locked' at once with SQLite's default deferred BEGIN."""
    from inspectapp.db import db
    from inspectapp.orgs.models import Hall

    other_committed = threading.Event()
    outcome = []

    def other_writer():
        with db.connection_context():
            Hall.update(address="第二个写入者").where(Hall.id == window.hall_id).execute()
        other_committed.set()

    with db.atomic():
        Hall.get_by_id(window.hall_id)  # a read inside the transaction
        thread = threading.Thread(target=other_writer)
        thread.start()
        other_committed.wait(0.5)  # with BEGIN IMMEDIATE the other writer waits for us instead
        Hall.update(name="先开始的事务").where(Hall.id == window.hall_id).execute()
        outcome.append("wrote")
    thread.join()
    assert outcome == ["wrote"] and other_committed.is_set()
    hall = Hall.get_by_id(window.hall_id)
    assert (hall.name, hall.address) == ("先开始的事务", "第二个写入者")
