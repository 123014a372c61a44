"""The one upload checker under hostile input: metadata never reaches non-admins in any accepted
format, memory per upload is bounded (measured), and completeness does not depend on what else
the process did (WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES)."""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import mutagen
import pytest
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from PIL import Image
from PIL import ImageFile
from PIL import PngImagePlugin

from inspectapp.inspections import evidence as files
from tests import audio_samples
from tests.inspections.factories import exif_with_gps
from tests.inspections.factories import jpeg_bytes

DATA = Path(__file__).parent.parent / "hostile" / "data"
ROOT = Path(__file__).parent.parent.parent


@pytest.mark.parametrize("kind", sorted(audio_samples.ALL))
def test_audio_copies_carry_no_tags_names_or_locations(tmp_path, kind):
    original = audio_samples.ALL[kind](tmp_path)
    assert audio_samples.leaks(original)  # the sample really carries them
    checked = files.check_upload(original)
    stored = files.store(str(tmp_path), "evidence/1", original, checked)
    public = (tmp_path / stored.public_name).read_bytes()
    assert (tmp_path / stored.stored_name).read_bytes() == original  # the admin's original is untouched
    assert stored.public_name != stored.stored_name
    assert audio_samples.leaks(public) == []
    path = tmp_path / f"public.{kind}"
    path.write_bytes(public)
    check_still_playable(kind, path, original, public)


def check_still_playable(kind, path, original, public):
    """Parsed again by mutagen (not our code): same container, no tags, the audio itself kept."""
    if kind == "mp3":
        assert MP3(path).tags is None and public == audio_samples.MP3_FRAME * 20
    elif kind in ("opus", "vorbis"):
        cls = OggOpus if kind == "opus" else OggVorbis
        parsed = cls(path)
        assert dict(parsed.tags) == {}
        assert all(packet in public for packet in audio_samples.AUDIO_PACKETS)
    elif kind == "m4a":
        parsed = MP4(path)
        assert not parsed.tags and len(public) == len(original) and audio_samples.MDAT_PAYLOAD in public
    elif kind == "wav":
        import wave
        with wave.open(str(path)) as w:
            assert w.getnframes() == 4096
    elif kind == "webm":
        assert public.count(audio_samples.WEBM_BLOCK) == 2 and len(public) == len(original)
    elif kind == "amr":
        assert public == original[:6 + 25 * 32]
    assert mutagen.File(path) is None or not mutagen.File(path).tags


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_photo_copies_carry_no_exif_xmp_or_text(tmp_path, fmt):
    image = Image.new("RGB", (800, 600), (120, 130, 140))
    out = io.BytesIO()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", audio_samples.NAME)
        info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{audio_samples.LOCATION}</x:xmpmeta>")
        image.save(out, fmt, pnginfo=info, exif=exif_with_gps())
    else:
        image.save(out, fmt, exif=exif_with_gps(), xmp=f"<x>{audio_samples.NAME}</x>".encode())
    data = out.getvalue()
    checked = files.check_upload(data)
    stored = files.store(str(tmp_path), "evidence/1", data, checked)
    assert stored.had_location
    for name in (stored.public_name, stored.thumb_name):
        copy = (tmp_path / name).read_bytes()
        assert b"Exif" not in copy and b"TestPhone" not in copy and audio_samples.leaks(copy) == []
        with Image.open(io.BytesIO(copy)) as im:
            assert im.format == "JPEG" and not im.getexif() and "xmp" not in im.info


def _truncated():
    photo = jpeg_bytes((1200, 900))
    png = io.BytesIO()
    Image.effect_noise((400, 300), 60).save(png, "PNG")
    webp = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(webp, "WEBP")
    return {"jpeg": photo[: len(photo) * 2 // 3], "png": png.getvalue()[:-200], "webp": webp.getvalue()[:-300]}


@pytest.mark.parametrize("flag", [False, True])
@pytest.mark.parametrize("kind", ["jpeg", "png", "webp"])
def test_truncated_photos_are_refused_whatever_pillow_was_told(monkeypatch, kind, flag):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", flag)
    with pytest.raises(files.EvidenceRejected, match="已损坏或不完整"):
        files.check_upload(_truncated()[kind])


def test_checks_after_a_pdf_was_rendered_in_the_same_process():
    """The worker has just printed a QR poster: WeasyPrint's import flipped Pillow's flag."""
    from inspectapp.common.pdf import html_to_pdf

    html_to_pdf("<p>二维码</p>")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # what WeasyPrint does to the process
    with pytest.raises(files.EvidenceRejected):
        files.check_upload(_truncated()["jpeg"])
    assert files.check_upload(jpeg_bytes()).kind == "photo"


def _probe(path):
    result = subprocess.run([sys.executable, "-m", "tests.hostile.memprobe", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


BUDGET_MB = files.Limits().max_decode_bytes / files.MB


@pytest.mark.parametrize("name, outcome", [
    ("bomb-16383x3660.webp", "rejected"),  # 2 KB of lossless WebP that used to take 1.3 GB
    ("big-10000x6000.jpg", "stored"),  # 60 megapixels, decoded at half scale
    ("big-2800x2800.png", "stored"),  # the largest RGBA PNG within the budget
    ("big-4000x4000-rgb.png", "stored"),
    ("big-2300x2300.webp", "stored"),
])
def test_memory_per_upload_is_bounded(name, outcome):
    """Peak memory of checking and storing one upload, measured in a fresh process."""
    measured = _probe(DATA / name)
    assert measured["result"].startswith(outcome), measured
    bound = 20 if outcome == "rejected" else 2 * BUDGET_MB
    assert measured["extra_mb"] <= bound, measured


@pytest.mark.parametrize("kind", ["mp3", "m4a", "webm"])
def test_unit_managers_and_viewers_download_the_copy_admins_the_original(world, app, client, login_as, tmp_path,
                                                                          kind):
    from inspectapp.inspections import services
    from inspectapp.inspections.models import Evidence
    from tests.inspections.factories import make_finding

    root = os.path.join(app.instance_path, "uploads")
    finding = make_finding(world.inspection, "B1", window=world.a12, actor=world.inspector)
    original = audio_samples.ALL[kind](tmp_path)
    ev, _ = services.add_evidence(finding, original, "audio-" + kind, world.inspector, root)
    services.transition(world.inspection, "submit", world.inspector)
    services.transition(world.inspection, "publish", world.admin)
    for user in (world.manager, world.viewer):
        login_as(user)
        body = _download(client, ev)
        assert body and audio_samples.leaks(body) == [] and body != original
    # a recording stored before copies existed (public name = original) is cleaned when served
    Evidence.update(public_name=Evidence.stored_name).where(Evidence.id == ev.id).execute()
    login_as(world.manager)
    body = _download(client, ev)
    assert body and audio_samples.leaks(body) == []
    login_as(world.admin)
    assert _download(client, ev) == original


def _download(client, ev):
    response = client.get(f"/inspections/evidence/{ev.id}")
    data = response.data
    response.close()
    return data
