"""The shipped sample set covers every item kind, loads, passes its tests and exports."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from quizapp.sets import check_set, dump_set, load_set, to_moodle_xml
from quizapp.sets.schema import KINDS

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "docs" / "examples" / "sample-set.yaml"


def test_the_sample_set_loads_and_covers_every_kind():
    """One file an instructor can start from, with at least one item of each kind."""
    data = load_set(SAMPLE.read_bytes(), "yaml")
    assert {item["kind"] for item in data["items"]} == set(KINDS)
    template_styles = {
        ("params" in i, "draw" in i) for i in data["items"] if i["kind"] == "template"
    }
    assert template_styles == {(True, False), (True, True), (False, False)}


def test_the_sample_set_passes_its_question_tests():
    """Every sample answer as expected and no failing finding: it could be published."""
    report = check_set(load_set(SAMPLE.read_text(encoding="utf-8"), "yaml"))
    failing = [
        (
            item.item_id,
            [t for t in item.tests if not t.passed],
            [f for f in item.findings if f.failing],
        )
        for item in report.items
        if not item.ok
    ]
    assert report.ok, failing
    assert sum(len(item.tests) for item in report.items) >= 20


def test_the_sample_set_round_trips_and_exports():
    """YAML → JSON → YAML gives the same set; Moodle XML parses."""
    data = load_set(SAMPLE.read_text(encoding="utf-8"), "yaml")
    again = load_set(dump_set(load_set(dump_set(data, "json"), "json"), "yaml"), "yaml")
    assert again == data
    root = ET.fromstring(to_moodle_xml(data, instances=2))
    assert len(root.findall("question")) > len(data["items"])


def test_the_sets_package_imports_neither_flask_nor_sqlalchemy():
    """quizapp.sets is pure, so the CLI, the web layer and tests can all use it alone."""
    for module in (ROOT / "quizapp" / "sets").glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("flask", "sqlalchemy", "quizapp.models")), module


def test_the_yaml_examples_in_the_format_guide_are_valid():
    """Every YAML block in docs/question-sets.md loads: a whole set, or items in a set."""
    guide = (ROOT / "docs" / "question-sets.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.DOTALL)
    assert len(blocks) >= 3
    for block in blocks:
        if block.startswith("format:"):
            text = block
        else:
            indented = "".join(
                "  " + line if line.strip() else line for line in block.splitlines(True)
            )
            text = "format: quizapp-set/1\ntitle: Guide\nitems:\n" + indented
        assert load_set(text, "yaml")["items"]
