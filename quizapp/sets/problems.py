"""What goes wrong with a set, said with its place, so a form or the CLI can point at it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a set: where (``items[3].answer``), what, and the YAML line if known.

    ``path`` is empty for the file as a whole; ``line`` counts from 1.
    """

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        place = self.path or "file"
        if self.line is not None:
            place += f" (line {self.line})"
        return f"{place}: {self.message}"

    def at_line(self, line: int | None) -> Problem:
        """The same problem, placed on ``line``."""
        return replace(self, line=line)


#: Problems a SetFileError's message lists; ``problems`` always holds them all.
MAX_SHOWN = 50


class SetFileError(ValueError):
    """A set file was refused as a whole; ``problems`` lists every reason with its place."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        heading = "1 problem" if count == 1 else f"{count} problems"
        shown = [f"  {p}" for p in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            shown.append(f"  … and {count - MAX_SHOWN} more")
        super().__init__(f"{heading} in the set:\n" + "\n".join(shown))


class ItemError(ValueError):
    """An item could not be turned into a question for one seed (a draw gave no finite answer).

    ``item_id`` and ``seed`` say which instance, ``values`` the numbers it drew;
    ``not_finite`` marks a division by zero, ln 0 or overflow (a bad draw, not a bad item).
    """

    def __init__(
        self,
        item_id: str,
        seed: int,
        message: str,
        values: dict[str, object] | None = None,
        *,
        not_finite: bool = False,
    ) -> None:
        self.item_id, self.seed, self.values = item_id, seed, dict(values or {})
        self.reason, self.not_finite = message, not_finite
        where = f"item {item_id!r}, seed {seed}"
        super().__init__(
            f"{where} ({self.drawn}): {message}" if self.drawn else f"{where}: {message}"
        )

    @property
    def drawn(self) -> str:
        """The numbers drawn, as "q = 0.5, c = 2"."""
        return ", ".join(f"{k} = {_shown(v)}" for k, v in self.values.items())

    def describe(self) -> str:
        """What went wrong with this draw, without repeating the item: "q = 0.5: …"."""
        return f"{self.drawn}: {self.reason}" if self.drawn else self.reason


def _shown(value: object) -> str:
    """A drawn value, short: numbers to 6 figures, vectors in brackets."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(value)


def join_path(base: str, *parts: str | int) -> str:
    """``join_path("items[3]", "mistakes", 0, "answer")`` → ``items[3].mistakes[0].answer``."""
    path = base
    for part in parts:
        if part == "":
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


_ITEM = re.compile(r"items\[(\d+)\]")


def items_with_problems(problems: Iterable[Problem]) -> set[int]:
    """The indexes of the items that problems lie in (one pass, however many problems)."""
    return {int(m.group(1)) for p in problems if (m := _ITEM.match(p.path))}
