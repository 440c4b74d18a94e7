#!/usr/bin/env python3
"""Outside check for Cordon's QR encoder (Sources/CordonServer/Passes/QR).

For every NAME.svg in DIR with a sibling NAME.txt holding the expected text, rasterise the SVG
by reading the encoder's own path format (one <path d="..."> of "M{x},{y}h{n}v1h-{n}z" runs in
module units inside a viewBox), decode it with zxing-cpp, and compare the text exactly.

Usage: scripts/qr_decode_check.py DIR [--scale N]
Needs: pip install zxing-cpp pillow
Exit status is non-zero, naming each file, if any code fails to decode or decodes differently.
"""
import argparse
import pathlib
import re
import sys

import zxingcpp
from PIL import Image, ImageDraw

VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')
PATH = re.compile(r'<path d="([^"]*)"')
RUN = re.compile(r"M(\d+),(\d+)h(\d+)v1h-(\d+)z")
MARGIN = 4  # extra light modules, so a code rendered with quietZone 0 still has a quiet zone


def rasterise(svg: str, scale: int) -> Image.Image:
    box = VIEWBOX.search(svg)
    path = PATH.search(svg)
    if not box or not path:
        raise ValueError("no viewBox or <path d> in the expected format")
    width, height = int(box.group(1)), int(box.group(2))
    d = path.group(1)
    runs = list(RUN.finditer(d))
    if "".join(m.group(0) for m in runs) != d:
        raise ValueError("path data is not made only of M{x},{y}h{n}v1h-{n}z runs")
    image = Image.new("L", ((width + 2 * MARGIN) * scale, (height + 2 * MARGIN) * scale), 255)
    draw = ImageDraw.Draw(image)
    for m in runs:
        x, y, n, back = (int(g) for g in m.groups())
        if n != back or x + n > width or y + 1 > height:
            raise ValueError(f"run {m.group(0)} is malformed or outside the viewBox")
        left, top = (x + MARGIN) * scale, (y + MARGIN) * scale
        draw.rectangle([left, top, left + n * scale - 1, top + scale - 1], fill=0)
    return image


def decode_svg(svg: str, scale: int = 6) -> str | None:
    """The text zxing-cpp reads from one of our SVG codes, or None if it finds no code."""
    results = zxingcpp.read_barcodes(rasterise(svg, scale), formats=zxingcpp.BarcodeFormat.QRCode)
    return results[0].text if results else None


def check(svg_path: pathlib.Path, scale: int) -> str | None:
    """Returns a failure reason, or None when the code decodes to the expected text."""
    txt_path = svg_path.with_suffix(".txt")
    if not txt_path.exists():
        return "no sibling .txt with the expected text"
    expected = txt_path.read_text(encoding="utf-8")
    try:
        image = rasterise(svg_path.read_text(encoding="utf-8"), scale)
    except ValueError as error:
        return str(error)
    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    if not results:
        return "zxing-cpp found no QR code"
    if results[0].text != expected:
        got = results[0].text
        return f"decoded {len(got)} chars {got[:40]!r}..., expected {len(expected)} chars {expected[:40]!r}..."
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=pathlib.Path)
    parser.add_argument("--scale", type=int, default=6, choices=range(4, 9), metavar="4..8",
                        help="pixels per module (default 6)")
    args = parser.parse_args()

    svgs = sorted(args.directory.glob("*.svg"))
    if not svgs:
        print(f"no .svg files in {args.directory}", file=sys.stderr)
        return 2
    failures = [(p.name, reason) for p in svgs if (reason := check(p, args.scale)) is not None]
    for name, reason in failures:
        print(f"FAIL {name}: {reason}", file=sys.stderr)
    if failures:
        print(f"{len(svgs) - len(failures)} of {len(svgs)} QR codes decoded; {len(failures)} failed", file=sys.stderr)
        return 1
    print(f"{len(svgs)} QR codes decoded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
