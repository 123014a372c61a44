"""Evidence files: checked by content, stored under <instance>/uploads, never under static/.

This is the one upload checker (inspection evidence; rectification report evidence reuses it):
`check_upload(data, limits)` identifies and validates a file, `store(root, folder, data, checked)`
writes it. What a non-admin ever receives is a copy without metadata:

- a photo is kept exactly as received (its SHA-256 is the evidence fingerprint; admins only, it
  may carry the phone's EXIF location) plus two re-encoded JPEG copies without EXIF, XMP, ICC
  or text chunks — the copy everyone else sees (longest side ≤ 2000 px) and a small preview;
- an audio note is kept as received plus a copy rebuilt without tags (audio_clean.py).

Memory per upload is bounded: the decoded size of a picture is computed from its header (JPEG
decodes at a reduced scale) and refused above `max_decode_bytes` before any pixel is decoded;
the picture is decoded once and shrunk at once. Completeness is checked on the bytes
themselves, so a truncated photo is refused whatever Pillow's process-wide
LOAD_TRUNCATED_IMAGES says (importing WeasyPrint sets it).
"""
import errno
import hashlib
import io
import os
import struct
import uuid
import warnings
import zlib
from dataclasses import dataclass
from dataclasses import field

from PIL import Image
from PIL import UnidentifiedImageError

from inspectapp.common.errors import DomainError
from inspectapp.i18n import N_
from inspectapp.inspections import audio_clean

MB = 1024 * 1024
GPS_IFD = 0x8825
IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "MPO": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
                 "WEBP": ("image/webp", "webp")}
TOO_MANY_PIXELS = N_("图片像素过多，请用手机相机的普通模式拍摄")
DAMAGED = N_("照片文件已损坏或不完整，请重新拍摄后上传")


class EvidenceRejected(DomainError):
    """The upload is not an acceptable photo or audio file; the message says why."""


class StorageFull(DomainError):
    """The upload folder's disk is full: nothing was kept, the phone keeps the file and retries."""


STORAGE_FULL = N_("服务器存储空间已满，文件未能保存：文件仍保存在您的手机上，稍后会自动重试；请通知管理员清理空间")


@dataclass(frozen=True)
class Limits:
    max_image_bytes: int = 20 * MB
    max_audio_bytes: int = 25 * MB
    #: Decompression-bomb guard: refuse images with more pixels before decoding them.
    max_pixels: int = 60_000_000
    #: Most memory one decoded picture may take (after JPEG's reduced-scale decoding).
    max_decode_bytes: int = 64 * MB
    public_side: int = 2000
    thumb_side: int = 360


@dataclass(frozen=True)
class Checked:
    kind: str  # "photo" or "audio"
    mime: str
    ext: str
    width: int | None = None
    height: int | None = None
    #: What store() writes for non-admins: a shrunk PIL image (photo) or cleaned bytes (audio).
    public: object = field(default=None, compare=False, repr=False)
    had_location: bool = False


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
    """Identify a photo (Pillow) or an audio note (magic bytes), enforcing size, pixel and memory caps."""
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
        try:
            public = audio_clean.clean(audio[1], data)
        except audio_clean.AudioDamaged:
            raise EvidenceRejected(N_("录音文件已损坏或格式不受支持，请重新录音")) from None
        return Checked("audio", *audio, public=public)
    raise EvidenceRejected(N_("文件不是可识别的照片（JPEG、PNG、WebP）或录音"))


