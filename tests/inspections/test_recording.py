"""Recording findings and evidence through the services: idempotent by client id, checked by content."""
import datetime as dt
import hashlib
import io
import os
import threading

import pytest
from PIL import Image

from inspectapp.auth.roles import Role
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.db import db
from inspectapp.inspections import evidence as files
from inspectapp.inspections import services
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import WindowVisit
from tests import audio_samples
from tests.factories import make_hall
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window
from tests.inspections.factories import exif_with_gps
from tests.inspections.factories import item
from tests.inspections.factories import jpeg_bytes
from tests.inspections.factories import make_finding
from tests.inspections.factories import make_inspection


@pytest.fixture
def visit(app):
    hall = make_hall()
    window = make_window(hall=hall, number="A12", unit=make_unit(short_name="社保"))
    inspector = make_user(Role.INSPECTOR)
    return make_inspection(hall=hall, members=[inspector]), window, inspector


def _input(code="B1", window=None, **kw):
    kw.setdefault("client_id", "c-" + os.urandom(6).hex())
    return services.FindingInput(item_id=item(code).id, window_id=window.id if window else None, **kw)


def test_finding_is_worded_from_the_item_pattern(visit):
    inspection, window, inspector = visit
    seen = dt.datetime(2026, 11, 22, 2, 13)  # 10:13 in Beijing
    finding, created = services.record_finding(inspection, _input(window=window, recorded_at=seen), inspector)
    assert created
    assert finding.sentence == "10:13，A12窗口（社保）工作人员工作时间玩手机"
    assert finding.deduction == item("B1").deduction and finding.severity == item("B1").severity
    with_staff = services.record_finding(inspection, _input(window=window, recorded_at=seen, staff_no="S0012"),
                                         inspector)[0]
    assert with_staff.sentence == "10:13，A12窗口（社保）工作人员（工号S0012）工作时间玩手机"
    hall_wide = services.record_finding(inspection, _input("G2", recorded_at=seen), inspector)[0]
    assert hall_wide.sentence.startswith("10:13，大厅公共区域首问负责")
    assert WindowVisit.select().where(WindowVisit.inspection == inspection).count() == 1


def test_same_client_id_twice_creates_one_row(visit):
    inspection, window, inspector = visit
    data = _input(window=window, client_id="dup-1")
    first, created1 = services.record_finding(inspection, data, inspector)
    second, created2 = services.record_finding(inspection, data, inspector)
    assert (created1, created2) == (True, False) and first.id == second.id
    assert Finding.select().where(Finding.client_id == "dup-1").count() == 1


def test_newer_revision_updates_older_is_ignored(visit):
    inspection, window, inspector = visit
    services.record_finding(inspection, _input(window=window, client_id="r1", rev=1), inspector)
    services.record_finding(inspection, _input(window=window, client_id="r1", rev=3, staff_no="S9"), inspector)
    # A late retry of revision 2 arrives after revision 3: it must not undo it.
    services.record_finding(inspection, _input(window=window, client_id="r1", rev=2, staff_no="S1"), inspector)
    finding = Finding.get(Finding.client_id == "r1")
    assert finding.staff_no == "S9" and finding.client_rev == 3 and "工号S9" in finding.sentence


def test_edited_sentence_is_kept_and_withdrawal_keeps_the_row(visit):
    inspection, window, inspector = visit
    services.record_finding(inspection, _input(window=window, client_id="w1"), inspector)
    services.record_finding(inspection, _input(window=window, client_id="w1", rev=2, sentence_auto=False,
                                               sentence="10:13，A12窗口工作人员低头刷短视频约5分钟"), inspector)
    assert Finding.get(Finding.client_id == "w1").sentence == "10:13，A12窗口工作人员低头刷短视频约5分钟"
    services.record_finding(inspection, _input(window=window, client_id="w1", rev=3, withdrawn=True), inspector)
    assert Finding.get(Finding.client_id == "w1").status == FindingStatus.WITHDRAWN


