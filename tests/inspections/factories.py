"""Inspection test data: plans, findings and evidence through the real services."""
import io
import itertools
import uuid

from PIL import Image

from inspectapp.auth.roles import Role
from inspectapp.common.timeutil import local_today
from inspectapp.inspections import services
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Mode
from inspectapp.inspections.reference import DEFAULT_KEY
from tests.factories import make_hall
from tests.factories import make_user

_seq = itertools.count(1)


def default_template():
    return ChecklistTemplate.get((ChecklistTemplate.key == DEFAULT_KEY) & (ChecklistTemplate.is_current == True))  # noqa: E712


def item(code, template=None):
    template = template or default_template()
    return template.items.where(template.items.model.code == code).get()


def make_inspection(hall=None, members=None, date=None, admin=None, mode=Mode.COVERT, team_no=None, **kw):
    hall = hall or make_hall()
    members = members or [make_user(Role.INSPECTOR, display_name=f"暗访员{next(_seq)}")]
    admin = admin or make_user(Role.ADMIN)
    date = date or local_today()
    plan = services.Plan(hall=hall, date=date, mode=mode, template=kw.pop("template", None) or default_template(),
                         team_no=team_no or services.next_team_no(date), members=members, note=kw.pop("note", ""))
    return services.save_plan(None, plan, admin)


def make_finding(inspection, code="B1", window=None, actor=None, **kw):
    actor = actor or inspection.members().first()
    data = services.FindingInput(client_id=kw.pop("client_id", None) or uuid.uuid4().hex,
                                 item_id=item(code, inspection.template).id,
                                 window_id=window.id if window else None, **kw)
    finding, _created = services.record_finding(inspection, data, actor)
    return finding


def jpeg_bytes(size=(640, 480), color=(120, 130, 140), exif=None, fmt="JPEG"):
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def exif_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"  # Make
    exif[0x0110] = "Inspector-Phone-Model"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (31.0, 13.0, 12.5)
    gps[3] = "E"
    gps[4] = (121.0, 28.0, 7.25)
    return exif
