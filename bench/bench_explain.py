"""How long grading one "explain it" answer takes, against a trivial baseline.

Grades every answer of the labelled sets in tests/engine (plus each type's model
answer) at the difficulty it is labelled with, and prints the median time per
answer (best of a few runs, and once with the stem cache emptied), the 90th
percentile, and the ratio to ``str.lower`` over the same texts
measured in the same run, so noisy machines still give comparable numbers. The
budget is a median under 20 ms per answer.

    .venv/bin/python bench/bench_explain.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizapp.engine._sentences import stem  # noqa: E402
from quizapp.engine.grading import grade  # noqa: E402
from quizapp.engine.questions import generate, registry  # noqa: E402

SETS = (
    "explain_answers.yaml",
    "explain_answers_heldout.yaml",
    "explain_answers_blind.yaml",
    "explain_answers_blind2.yaml",
    "explain_answers_blind3.yaml",
    "explain_answers_blind4.yaml",
)
BUDGET_MS = 20.0


def cases() -> list[tuple[object, str]]:
    """(question, answer) pairs: the labelled answers and every model answer."""
    pairs = []
    for name in SETS:
        for item in yaml.safe_load((ROOT / "tests" / "engine" / name).read_text("utf-8")):
            question = generate(item["type"], 0, difficulty=item.get("level", 1))
            pairs.append((question, item["text"]))
    for type_id, qtype in registry().items():
        if qtype.kind == "explain":
            for level in (1, 2, 3):
                question = generate(type_id, 0, difficulty=level)
                pairs.append((question, question.model_answer))
    return pairs


def per_answer(func, pairs, repeats: int) -> list[float]:
    """Seconds per call of ``func(question, text)``, best of ``repeats`` for each pair."""
    times = []
    for question, text in pairs:
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            func(question, text)
            best = min(best, time.perf_counter() - start)
        times.append(best)
    return times


def cold(pairs) -> list[float]:
    """Seconds per answer with the stem cache emptied first: the worst case, new words."""
    times = []
    for question, text in pairs:
        stem.cache_clear()
        start = time.perf_counter()
        grade(question, text)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    pairs = cases()
    grade(*pairs[0])  # warm the stemmer's cache and the regexes, as a running app has
    graded = per_answer(grade, pairs, args.repeats)
    uncached = cold(pairs)
    lowered = per_answer(lambda _q, text: text.lower(), pairs, args.repeats)
    median = statistics.median(graded) * 1e3
    p90 = statistics.quantiles(graded, n=10)[-1] * 1e3
    baseline = statistics.median(lowered) * 1e3
    cold_median = statistics.median(uncached) * 1e3
    words = statistics.median(len(text.split()) for _q, text in pairs)
    print(f"{len(pairs)} answers, median {words:.0f} words")
    print(f"grade():   median {median:.2f} ms per answer, 90th percentile {p90:.2f} ms")
    print(f"grade(), stem cache emptied first: median {cold_median:.2f} ms per answer")
    print(f"str.lower: median {baseline * 1e3:.2f} µs per answer")
    print(f"ratio grade / str.lower: {median / baseline:,.0f}×")
    verdict = "within" if max(median, cold_median) < BUDGET_MS else "OVER"
    print(f"budget: median under {BUDGET_MS:.0f} ms, {verdict}")


if __name__ == "__main__":
    main()
