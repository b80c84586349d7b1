"""Items of stored set versions as questions: what practice needs to regenerate one exactly.

Kept apart from the set services so ``services.practice`` can regenerate a set's question
without importing the rules of authoring and serving sets (which import it).
"""

from __future__ import annotations

from collections.abc import Iterable

from quizapp.engine.questions import Question
from quizapp.extensions import db
from quizapp.models.question_set import SetVersion
from quizapp.sets import item_question

#: Question.type_id of authored (non-template) items, and the dashboard's topic for them.
AUTHORED_TYPE = "authored"
SETS_TOPIC = "sets"
SETS_TOPIC_TITLE = "Instructors' sets"


class ItemGone(ValueError):
    """The set version or the item a stored question came from no longer exists."""


def stored_item_question(version_id: int, item_id: str | None, seed: int) -> Question:
    """The question of ``item_id`` in version ``version_id`` for ``seed``, exactly as served.

    Raises ``ItemGone`` when the version or item is gone and ``ItemError`` (a ValueError)
    when the draw has no finite answer.
    """
    version = db.session.get(SetVersion, version_id)
    item = version.item(item_id or "") if version is not None else None
    if item is None:
        raise ItemGone(f"item {item_id!r} of set version {version_id} no longer exists")
    return item_question(item, seed)


def item_titles(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """(version id, item id) → the item's title (or id), in one query for all of them."""
    wanted = set(keys)
    if not wanted:
        return {}
    versions = db.session.execute(
        db.select(SetVersion).where(SetVersion.id.in_({v for v, _ in wanted}))
    ).scalars()
    titles = {}
    for version in versions:
        for item in version.data.get("items", []):
            key = (version.id, item.get("id"))
            if key in wanted:
                titles[key] = item.get("title") or item.get("id")
    return titles
