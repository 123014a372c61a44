"""Evidence files: checked by content, stored under <instance>/uploads, never under static/.

A photo is kept exactly as received (its SHA-256 is the evidence fingerprint, shown to admins
only because it may carry the phone's EXIF location) plus two re-encoded copies without any
EXIF — the copy everyone else sees (longest side ≤ 2000 px) and a small preview. Audio is
recognised by its magic bytes and kept as received.
"""
import hashlib
import io
import os
import threading
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image
from PIL import ImageFile
from PIL import ImageOps
from PIL import UnidentifiedImageError

from inspectapp.auth.roles import N_
from inspectapp.common.errors import DomainError

MB = 1024 * 1024
GPS_IFD = 0x8825
IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


class EvidenceRejected(DomainError):
    """The upload is not an acceptable photo or audio file; the message says why."""


@dataclass(frozen=True)
class Limits:
    max_image_bytes: int = 20 * MB
    max_audio_bytes: int = 25 * MB
    #: Decompression-bomb guard: refuse images with more pixels before decoding them.
    max_pixels: int = 60_000_000
    public_side: int = 2000
    thumb_side: int = 360


@dataclass(frozen=True)
class Checked:
    kind: str  # "photo" or "audio"
    mime: str
    ext: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Stored:
    stored_name: str
    public_name: str
    thumb_name: str
    sha256: str
    size: int
    had_location: bool


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def check_upload(data, limits=Limits()):
    """Identify a photo (Pillow) or an audio note (magic bytes), enforcing size and pixel caps."""
    if not data:
        raise EvidenceRejected(N_("文件是空的"))
    image = _identify_image(data, limits)
    if image is not None:
        if len(data) > limits.max_image_bytes:
            raise EvidenceRejected(N_("照片文件太大，请重新拍摄或压缩后上传"))
        return image
    audio = audio_type(data)
    if audio is not None:
        if len(data) > limits.max_audio_bytes:
            raise EvidenceRejected(N_("录音文件太大，请分段录音"))
        return Checked("audio", *audio)
    raise EvidenceRejected(N_("文件不是可识别的照片（JPEG、PNG、WebP）或录音"))


_TRUNCATION_LOCK = threading.Lock()


@contextmanager
def _truncated_images_refused():
    """Decode with Pillow's process-wide LOAD_TRUNCATED_IMAGES off: importing WeasyPrint turns it on
    (weasyprint/images.py), and with it on a half-uploaded JPEG decodes "fine" as grey padding."""
    with _TRUNCATION_LOCK:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _identify_image(data, limits):
    """Checked for a valid image, None if it is not an image at all; raises for bombs and damage."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as im:
                fmt, (width, height) = im.format, im.size
                if width * height > limits.max_pixels:
                    raise EvidenceRejected(N_("图片像素过多，请用手机相机的普通模式拍摄"))
                if fmt not in IMAGE_FORMATS:
                    raise EvidenceRejected(N_("不支持此图片格式，请上传 JPEG、PNG 或 WebP 照片"))
                im.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise EvidenceRejected(N_("图片像素过多，请用手机相机的普通模式拍摄")) from None
        except UnidentifiedImageError:
            return None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise EvidenceRejected(N_("照片文件已损坏，请重新拍摄")) from None
    # verify() leaves the image unusable; decoding the whole picture catches truncated files.
    try:
        with _truncated_images_refused(), Image.open(io.BytesIO(data)) as im:
            im.draft("RGB", (limits.thumb_side, limits.thumb_side))
            im.load()
    except (OSError, SyntaxError, ValueError, EOFError):
        raise EvidenceRejected(N_("照片文件已损坏，请重新拍摄")) from None
    mime, ext = IMAGE_FORMATS[fmt]
    return Checked("photo", mime, ext, width, height)


def audio_type(data):
    """(mime, extension) for the audio containers phones record, else None."""
    head = data[:16]
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm", "webm"
    if head.startswith(b"OggS"):
        return "audio/ogg", "ogg"
    if head[4:8] == b"ftyp":
        return "audio/mp4", "m4a"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if head.startswith(b"#!AMR"):
        return "audio/amr", "amr"
    if head.startswith(b"ID3") or _mpeg_frame(head):
        return "audio/mpeg", "mp3"
    return None


def _mpeg_frame(head):
    """An MPEG audio frame header: 11 sync bits, a valid version, layer and bitrate."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer, bitrate = (head[1] >> 3) & 3, (head[1] >> 1) & 3, head[2] >> 4
    return version != 1 and layer != 0 and bitrate not in (0, 15)


def store(root, folder, data, checked, limits=Limits()):
    """Write the original (and for photos the stripped copy and preview) under root/folder."""
    stem = uuid.uuid4().hex
    rel = lambda suffix: f"{folder}/{stem}{suffix}"  # noqa: E731
    stored_name = rel(f".{checked.ext}")
    _write(root, stored_name, data)
    public_name, thumb_name, had_location = stored_name, "", False
    if checked.kind == "photo":
        try:
            public, thumb, had_location = _stripped_copies(data, limits)
            public_name, thumb_name = rel(".public.jpg"), rel(".thumb.jpg")
            _write(root, public_name, public)
            _write(root, thumb_name, thumb)
        except Exception:
            remove(root, [stored_name, rel(".public.jpg"), rel(".thumb.jpg")])
            raise
    return Stored(stored_name, public_name, thumb_name, sha256_of(data), len(data), had_location)


def _stripped_copies(data, limits):
    """JPEG copies with the orientation applied and no EXIF at all (no GPS, no phone model)."""
    with Image.open(io.BytesIO(data)) as im:
        had_location = bool(im.getexif().get_ifd(GPS_IFD))
        im.draft("RGB", (limits.public_side, limits.public_side))
        picture = ImageOps.exif_transpose(im).convert("RGB")
    picture.thumbnail((limits.public_side, limits.public_side))
    public = _jpeg(picture, 85)
    picture.thumbnail((limits.thumb_side, limits.thumb_side))
    return public, _jpeg(picture, 75), had_location


def _jpeg(picture, quality):
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def path_of(root, name):
    """Absolute path of a stored name, refusing anything that would leave the upload folder."""
    path = os.path.realpath(os.path.join(root, name))
    if not path.startswith(os.path.realpath(root) + os.sep):
        raise ValueError(f"evidence path outside the upload folder: {name!r}")
    return path


def _write(root, name, data):
    """Write atomically (temp file, fsync, rename): a crash never leaves half a photo."""
    path = path_of(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.part"
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def remove(root, names):
    for name in names:
        if name:
            try:
                os.remove(path_of(root, name))
            except FileNotFoundError:
                pass


def served_copy(row, variant, original_allowed):
    """(stored name, mimetype) of what a viewer receives of an evidence file (a finding's or a
    rectification report's): the preview, the file as received (admins), or the copy without EXIF."""
    if variant == "thumb" and row.thumb_name:
        return row.thumb_name, "image/jpeg"
    if original_allowed:
        return row.stored_name, row.mime
    return row.public_name, "image/jpeg" if row.kind == "photo" else row.mime