def _identify_image(data, limits):
    """Checked for a valid image, None if it is not an image at all; raises for bombs and damage."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as im:
                return _decode(im, data, limits)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise EvidenceRejected(TOO_MANY_PIXELS) from None
        except UnidentifiedImageError:
            return None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error):
            raise EvidenceRejected(DAMAGED) from None


def _decode(im, data, limits):
    fmt, (width, height) = im.format, im.size
    if width * height > limits.max_pixels:
        raise EvidenceRejected(TOO_MANY_PIXELS)
    if fmt not in IMAGE_FORMATS:
        raise EvidenceRejected(N_("不支持此图片格式，请上传 JPEG、PNG 或 WebP 照片"))
    if not COMPLETE[fmt](data):
        raise EvidenceRejected(DAMAGED)
    scale = limits.public_side / max(width, height)
    if fmt in ("JPEG", "MPO") and scale < 1:
        im.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))  # DCT-scaled decoding
    if _decode_cost(im, fmt) > limits.max_decode_bytes:
        raise EvidenceRejected(TOO_MANY_PIXELS)
    im.load()
    exif = im.getexif()
    had_location, orientation = bool(exif.get_ifd(GPS_IFD)), exif.get(ORIENTATION)
    picture = im if im.mode == "RGB" else im.convert("RGB")  # before shrinking: no premultiplied-alpha copy
    picture.thumbnail((limits.public_side, limits.public_side))
    if orientation in TRANSPOSE:
        picture = picture.transpose(TRANSPOSE[orientation])
    mime, ext = IMAGE_FORMATS[fmt]
    return Checked("photo", mime, ext, width, height, public=picture.copy(), had_location=had_location)


ORIENTATION = 0x0112
TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
             5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
             8: Image.Transpose.ROTATE_90}


def _decode_cost(im, fmt):
    """Bytes the decoding and shrinking will hold at once, from the header alone: the decoded
    picture (4 bytes a pixel for every multi-band mode), its RGB copy when it is not RGB, and
    for WebP the decoder's own buffer, which Pillow copies into the image."""
    pixels = im.size[0] * im.size[1]
    cost = pixels * (1 if im.mode in ("1", "L", "P") else 4)
    if im.mode != "RGB":
        cost += pixels * 4
    if fmt == "WEBP":
        cost += pixels * 4
    return cost


# ---------------------------------------------------------------- completeness, on the bytes

def _jpeg_complete(data):
    """An EOI marker after the scans: a cut-off JPEG has none (trailing data after it is allowed)."""
    i, n = 2, len(data)
    while i + 2 <= n:
        if data[i] != 0xFF:
            return False
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker == 0xD9:
            return True
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        if i + 4 > n:
            return False
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not a stuffed byte or RSTn
            while i + 1 < n and not (data[i] == 0xFF and data[i + 1] not in (0x00, *range(0xD0, 0xD8))):
                i += 1
    return False


def _png_complete(data):
    """Every chunk whole and with a correct CRC, up to IEND."""
    i, n = 8, len(data)
    while i + 12 <= n:
        length, kind = struct.unpack(">I4s", data[i:i + 8])
        end = i + 12 + length
        if end > n or zlib.crc32(data[i + 4:end - 4]) & 0xFFFFFFFF != struct.unpack(">I", data[end - 4:end])[0]:
            return False
        if kind == b"IEND":
            return True
        i = end
    return False


def _webp_complete(data):
    """The RIFF container as long as it says, and every chunk inside it whole."""
    size = struct.unpack("<I", data[4:8])[0] + 8
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP" or len(data) < size:
        return False
    i = 12
    while i + 8 <= size:
        i += 8 + struct.unpack("<I", data[i + 4:i + 8])[0]
        i += i % 2
    return i == size


COMPLETE = {"JPEG": _jpeg_complete, "MPO": _jpeg_complete, "PNG": _png_complete, "WEBP": _webp_complete}


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
    """Write the original and the copy without metadata (for photos also a preview) under root/folder."""
    stem = uuid.uuid4().hex
    rel = lambda suffix: f"{folder}/{stem}{suffix}"  # noqa: E731
    stored_name = rel(f".{checked.ext}")
    written = [stored_name]
    try:
        _write(root, stored_name, data)
        if checked.kind == "photo":
            public, thumb = _public_copies(checked.public, limits)
            public_name, thumb_name = rel(".public.jpg"), rel(".thumb.jpg")
            written += [public_name, thumb_name]
            _write(root, public_name, public)
            _write(root, thumb_name, thumb)
        else:
            public_name, thumb_name = rel(f".public.{checked.ext}"), ""
            written.append(public_name)
            _write(root, public_name, checked.public)
    except OSError as exc:
        remove(root, written)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(STORAGE_FULL) from None
        raise
    except Exception:
        remove(root, written)
        raise
    return Stored(stored_name, public_name, thumb_name, sha256_of(data), len(data), checked.had_location)


def _public_copies(picture, limits):
    """JPEG copies with the orientation applied and no EXIF at all (no GPS, no phone model)."""
    public = _jpeg(picture, 85)
    small = picture.copy()
    small.thumbnail((limits.thumb_side, limits.thumb_side))
    return public, _jpeg(small, 75)


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
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        if os.path.exists(tmp):
            os.remove(tmp)  # a full disk leaves no half file behind
        raise
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
