"""The maths font is ours to serve: an openly licensed file under static/, no CDN."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "static" / "css" / "app.css").read_text()


def test_the_font_face_points_at_a_file_we_ship_with_its_licence():
    faces = re.findall(r"@font-face\s*\{(.*?)\}", CSS, re.DOTALL)
    urls = [u for face in faces for u in re.findall(r'url\("?([^")]+)"?\)', face)]
    assert urls == ["../fonts/STIXMath-Regular.otf"]
    font = (ROOT / "static" / "css" / urls[0]).resolve()
    assert font.read_bytes()[:4] == b"OTTO"  # an OpenType (CFF) font, not a pointer file
    licence = (font.parent / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "STI Pub Companies" in licence
    assert "//" not in "".join(urls), "no font from another host"


def test_maths_use_the_font_at_the_size_of_the_text_around_them():
    rule = re.search(r"(?m)^math \{([^}]*)\}", CSS)
    assert rule, "a rule for every <math>"
    assert '"STIX Math", math' in rule.group(1)
    assert re.search(r"font-size:\s*1\.\d+em", rule.group(1))  # relative, so it follows the text


def test_the_app_serves_the_font_file(client):
    with client.get("/static/fonts/STIXMath-Regular.otf") as response:  # closes the file
        assert response.status_code == 200
        assert response.mimetype == "font/otf"
        assert response.data[:4] == b"OTTO"
