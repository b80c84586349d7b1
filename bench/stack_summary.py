"""Read py-spy's raw (collapsed) stacks and say where a worker's time went.

A flame graph answers "where?" for one step; this answers it in a few lines a report can
quote: the share of samples whose innermost frame is in each library (self time by
layer), and the functions of our own code, SQLAlchemy, Jinja and the rest with the
largest share of samples anywhere on the stack (inclusive time).

    .venv/bin/python bench/stack_summary.py worker1.txt worker2.txt [--top 15]

``bench/load.py --py-spy DIR`` writes such files (one per worker and step) and prints this
summary per step. Stacks are recorded with ``--idle``: a worker waiting for the database
shows up in psycopg (PostgreSQL) or in SQLAlchemy's execute (SQLite's C code), one waiting
for a request in gunicorn.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

#: "function (path:line)" as py-spy writes each frame.
FRAME = re.compile(r"^(?P<function>.*) \((?P<path>[^()]*?)(?::\d+)?\)$")
#: Libraries named by the first of these path parts found in a frame's file.
LAYERS = (
    "quizapp",
    "templates",
    "sqlalchemy",
    "jinja2",
    "markupsafe",
    "werkzeug",
    "flask_login",
    "flask_wtf",
    "wtforms",
    "flask_sqlalchemy",
    "flask",
    "itsdangerous",
    "psycopg",
    "gunicorn",
    "numpy",
)


def layer_of(path: str) -> str:
    """The library a frame's file belongs to; "python" for the standard library."""
    parts = Path(path).parts
    for layer in LAYERS:
        if layer in parts or any(part.startswith(layer + ".") for part in parts):
            return layer
    if path.endswith(".html"):
        return "templates"
    return "python" if "site-packages" not in parts else "other libraries"


def read_stacks(path: Path) -> list[tuple[list[tuple[str, str]], int]]:
    """(frames outermost first as (function, file), samples) for each line of a raw file."""
    stacks = []
    for line in path.read_text().splitlines():
        body, _, count = line.rpartition(" ")
        if not body or not count.isdigit():
            continue
        frames = []
        for frame in body.split(";"):
            match = FRAME.match(frame)
            if match:
                frames.append((match["function"], match["path"]))
        stacks.append((frames, int(count)))
    return stacks


def summarise(paths: list[Path], title: str, top: int = 15) -> list[str]:
    """The report's lines for the stacks of ``paths`` together (e.g. one file per worker):
    samples, self time by layer, then the top inclusive functions."""
    stacks = [stack for path in paths for stack in read_stacks(path)]
    total = sum(count for _, count in stacks)
    if not total:
        return [f"{title}: no samples"]
    by_layer: Counter[str] = Counter()
    inclusive: Counter[tuple[str, str]] = Counter()
    for frames, count in stacks:
        if not frames:
            continue
        by_layer[layer_of(frames[-1][1])] += count
        for frame in set(frames):
            inclusive[frame] += count
    lines = [f"{title}: {total} samples; self time by layer:"]
    shares = [f"{layer} {count / total:.0%}" for layer, count in by_layer.most_common()]
    lines.append("    " + ", ".join(shares))
    lines.append("  inclusive share of the busiest functions:")
    shown = 0
    for (function, file), count in inclusive.most_common():
        if layer_of(file) == "gunicorn" or function in ("<module>", "run"):
            continue  # the worker's loop is on every stack
        short = "/".join(Path(file).parts[-2:])
        lines.append(f"    {count / total:6.1%}  {function} ({short})")
        shown += 1
        if shown == top:
            break
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    print("\n".join(summarise(args.files, ", ".join(p.name for p in args.files), args.top)))


if __name__ == "__main__":
    main()
