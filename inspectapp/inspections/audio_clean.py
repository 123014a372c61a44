"""Copies of audio evidence without tags, comments, names or locations (for everyone but admins).

Each container is rebuilt from what an allow-list says is sound; everything else is dropped or,
where byte offsets must stay valid, overwritten with padding of the same size:

- MP3: only MPEG audio frames survive (ID3v1/v2, APE, Lyrics3 and junk between frames go);
- WAV: only the `fmt `, `fact` and `data` chunks (LIST/INFO, id3, bext, iXML … go);
- AMR: the magic line and whole speech frames;
- Ogg Opus/Vorbis: the first logical stream only, its comment header replaced by an empty one,
  pages renumbered and their checksums recomputed;
- MP4/M4A/3GP: boxes outside the structural allow-list (udta with ©xyz locations, meta/ilst
  tags, uuid/XMP …) become `free` boxes of the same size, zero-filled, and the creation times
  in mvhd/tkhd/mdhd are zeroed; chunk offsets stay valid because nothing moves;
- WebM/Matroska: Tags, Attachments, Chapters, titles, track names, the writing and muxing
  application and the date become EBML Void elements of the same size, zero-filled.

`clean(kind_ext, data)` returns the bytes or raises AudioDamaged (the upload is refused).
"""
import struct


class AudioDamaged(ValueError):
    """The recording does not parse as the container its first bytes claim."""


def clean(ext, data):
    cleaner = CLEANERS.get(ext)
    if cleaner is None:
        raise AudioDamaged(f"no cleaner for {ext}")
    try:
        out = cleaner(data)
    except (IndexError, struct.error, KeyError) as exc:
        raise AudioDamaged(str(exc)) from None
    if not out:
        raise AudioDamaged("no audio data")
    return out


# ---------------------------------------------------------------- MP3

