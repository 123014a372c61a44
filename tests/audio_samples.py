"""Small but structurally real recordings in every accepted audio container, each carrying the
metadata a phone or a recorder app writes: the inspector's name, a comment, a location. Tags
are written by mutagen (a library the project did not write) where it supports the format."""
import io
import struct
import wave

from mutagen.id3 import COMM
from mutagen.id3 import ID3
from mutagen.id3 import TPE1
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

NAME = "暗访员张秘访"
LOCATION = "+31.2304+121.4737/"
SECRETS = (NAME, "Zhang Mifang", LOCATION, "检查组长手机")


def leaks(data):
    """The secrets found in `data` in any common text encoding."""
    found = []
    for text in SECRETS:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "gb18030"):
            if text.encode(encoding) in data:
                found.append(f"{text} ({encoding})")
    return found


def _via_file(tmp_path, name, data, tag):
    path = tmp_path / name
    path.write_bytes(data)
    tag(path)
    return path.read_bytes()


# ---------------------------------------------------------------- MP3

MP3_FRAME = bytes.fromhex("fffb9064") + bytes(413)  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417 bytes


def mp3(tmp_path):
    def tag(path):
        tags = ID3()
        tags.add(TPE1(encoding=1, text=[NAME]))
        tags.add(COMM(encoding=3, lang="chi", desc="location", text=[LOCATION + " 检查组长手机"]))
        tags.save(path)

    data = _via_file(tmp_path, "note.mp3", MP3_FRAME * 20, tag)
    return data + b"TAG" + b"Zhang Mifang".ljust(30, b"\x00") + bytes(95)  # and an ID3v1 tag


# ---------------------------------------------------------------- WAV

def wav(_tmp_path=None):
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(bytes(range(256)) * 32)
    data = out.getvalue()
    info = b"INFO" + _chunk(b"IART", NAME.encode() + b"\x00") + _chunk(b"ICMT", LOCATION.encode() + b"\x00")
    data = data + _chunk(b"LIST", info)
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:]


def _chunk(kind, body):
    return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")


# ---------------------------------------------------------------- AMR

def amr(_tmp_path=None):
    frame = bytes([0x3C]) + bytes(range(31))  # 12.2 kbit/s speech frame
    return b"#!AMR\n" + frame * 25 + "COMMENT 暗访员张秘访".encode()


# ---------------------------------------------------------------- Ogg (pages written by mutagen)

def _ogg_stream(packets_per_page):
    from inspectapp.inspections.audio_clean import _lace
    from inspectapp.inspections.audio_clean import _ogg_page

    pages, serial, granule = [], b"\x11\x22\x33\x44", 0
    for seq, packets in enumerate(packets_per_page):
        if seq >= 2:
            granule += 960
        lacing = sum((_lace(p) for p in packets), [])
        pages.append(_ogg_page(0x02 if seq == 0 else (0x04 if seq == len(packets_per_page) - 1 else 0),
                               struct.pack("<q", granule), serial, seq, lacing, b"".join(packets)))
    return b"".join(pages)


AUDIO_PACKETS = [bytes([0x78]) + bytes(range(40)), bytes([0x78]) + bytes(range(60))]


def opus(tmp_path):
    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 6) + b"Lavf60" + struct.pack("<I", 0)
    raw = _ogg_stream([[head], [tags], [AUDIO_PACKETS[0]], [AUDIO_PACKETS[1]]])

    def tag(path):
        f = OggOpus(path)
        f["artist"], f["location"], f["comment"] = NAME, LOCATION, "检查组长手机"
        f.save()

    return _via_file(tmp_path, "note.opus", raw, tag)


def vorbis(tmp_path):
    ident = b"\x01vorbis" + struct.pack("<IBIiiiBB", 0, 1, 44100, 0, 128000, 0, 0xB8, 1)
    comment = b"\x03vorbis" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0) + b"\x01"
    setup = b"\x05vorbis" + bytes(range(200))
    raw = _ogg_stream([[ident], [comment, setup], [AUDIO_PACKETS[0]], [AUDIO_PACKETS[1]]])

    def tag(path):
        f = OggVorbis(path)
        f["artist"], f["comment"] = NAME, LOCATION
        f.save()

    return _via_file(tmp_path, "note.ogg", raw, tag)


# ---------------------------------------------------------------- MP4 / M4A

def _box(kind, *parts):
    body = b"".join(parts)
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full(kind, version, body):
    return _box(kind, bytes([version, 0, 0, 0]), body)


MDAT_PAYLOAD = bytes(range(256)) * 4