def test_concurrent_duplicates_create_one_row(visit):
    inspection, window, inspector = visit
    errors, data = [], _input(window=window, client_id="race-1")

    def send():
        try:
            with db.connection_context():
                services.record_finding(inspection, data, inspector)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    db.close()
    threads = [threading.Thread(target=send) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.connect(reuse_if_open=True)
    assert errors == []
    assert Finding.select().where(Finding.client_id == "race-1").count() == 1


def test_only_team_members_record_and_never_after_publication(visit):
    inspection, window, inspector = visit
    with pytest.raises(services.Conflict):
        services.record_finding(inspection, _input(window=window), make_user(Role.INSPECTOR))
    other_hall_window = make_window()
    with pytest.raises(DomainError, match="窗口不属于"):
        services.record_finding(inspection, _input(window=other_hall_window), inspector)
    make_finding(inspection, window=window)
    services.transition(inspection, "submit", inspector)
    # Late arrivals after submission are still accepted (never lose), and flagged.
    late = make_finding(inspection, window=window)
    assert late.is_late
    services.transition(inspection, "publish", make_user(Role.ADMIN))
    with pytest.raises(services.Conflict, match="已发布"):
        services.record_finding(inspection, _input(window=window), inspector)


def test_phone_clock_offset_is_corrected():
    server_now = dt.datetime(2026, 11, 22, 2, 30)
    ms = lambda t: int(t.replace(tzinfo=dt.UTC).timestamp() * 1000)  # noqa: E731
    # The phone runs 7 minutes fast: tapped at its 10:20, sent at its 10:37, server says 10:30.
    tapped, sent = dt.datetime(2026, 11, 22, 2, 20), dt.datetime(2026, 11, 22, 2, 37)
    assert services.anchor_client_time(ms(tapped), ms(sent), server_now) == dt.datetime(2026, 11, 22, 2, 13)
    assert services.anchor_client_time(None, None, server_now) == server_now
    future = dt.datetime(2026, 11, 23)
    assert services.anchor_client_time(ms(future), None, server_now) == server_now


# ---------------------------------------------------------------- evidence

@pytest.fixture
def finding(visit):
    inspection, window, _inspector = visit
    return make_finding(inspection, window=window)


@pytest.fixture
def root(tmp_path):
    return str(tmp_path / "uploads")


def test_valid_photo_is_stored_with_hash_and_a_stripped_copy(finding, root):
    data = jpeg_bytes((1600, 1200), exif=exif_with_gps())
    with Image.open(io.BytesIO(data)) as im:
        assert im.getexif().get_ifd(0x8825), "the test photo must carry GPS"
    before = now()
    ev, created = services.add_evidence(finding, data, "p-1", finding.created_by, root, filename="IMG_0001.jpg")
    assert created and ev.kind == "photo" and ev.mime == "image/jpeg"
    assert ev.sha256 == hashlib.sha256(data).hexdigest() and ev.size == len(data)
    assert ev.received_at >= before and ev.had_location
    assert (ev.width, ev.height) == (1600, 1200)
    original = files.path_of(root, ev.stored_name)
    with open(original, "rb") as fh:
        assert fh.read() == data
    assert os.path.realpath(original).startswith(os.path.realpath(root))
    with Image.open(files.path_of(root, ev.public_name)) as public:
        exif = public.getexif()
        assert not exif.get_ifd(0x8825) and 0x0110 not in exif
    with Image.open(files.path_of(root, ev.thumb_name)) as thumb:
        assert max(thumb.size) <= 360


def test_same_photo_client_id_twice_is_one_row_and_one_file(finding, root):
    data = jpeg_bytes()
    first, _ = services.add_evidence(finding, data, "p-dup", finding.created_by, root)
    second, created = services.add_evidence(finding, data, "p-dup", finding.created_by, root)
    assert not created and first.id == second.id
    assert Evidence.select().where(Evidence.client_id == "p-dup").count() == 1
    stored = [n for _d, _s, names in os.walk(root) for n in names if not n.endswith((".public.jpg", ".thumb.jpg"))]
    assert len(stored) == 1


def test_text_file_renamed_jpg_is_refused(finding, root):
    with pytest.raises(files.EvidenceRejected, match="不是可识别的照片"):
        services.add_evidence(finding, "这不是照片\n".encode() * 50, "t-1", finding.created_by, root,
                              filename="photo.jpg")
    assert not Evidence.select().exists()
    assert not os.path.exists(root) or not any(files for _d, _s, files in os.walk(root))


def test_truncated_jpeg_is_refused(finding, root):
    data = jpeg_bytes((800, 600))
    with pytest.raises(files.EvidenceRejected, match="损坏"):
        services.add_evidence(finding, data[: len(data) // 2], "t-2", finding.created_by, root)


def test_truncated_jpeg_is_refused_after_weasyprint_turned_truncated_loading_on(finding, root):
    import weasyprint.images  # noqa: F401  (sets ImageFile.LOAD_TRUNCATED_IMAGES = True on import)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    data = jpeg_bytes((800, 600))
    with pytest.raises(files.EvidenceRejected, match="损坏"):
        services.add_evidence(finding, data[: len(data) // 2], "t-3", finding.created_by, root)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's own setting is left as it was


def test_oversized_image_is_refused(finding, root):
    limits = files.Limits(max_image_bytes=50_000)
    noisy = Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3))
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert len(out.getvalue()) > 50_000
    with pytest.raises(files.EvidenceRejected, match="太大"):
        services.add_evidence(finding, out.getvalue(), "big-1", finding.created_by, root, limits=limits)


def test_decompression_bomb_is_refused_before_decoding(finding, root):
    # A 1-bit PNG of 30 000 × 30 000 pixels compresses to a few hundred kB; decoded it would be 900 MP.
    bomb = Image.new("1", (30_000, 30_000))
    out = io.BytesIO()
    bomb.save(out, "PNG")
    data = out.getvalue()
    assert len(data) < 1_000_000
    with pytest.raises(files.EvidenceRejected, match="像素过多"):
        services.add_evidence(finding, data, "bomb-1", finding.created_by, root)
    assert not Evidence.select().exists()


@pytest.mark.parametrize("kind,mime", [
    ("webm", "audio/webm"), ("opus", "audio/ogg"), ("vorbis", "audio/ogg"), ("m4a", "audio/mp4"),
    ("mp3", "audio/mpeg"), ("wav", "audio/wav"), ("amr", "audio/amr"),
])
def test_audio_notes_are_recognised_by_content(finding, root, kind, mime, tmp_path):
    data = audio_samples.ALL[kind](tmp_path)
    ev, _ = services.add_evidence(finding, data, "a-" + kind, finding.created_by, root)
    assert ev.kind == "audio" and ev.mime == mime and ev.public_name != ev.stored_name  # a copy without tags


def test_evidence_counts_per_finding_count_each_file_once_and_leave_out_findings_without(finding, root):
    services.add_evidence(finding, jpeg_bytes(), "p-a", finding.created_by, root)
    services.add_evidence(finding, jpeg_bytes(color=(10, 20, 30)), "p-b", finding.created_by, root)
    services.add_evidence(finding, jpeg_bytes(), "p-a", finding.created_by, root)  # a retry: the same file
    other = make_finding(finding.inspection, code="B2", actor=finding.created_by)
    assert Evidence.counts_for([finding, other]) == {finding.id: 2}
    assert Evidence.counts_for([finding.id]) == {finding.id: 2} and Evidence.counts_for([]) == {}
