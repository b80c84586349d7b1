"""The question tests of a stored set version, kept with it so pages need not run them.

``check_item`` runs 100 draws (tens of milliseconds); a set page shows every item's
outcome, so each save stores the report of the items it changed, keyed by item id with a
fingerprint of the item it was made for. A stale or missing report is simply run again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from quizapp.sets import ItemReport, check_item, validate_set

#: Findings of the draws that say whether each mistake can be told apart from the answer.
DISTINGUISHING = {
    "mistake_indistinct",
    "mistake_gives_answer",
    "mistakes_overlap",
    "mistake_not_diagnosed",
    "mistake_not_finite",
}


def fingerprint(item: dict[str, Any]) -> str:
    """A digest of an item's content: equal items have equal reports."""
    text = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def report_record(report: ItemReport, item: dict[str, Any]) -> dict[str, Any]:
    """An item's report as plain JSON, with whether it passes and what it was made for."""
    record = asdict(report)
    record["ok"] = report.ok
    record["fingerprint"] = fingerprint(item)
    return record


def refreshed(data: dict[str, Any], checks: dict[str, Any] | None) -> dict[str, Any]:
    """Stored checks for ``data``: earlier reports of unchanged items kept, the rest run now."""
    before = (checks or {}).get("items", {})
    items: dict[str, Any] = {}
    for item in data.get("items", []):
        old = before.get(item["id"])
        if old is not None and old.get("fingerprint") == fingerprint(item):
            items[item["id"]] = old
        else:
            items[item["id"]] = report_record(check_item(item), item)
    problems = [{"path": p.path, "message": p.message} for p in validate_set(data)]
    return {"items": items, "problems": problems}


def item_report(checks: dict[str, Any] | None, item: dict[str, Any]) -> dict[str, Any]:
    """The stored report of ``item``, run afresh if it is missing or out of date."""
    stored = (checks or {}).get("items", {}).get(item["id"])
    if stored is not None and stored.get("fingerprint") == fingerprint(item):
        return stored
    return report_record(check_item(item), item)


def all_pass(data: dict[str, Any], checks: dict[str, Any] | None) -> bool:
    """Whether the stored checks say the set may be published (valid, every item passing)."""
    if not checks or checks.get("problems"):
        return False
    return all(item_report(checks, item)["ok"] for item in data.get("items", []))


def failing_count(record: dict[str, Any]) -> int:
    """How many things fail in one item's report: problems, sample answers, findings."""
    return (
        len(record["problems"])
        + sum(not t["passed"] for t in record["tests"])
        + sum(f["failing"] for f in record["findings"])
    )


def other_findings(item: dict[str, Any], record: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings :func:`distinguishability` does not already show by its mistake."""
    shown = {f"mistakes[{i}]" for i in range(len(item.get("mistakes", [])))}
    return [
        f for f in record["findings"] if not (f["field"] in shown and f["check"] in DISTINGUISHING)
    ]


def distinguishability(item: dict[str, Any], record: dict[str, Any]) -> list[dict[str, Any]]:
    """Per listed mistake: whether the draws tell it apart from the answer, and how often not.

    Each line is ``{"code", "field", "findings": [...], "clear": bool}``; ``clear`` means no
    draw of the ``record["draws"]`` checked found it within tolerance or misnamed.
    """
    lines = []
    for index, mistake in enumerate(item.get("mistakes", [])):
        field = f"mistakes[{index}]"
        found = [
            f for f in record["findings"] if f["field"] == field and f["check"] in DISTINGUISHING
        ]
        lines.append(
            {"code": mistake["code"], "field": field, "findings": found, "clear": not found}
        )
    return lines
