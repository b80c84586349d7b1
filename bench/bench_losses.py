"""Time categorical_cross_entropy(logits, indices, from_logits=True) against references.

Compares the engine with a straightforward numpy log-softmax and, when it imports, with
torch.nn.functional.cross_entropy on CPU, on the same float64 inputs in the same run. Each
implementation is warmed up once, then the repeats are interleaved so drift in the machine
(frequency, other processes) affects all of them alike. Results must agree to 1e-12.

    python bench/bench_losses.py            # 1,000,000 x 10 and 100,000 x 1,000
    python bench/bench_losses.py --quick    # a tenth of the rows
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.engine.losses import categorical_cross_entropy  # noqa: E402

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the benchmark still runs; torch is only a reference
    torch = None

FULL_SIZES = [(1_000_000, 10), (100_000, 1_000)]
QUICK_SIZES = [(100_000, 10), (10_000, 1_000)]
AGREEMENT = 1e-12


def straightforward(z: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy by the textbook log-softmax: the baseline to beat."""
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean()


def implementations(z: np.ndarray, y: np.ndarray) -> dict[str, Callable[[], float]]:
    """The contenders, each a no-argument callable returning the mean loss."""
    contenders = {
        "ours": lambda: categorical_cross_entropy(z, y, from_logits=True),
        "straightforward": lambda: float(straightforward(z, y)),
    }
    if torch is not None:
        z_t, y_t = torch.from_numpy(z), torch.from_numpy(y)  # zero-copy views
        contenders["torch"] = lambda: float(F.cross_entropy(z_t, y_t))
    return contenders


def run_size(n_rows: int, n_classes: int, repeats: int, seed: int) -> list[tuple]:
    """Time every implementation on one input size; return table rows."""
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=3.0, size=(n_rows, n_classes))
    y = rng.integers(0, n_classes, size=n_rows)
    contenders = implementations(z, y)
    results = {name: fn() for name, fn in contenders.items()}  # warm-up, and the answers
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)

    reference = results["ours"]
    for name, value in results.items():
        relative = abs(value - reference) / abs(reference)
        if relative > AGREEMENT:
            raise SystemExit(
                f"{name} disagrees with ours on {n_rows}x{n_classes}: "
                f"{value!r} vs {reference!r} (relative {relative:.2e})"
            )

    ours_median = statistics.median(times["ours"])
    rows = []
    for name in contenders:
        median, best = statistics.median(times[name]), min(times[name])
        rows.append(
            (
                f"{n_rows:,} x {n_classes:,}",
                name,
                median,
                best,
                median / ours_median,
                abs(results[name] - reference) / abs(reference),
            )
        )
    return rows


def describe_environment() -> None:
    """Print what shapes the timings: CPU count, libraries, threads, BLAS settings."""
    print(f"python {platform.python_version()}, numpy {np.__version__}, cpus {os.cpu_count()}")
    blas_vars = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP", "MKL"))}
    print(f"BLAS/threading environment: {blas_vars or 'none set'}")
    if torch is None:
        print("torch: not importable, skipped")
    else:
        print(
            f"torch {torch.__version__}: {torch.get_num_threads()} intra-op threads, "
            f"{torch.get_num_interop_threads()} inter-op threads"
        )


def main(argv: list[str] | None = None) -> None:
    """Parse options, time each size and print an aligned table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs (a tenth)")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per implementation")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    describe_environment()
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    table = [row for size in sizes for row in run_size(*size, args.repeats, args.seed)]

    header = ("size", "implementation", "median s", "min s", "median / ours", "rel. diff")
    print()
    print(
        f"{header[0]:>17}  {header[1]:<15}  {header[2]:>9}  {header[3]:>9}  "
        f"{header[4]:>13}  {header[5]:>9}"
    )
    for size, name, median, best, ratio, diff in table:
        print(f"{size:>17}  {name:<15}  {median:9.4f}  {best:9.4f}  {ratio:13.2f}  {diff:9.1e}")
    print(
        f"\n{args.repeats} interleaved repeats after one warm-up; all results agree to "
        f"{AGREEMENT:g} relative. Ratio > 1 means slower than ours."
    )


if __name__ == "__main__":
    main()
