"""How many questions per second each type generates and grades.

Prints, per type, the median time to generate one question and grade its right
answer, the rate per second, and the ratio to a baseline measured in the same
run (the bare engine call −ln p for one prediction), so noisy machines still give
comparable numbers. The budget is a median under 1 ms per question, except for
"explain" types: reading an explanation for meaning has its own budget of 20 ms
per answer (bench/bench_explain.py measures that grader alone).

    .venv/bin/python bench/bench_questions.py [--seeds N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from quizapp.engine.grading import grade
from quizapp.engine.losses import categorical_cross_entropy
from quizapp.engine.questions import generate, registry


def right_answer_text(question) -> str:
    """What a learner who knows the answer types."""
    if question.kind == "explain":
        return question.model_answer
    if question.kind == "choice":
        return question.answer
    if question.kind == "vector":
        return "[" + ", ".join(f"{v:.4g}" for v in question.answer) + "]"
    return f"{question.answer:.4g}"


def time_type(type_id: str, seeds: int) -> list[float]:
    """Seconds per generate + grade, one sample per (seed, difficulty)."""
    samples = []
    for seed in range(seeds):
        difficulty = 1 + seed % 3
        start = time.perf_counter()
        question = generate(type_id, seed, difficulty=difficulty)
        grade(question, right_answer_text(question))
        samples.append(time.perf_counter() - start)
    return samples


def baseline(repeats: int) -> float:
    """Median seconds of one bare engine call, the unit the ratios are given in."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        categorical_cross_entropy([0.7, 0.2, 0.1], 0)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=300, help="questions per type (default 300)")
    args = parser.parse_args()
    types = registry()
    for type_id in types:  # warm caches and imports before timing
        time_type(type_id, 3)
    unit = baseline(2000)
    print(f"baseline: one categorical_cross_entropy call = {unit * 1e6:.1f} µs (median)\n")
    print(f"{'type':32} {'kind':8} {'median µs':>10} {'p90 µs':>8} {'per s':>8} {'× base':>7}")
    medians, by_kind = [], {"explain": [], "other": []}
    for type_id, qtype in types.items():
        samples = sorted(time_type(type_id, args.seeds))
        median = statistics.median(samples)
        medians.append(median)
        by_kind["explain" if qtype.kind == "explain" else "other"].append(median)
        p90 = samples[int(0.9 * (len(samples) - 1))]
        print(
            f"{type_id:32} {qtype.kind:8} {median * 1e6:10.0f} {p90 * 1e6:8.0f} "
            f"{1 / median:8.0f} {median / unit:7.1f}"
        )
    overall = statistics.median(medians)
    print(f"\nmedian over types: {overall * 1e6:.0f} µs per question")
    print(
        f"slowest numeric/vector/choice type: {max(by_kind['other']) * 1e6:.0f} µs "
        f"(budget 1000 µs: {'within' if max(by_kind['other']) < 1e-3 else 'OVER'})"
    )
    print(
        f"slowest explain type: {max(by_kind['explain']) * 1e6:.0f} µs "
        f"(budget 20000 µs: {'within' if max(by_kind['explain']) < 2e-2 else 'OVER'})"
    )


if __name__ == "__main__":
    main()
