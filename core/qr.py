"""QR codes drawn on the server as inline SVG (no image request, nothing from the internet)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg


def qr_svg(text: str, *, box_size: int = 8) -> str:
    """`text` as an SVG QR code (paths only, so it prints sharply at any size)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    return image.to_string(encoding="unicode")