def m4a(tmp_path):
    created = 3_800_000_000  # a creation time in 2024 (seconds since 1904)
    mvhd = _full(b"mvhd", 0, struct.pack(">IIII", created, created, 1000, 1000) + bytes(80))
    tkhd = _full(b"tkhd", 0, struct.pack(">IIII", created, created, 1, 0) + struct.pack(">I", 1000) + bytes(60))
    mdhd = _full(b"mdhd", 0, struct.pack(">IIII", created, created, 44100, 44100) + b"\x55\xc4\x00\x00")
    hdlr = _full(b"hdlr", 0, b"\x00" * 4 + b"soun" + bytes(12) + b"SoundHandler\x00")
    esds = _full(b"esds", 0, bytes.fromhex("03190000000411400000000000000000000000051210" "060102"))
    mp4a = _box(b"mp4a", bytes(6), struct.pack(">H", 1), bytes(8), struct.pack(">HHHHI", 1, 16, 0, 0, 44100 << 16),
                esds)
    stsd = _full(b"stsd", 0, struct.pack(">I", 1) + mp4a)
    stts = _full(b"stts", 0, struct.pack(">III", 1, 1, 1024))
    stsc = _full(b"stsc", 0, struct.pack(">IIII", 1, 1, 1, 1))
    stsz = _full(b"stsz", 0, struct.pack(">III", 0, 1, len(MDAT_PAYLOAD)))
    dinf = _box(b"dinf", _full(b"dref", 0, struct.pack(">I", 1) + _full(b"url ", 0, b"")[:8] + b"\x00\x00\x00\x01"))
    location = _box(b"udta", _box("©xyz".encode("latin-1"), struct.pack(">HH", len(LOCATION), 0x15c7),
                                   LOCATION.encode()))
    ftyp = _box(b"ftyp", b"M4A ", struct.pack(">I", 0), b"M4A mp42isom")

    def moov(chunk_offset):
        stco = _full(b"stco", 0, struct.pack(">II", 1, chunk_offset))
        stbl = _box(b"stbl", stsd, stts, stsc, stsz, stco)
        trak = _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, _box(b"minf", _full(b"smhd", 0, bytes(4)), dinf, stbl)))
        return _box(b"moov", mvhd, trak, location)

    size = len(ftyp) + len(moov(0))
    raw = ftyp + moov(size + 8) + _box(b"mdat", MDAT_PAYLOAD)

    def tag(path):
        f = MP4(path)
        f["\xa9ART"], f["\xa9cmt"] = [NAME], ["检查组长手机"]
        f.save()

    return _via_file(tmp_path, "note.m4a", raw, tag)


# ---------------------------------------------------------------- WebM (EBML written here)

def _ebml(element_id, body, unknown=False):
    ident = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    if unknown:
        return ident + b"\x01\xff\xff\xff\xff\xff\xff\xff" + body
    return ident + b"\x01" + len(body).to_bytes(7, "big") + body  # an 8-byte size


WEBM_BLOCK = bytes([0x81, 0x00, 0x00, 0x80]) + bytes(range(100))


def webm(_tmp_path=None):
    header = _ebml(0x1A45DFA3, _ebml(0x4282, b"webm") + _ebml(0x4287, b"\x04") + _ebml(0x4285, b"\x02"))
    info = _ebml(0x1549A966, _ebml(0x2AD7B1, b"\x0f\x42\x40") + _ebml(0x7BA9, (NAME + "的录音").encode())
                 + _ebml(0x4D80, b"Chrome") + _ebml(0x5741, "检查组长手机".encode()) + _ebml(0x4461, bytes(8)))
    track = _ebml(0xAE, _ebml(0xD7, b"\x01") + _ebml(0x83, b"\x02") + _ebml(0x86, b"A_OPUS")
                  + _ebml(0x536E, NAME.encode()))
    tags = _ebml(0x1254C367, _ebml(0x7373, _ebml(0x67C8, _ebml(0x45A3, b"LOCATION") + _ebml(0x4487,
                                                                                            LOCATION.encode()))))
    cluster = _ebml(0x1F43B675, _ebml(0xE7, b"\x00") + _ebml(0xA3, WEBM_BLOCK) + _ebml(0xA3, WEBM_BLOCK), unknown=True)
    segment = _ebml(0x18538067, info + _ebml(0x1654AE6B, track) + tags + cluster, unknown=True)
    return header + segment


ALL = {"mp3": mp3, "wav": wav, "amr": amr, "opus": opus, "vorbis": vorbis, "m4a": m4a, "webm": webm}
