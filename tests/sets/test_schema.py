"""The committed JSON Schema is the one the code validates with, and a valid 2020-12 schema."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from quizapp.sets.schema import SET_SCHEMA, schema_json, schema_problems

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "question-set.schema.json"


def test_the_committed_schema_is_generated_from_the_code():
    """Regenerate with: python -m quizapp.sets.schema > docs/question-set.schema.json"""
    assert COMMITTED.read_text(encoding="utf-8") == schema_json()
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == SET_SCHEMA


def test_it_is_a_valid_draft_2020_12_schema():
    """Any JSON Schema tool can check a set file with it."""
    Draft202012Validator.check_schema(SET_SCHEMA)
    assert SET_SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_an_independent_validator_agrees_on_a_good_and_a_bad_set(ce_item):
    """The plain jsonschema validator finds the same set valid, and the same one invalid."""
    good = {"format": "quizapp-set/1", "title": "T", "items": [ce_item]}
    validator = Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))
    assert not list(validator.iter_errors(good)) and schema_problems(good) == []
    bad = {**good, "items": [{**ce_item, "answer": 3}]}
    assert list(validator.iter_errors(bad)) and schema_problems(bad)
