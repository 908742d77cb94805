"""Render the app icon from ONE SVG into every platform format.

    python scripts/make_icons.py            # rewrite app.png, app.ico, app.icns
    python scripts/make_icons.py --check    # exit 1 if they are stale

``resources/icons/app.svg`` is the single source. Qt's SVG renderer (QtSvg, part of
PySide6-Essentials) draws it at each size; the containers are written here with
``struct`` (no Pillow):

* ``app.png``  512 x 512, for Linux desktop files and the README;
* ``app.ico``  PNG-in-ICO (Windows Vista+), 16 24 32 48 64 128 256;
* ``app.icns`` ICNS with PNG payloads, 16 ... 1024 (macOS 10.7+).

Every embedded PNG carries a ``Source-SHA256`` text chunk with the SHA-256 of
``app.svg``; ``tests/repo/test_packaging.py`` uses it to prove the icons are up to date.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import struct
import sys
import zlib
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "app.svg"
PNG_SIZE = 512
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# OSType -> pixel size. icp4/icp5/icp6 and ic07..ic10 hold PNG data; ic11..ic14 are @2x.
ICNS_TYPES = (
    ("icp4", 16),
    ("ic11", 32),
    ("icp5", 32),
    ("ic12", 64),
    ("icp6", 64),
    ("ic07", 128),
    ("ic13", 256),
    ("ic08", 256),
    ("ic14", 512),
    ("ic09", 512),
    ("ic10", 1024),
)
HASH_KEY = "Source-SHA256"


def svg_hash(svg: Path = SVG) -> str:
    return hashlib.sha256(svg.read_bytes()).hexdigest()


def _ensure_gui_app() -> None:
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        _ensure_gui_app.app = QGuiApplication([sys.argv[0]])  # type: ignore[attr-defined]


def render_png(size: int, svg: Path = SVG) -> bytes:
    """The SVG drawn at ``size`` x ``size`` as PNG bytes (with the source hash)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ensure_gui_app()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RuntimeError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    image.setText(HASH_KEY, svg_hash(svg))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + ICONDIRENTRY[n] + PNG payloads (width/height 0 means 256)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """'icns' + big-endian total length, then (OSType, length incl. header, PNG) blocks."""
    body = b""
    for ostype, size in ICNS_TYPES:
        data = pngs[size]
        body += ostype.encode("ascii") + struct.pack(">I", len(data) + 8) + data
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def build_all(svg: Path = SVG) -> dict[str, bytes]:
    sizes = {PNG_SIZE, *ICO_SIZES, *(size for _, size in ICNS_TYPES)}
    pngs = {size: render_png(size, svg) for size in sorted(sizes)}
    return {
        "app.png": pngs[PNG_SIZE],
        "app.ico": ico_bytes({size: pngs[size] for size in ICO_SIZES}),
        "app.icns": icns_bytes(pngs),
    }


# ---------------------------------------------------------------- reading back (tests)


def png_info(data: bytes) -> tuple[int, int, dict[str, str]]:
    """(width, height, tEXt chunks) of a PNG; raises ValueError if it is not one."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, width, height, texts = 8, 0, 0, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"tEXt":
            key, _, value = chunk.partition(b"\0")
            texts[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = chunk.partition(b"\0")
            texts[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = chunk.partition(b"\0")
            compressed, _method = rest[0], rest[1]
            _lang, _, rest = rest[2:].partition(b"\0")
            _tkey, _, text = rest.partition(b"\0")
            texts[key.decode("latin-1")] = (zlib.decompress(text) if compressed else text).decode(
                "utf-8"
            )
        elif kind == b"IEND":
            break
        pos += 12 + length
    return width, height, texts


def read_ico(data: bytes) -> dict[int, bytes]:
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    if reserved != 0 or kind != 1:
        raise ValueError("not an ICO")
    out = {}
    for i in range(count):
        w, _h, _c, _r, _planes, _bpp, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        out[w or 256] = data[offset : offset + size]
    return out


def read_icns(data: bytes) -> dict[str, bytes]:
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise ValueError("not an ICNS")
    out, pos = {}, 8
    while pos < len(data):
        ostype = data[pos : pos + 4].decode("ascii")
        (length,) = struct.unpack(">I", data[pos + 4 : pos + 8])
        out[ostype] = data[pos + 8 : pos + length]
        pos += length
    return out


def stale(folder: Path = ICONS) -> list[str]:
    """Generated files that are missing or were not rendered from the current app.svg."""
    want = svg_hash(folder / "app.svg")
    bad = []
    for name in ("app.png", "app.ico", "app.icns"):
        path = folder / name
        try:
            data = path.read_bytes()
            if name == "app.png":
                pngs = [data]
            elif name == "app.ico":
                pngs = list(read_ico(data).values())
            else:
                pngs = list(read_icns(data).values())
            if any(png_info(p)[2].get(HASH_KEY) != want for p in pngs):
                bad.append(name)
        except (OSError, ValueError, struct.error):
            bad.append(name)
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale()
        for name in bad:
            print(f"stale: resources/icons/{name} (run scripts/make_icons.py)")
        return 1 if bad else 0
    for name, data in build_all().items():
        (ICONS / name).write_bytes(data)
        print(f"wrote resources/icons/{name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
