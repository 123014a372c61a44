"""The issuing office and its document numbers.

    issuer = issuer_from_config(current_app.config)
    with db.atomic():                       # the transaction that stores the document
        number = issue_number(issuer, "rectification", 2026, "rectification_case", case.id, actor)
        case.doc_no = number.text           # "临政服改〔2026〕12号"

A serial is per printed 机关代字 and year (each series has its own code in DOC_NUMBER_CODES, so its own
serial): 1, 2, 3 … with no gaps and no reuse, also when many admins issue at the same moment
(SQLite: the write transaction holds the database lock, BEGIN IMMEDIATE; PostgreSQL: the counter
row is locked by its UPDATE until the transaction ends).
"""
import logging
from dataclasses import dataclass
from dataclasses import field

from inspectapp.common.timeutil import now
from inspectapp.db import db
from inspectapp.officialdoc.docno import doc_no
from inspectapp.officialdoc.models import DocNumber
from inspectapp.officialdoc.models import DocSerial

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issuer:
    """发文机关: its full name (署名), its red 发文机关标志, and its 机关代字 per series."""

    name: str
    mark: str
    code: str
    #: 机关代字 of each numbered series; a series not listed uses `code`.
    series_codes: dict = field(default_factory=dict)

    def code_for(self, series):
        return self.series_codes.get(series) or self.code


def issuer_from_config(config):
    name = config["ISSUER_NAME"]
    return Issuer(name=name, mark=config.get("ISSUER_MARK") or name, code=config["ISSUER_CODE"],
                  series_codes=dict(config.get("DOC_NUMBER_CODES") or {}))


def allocate_serial(code, year):
    """The next serial of a 机关代字 and year. Must run inside the caller's transaction."""
    if not db.in_transaction():
        raise RuntimeError("allocate_serial must run inside the transaction that stores the document")
    key = (DocSerial.code == code) & (DocSerial.year == year)
    DocSerial.insert(code=code, year=year, last_serial=0).on_conflict_ignore().execute()
    DocSerial.update(last_serial=DocSerial.last_serial + 1).where(key).execute()
    return DocSerial.select(DocSerial.last_serial).where(key).scalar()


def issue_number(issuer, series, year, target_type, target_id, actor=None, at=None):
    """Allocate the next number of a series and record it in the ledger; returns the DocNumber."""
    code = issuer.code_for(series)
    serial = allocate_serial(code, year)
    number = DocNumber.create(issuer=issuer.code, series=series, code=code, year=year, serial=serial,
                              text=doc_no(code, year, serial), target_type=target_type, target_id=target_id,
                              issued_at=at or now(), issued_by=actor)
    log.info("Issued %s to %s %s", number.text, target_type, target_id)
    return number


def find_number(text):
    """The ledger row of a printed number (exact text), or None."""
    return DocNumber.get_or_none(DocNumber.text == (text or "").strip())