_BITRATES = {  # (MPEG-1?, layer bits: 3 = layer I, 2 = II, 1 = III) -> kbit/s by index
    (1, 3): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (1, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (1, 1): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (0, 3): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (0, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (0, 1): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mpeg_frame_length(head):
    """Length in bytes of the MPEG audio frame starting with these 4 bytes, or 0 if it is none."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return 0
    version, layer_bits = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate_index, rate_index, padding = head[2] >> 4, (head[2] >> 2) & 3, (head[2] >> 1) & 1
    if version == 1 or layer_bits == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return 0
    layer = 4 - layer_bits
    bitrate = _BITRATES[(1 if version == 3 else 0, layer_bits)][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    per_frame = 144 if layer == 2 or version == 3 else 72
    return per_frame * bitrate // rate + padding


def _id3v2_end(data):
    if data[:3] != b"ID3" or len(data) < 10:
        return 0
    size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
    return 10 + size + (10 if data[5] & 0x10 else 0)


def _mp3(data):
    out, i, n = bytearray(), _id3v2_end(data), len(data)
    while i + 4 <= n:
        length = mpeg_frame_length(data[i:i + 4])
        if length and i + length <= n and (i + length == n or mpeg_frame_length(data[i + length:i + length + 4])
                                            or _tail_is_tag(data[i + length:])):
            out += data[i:i + length]
            i += length
        else:
            i += 1  # tag or junk: resynchronise on the next frame
    return bytes(out)


def _tail_is_tag(rest):
    return rest[:3] in (b"TAG", b"APE", b"LYR", b"ID3") or not rest.strip(b"\x00")


# ---------------------------------------------------------------- WAV

WAV_KEEP = (b"fmt ", b"fact", b"data")


def _wav(data):
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioDamaged("not RIFF/WAVE")
    chunks, i = [], 12
    while i + 8 <= len(data):
        cid, size = data[i:i + 4], struct.unpack("<I", data[i + 4:i + 8])[0]
        body = data[i + 8:i + 8 + size]
        if cid in WAV_KEEP:
            chunks.append(cid + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b""))
        i += 8 + size + (size % 2)
    if not any(c[:4] == b"data" for c in chunks) or not any(c[:4] == b"fmt " for c in chunks):
        raise AudioDamaged("WAV without fmt/data")
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# ---------------------------------------------------------------- AMR

_AMR_NB = (12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0)
_AMR_WB = (17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0)


def _amr(data):
    magic, sizes = (b"#!AMR-WB\n", _AMR_WB) if data.startswith(b"#!AMR-WB\n") else (b"#!AMR\n", _AMR_NB)
    if not data.startswith(magic):
        raise AudioDamaged("not AMR")
    out, i = bytearray(magic), len(magic)
    while i < len(data):
        size = sizes[(data[i] >> 3) & 0x0F] + 1
        if (data[i] & 0x83) or i + size > len(data):
            break  # not a frame header: whatever follows is not speech
        out += data[i:i + size]
        i += size
    return bytes(out)


# ---------------------------------------------------------------- Ogg

def _crc_table():
    table = []
    for byte in range(256):
        r = byte << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else (r << 1)
        table.append(r & 0xFFFFFFFF)
    return table


_OGG_CRC = _crc_table()


def ogg_crc(page):
    crc = 0
    for byte in page:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _OGG_CRC[((crc >> 24) & 0xFF) ^ byte]
    return crc


def _ogg_pages(data):
    i = 0
    while i < len(data):
        if data[i:i + 4] != b"OggS":
            raise AudioDamaged("broken Ogg page")
        segments = data[i + 26]
        lacing = data[i + 27:i + 27 + segments]
        end = i + 27 + segments + sum(lacing)
        if end > len(data):
            raise AudioDamaged("truncated Ogg page")
        page = data[i:end]
        check = bytearray(page)
        check[22:26] = b"\x00\x00\x00\x00"
        if ogg_crc(check) != struct.unpack("<I", page[22:26])[0]:
            raise AudioDamaged("Ogg checksum mismatch")
        yield {"type": page[5], "granule": page[6:14], "serial": page[14:18], "lacing": lacing,
               "body": page[27 + segments:]}
        i = end


def _ogg_page(header_type, granule, serial, seq, packets_lacing, body):
    if len(packets_lacing) > 255:
        raise AudioDamaged("Ogg header packets too large")
    head = (b"OggS\x00" + bytes([header_type]) + granule + serial + struct.pack("<I", seq) + b"\x00\x00\x00\x00"
            + bytes([len(packets_lacing)]) + bytes(packets_lacing))
    page = bytearray(head + body)
    page[22:26] = struct.pack("<I", ogg_crc(page))
    return bytes(page)


def _lace(packet):
    return [255] * (len(packet) // 255) + [len(packet) % 255]


def _split_packets(pages, count):
    """The first `count` packets of the stream and the index of the page after them."""
    packets, current = [], b""
    for index, page in enumerate(pages):
        offset = 0
        for value in page["lacing"]:
            current += page["body"][offset:offset + value]
            offset += value
            if value < 255:
                packets.append(current)
                current = b""
        if len(packets) >= count:
            if len(packets) > count or current:
                raise AudioDamaged("audio data on a header page")
            return packets, index + 1
    raise AudioDamaged("Ogg headers incomplete")


EMPTY_VENDOR = b"inspectapp"


def _ogg(data):
    pages = list(_ogg_pages(data))
    serial = pages[0]["serial"]
    pages = [p for p in pages if p["serial"] == serial]  # other logical streams (skeleton, video) go
    first = pages[0]["body"]
    if first.startswith(b"OpusHead"):
        count, empty = 2, b"OpusTags" + struct.pack("<I", len(EMPTY_VENDOR)) + EMPTY_VENDOR + b"\x00" * 4
    elif first.startswith(b"\x01vorbis"):
        count = 3
        empty = b"\x03vorbis" + struct.pack("<I", len(EMPTY_VENDOR)) + EMPTY_VENDOR + b"\x00" * 4 + b"\x01"
    else:
        raise AudioDamaged("Ogg stream is neither Opus nor Vorbis")
    headers, audio_from = _split_packets(pages, count)
    headers[1] = empty
    zero = b"\x00" * 8
    out = [_ogg_page(0x02, zero, serial, 0, _lace(headers[0]), headers[0])]
    rest = headers[1:]
    out.append(_ogg_page(0x00, zero, serial, 1, sum((_lace(p) for p in rest), []), b"".join(rest)))
    for seq, page in enumerate(pages[audio_from:], start=2):
        out.append(_ogg_page(page["type"] & 0x05, page["granule"], serial, seq, page["lacing"], page["body"]))
    return b"".join(out)


# ---------------------------------------------------------------- MP4 / M4A / 3GP

#: Containers walked into, and the children each may keep; anything else becomes `free`.
MP4_KEEP = {
    None: {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"moof", b"mfra", b"sidx", b"styp"},
    b"moov": {b"mvhd", b"trak", b"mvex", b"iods"},
    b"trak": {b"tkhd", b"mdia", b"edts", b"tref"},
    b"mdia": {b"mdhd", b"hdlr", b"minf"},
    b"minf": {b"smhd", b"vmhd", b"dinf", b"stbl", b"nmhd", b"sthd"},
}
#: Boxes whose creation and modification times are zeroed.
MP4_TIMES = {b"mvhd", b"tkhd", b"mdhd"}


def _mp4_boxes(data, start, end):
    i = start
    while i + 8 <= end:
        size, kind = struct.unpack(">I4s", data[i:i + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[i + 8:i + 16])[0], 16
        elif size == 0:
            size = end - i
        if size < header or i + size > end:
            raise AudioDamaged("broken MP4 box")
        yield i, size, header, kind
        i += size
    if i != end:
        raise AudioDamaged("trailing bytes in MP4 box")


def _mp4_walk(buf, start, end, parent):
    keep = MP4_KEEP[parent]
    for i, size, header, kind in _mp4_boxes(buf, start, end):
        if kind not in keep:
            buf[i + 4:i + 8] = b"free"
            buf[i + header:i + size] = bytes(size - header)
        elif kind in MP4_TIMES:
            width = 8 if buf[i + header] == 1 else 4  # version 1: 64-bit times
            buf[i + header + 4:i + header + 4 + 2 * width] = bytes(2 * width)
        elif kind in MP4_KEEP:
            _mp4_walk(buf, i + header, i + size, kind)


def _mp4(data):
    kinds = [kind for _i, _size, _header, kind in _mp4_boxes(data, 0, len(data))]
    if kinds[:1] != [b"ftyp"] or b"moov" not in kinds:
        raise AudioDamaged("MP4 without ftyp/moov")
    buf = bytearray(data)
    _mp4_walk(buf, 0, len(buf), None)
    return bytes(buf)


# ---------------------------------------------------------------- WebM / Matroska

EBML_VOID = 0xEC
SEGMENT = 0x18538067
CLUSTER = 0x1F43B675
#: Level-1 elements of a Segment (where an unknown-size Cluster ends).
LEVEL1 = {0x114D9B74, 0x1549A966, 0x1654AE6B, 0x1C53BB6B, CLUSTER, 0x1254C367, 0x1941A469, 0x1043A770}
#: Removed wherever they are met in the walked part of the tree.
EBML_DROP = {0x1254C367, 0x1941A469, 0x1043A770,  # Tags, Attachments, Chapters
             # Title, MuxingApp, WritingApp, DateUTC, Name, SegmentFilename
             0x7BA9, 0x4D80, 0x5741, 0x4461, 0x536E, 0x7384}
#: Masters walked into: Segment, Info, Tracks, TrackEntry.
EBML_WALK = {SEGMENT, 0x1549A966, 0x1654AE6B, 0xAE}


def _vint(data, i, keep_marker):
    first = data[i]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        raise AudioDamaged("bad EBML length")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[i + 1:i + length]:
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, length, unknown


def _ebml_element(data, i):
    element_id, id_len, _ = _vint(data, i, True)
    size, size_len, unknown = _vint(data, i + id_len, False)
    return element_id, i + id_len + size_len, None if unknown else size


def _void(buf, start, end):
    total = end - start
    if total < 2:
        raise AudioDamaged("element too small to blank")
    if total >= 9:
        buf[start:start + 9] = bytes([EBML_VOID, 0x01]) + (total - 9).to_bytes(7, "big")
    else:
        buf[start:start + 2] = bytes([EBML_VOID, 0x80 | (total - 2)])
    body = start + (9 if total >= 9 else 2)
    buf[body:end] = bytes(end - body)


def _skip_unknown_cluster(data, i, end):
    while i < end:
        element_id, body, size = _ebml_element(data, i)
        if element_id in LEVEL1 or size is None:
            return i
        i = body + size
    return end


def _ebml_walk(buf, start, end):
    i = start
    while i < end:
        element_id, body, size = _ebml_element(buf, i)
        stop = end if size is None else body + size
        if size is None and element_id == CLUSTER:
            i = _skip_unknown_cluster(buf, body, end)
            continue
        if stop > end:
            raise AudioDamaged("truncated EBML element")
        if element_id in EBML_DROP:
            _void(buf, i, stop)
        elif element_id in EBML_WALK:
            _ebml_walk(buf, body, stop)
        i = stop


def _webm(data):
    buf = bytearray(data)
    element_id, body, size = _ebml_element(buf, 0)
    if element_id != 0x1A45DFA3:
        raise AudioDamaged("not EBML")
    _ebml_walk(buf, body + size, len(buf))
    return bytes(buf)


CLEANERS = {"mp3": _mp3, "wav": _wav, "amr": _amr, "ogg": _ogg, "m4a": _mp4, "webm": _webm}
