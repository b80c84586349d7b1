"""Numerical kernels of the loss engine: exact, stable and fast; no argument checks.

The public functions in ``losses`` validate; these compute. The negative log-likelihood
of logits is the hot path of categorical cross-entropy, so it runs in cache-sized blocks of
rows spread over a small thread pool (numpy releases the GIL inside ufuncs and
BLAS, so the blocks really do run in parallel).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: Below this many elements one call on the whole array beats block bookkeeping.
_PARALLEL_MIN_ELEMENTS = 1 << 17
#: Elements per block: a block of logits plus its work buffer stay in L2 cache.
_BLOCK_ELEMENTS = 1 << 15
_pool: ThreadPoolExecutor | None = None


def _thread_pool() -> ThreadPoolExecutor:
    """Create the worker pool on first use (import stays cheap for the web app)."""
    global _pool
    if _pool is None:
        workers = max(1, min(4, os.cpu_count() or 1))
        _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="quizapp-lse")
    return _pool


def _forget_pool() -> None:
    """Drop the pool in a forked child: its threads did not survive the fork.

    Without this a child (say a pre-forked web worker) would queue blocks on a pool
    whose workers no longer exist and wait for them forever.
    """
    global _pool
    _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x·ln(y) with the convention 0·ln(anything) = 0, as in scipy.special.xlogy."""
    x, y = np.broadcast_arrays(x, y)
    out = np.zeros(x.shape)
    nonzero = x != 0
    with np.errstate(divide="ignore"):
        out[nonzero] = x[nonzero] * np.log(y[nonzero])
    return out


def _nll_block(z: np.ndarray, target: np.ndarray, out: np.ndarray) -> None:
    """Write −log softmax(z[i])[target[i]] into ``out[i]`` for one block of rows.

    Shifting each row by its true-class logit z_t (not by its maximum) saves a pass
    over the block and is more exact: the loss is log1p(Σ_{j≠t} e^{z_j − z_t}), so a
    confident right prediction keeps full relative precision. Rows where some
    e^{z_j − z_t} overflows (a logit more than ~709 above the true one) are redone
    with the usual maximum shift.
    """
    rows = np.arange(z.shape[0])
    ones = np.ones(z.shape[1])
    picked = z[rows, target]
    shifted = z - picked[:, None]
    with np.errstate(over="ignore"):
        np.exp(shifted, out=shifted)
    shifted[rows, target] = 0.0  # the true class's own term, e^0 = 1, goes into log1p
    # A matrix-vector product with ones is a much faster row sum than sum(axis=1).
    np.log1p(shifted @ ones, out=out)
    overflowed = np.isinf(out)
    if overflowed.any():
        far = z[overflowed]
        row_max = far.max(axis=1)
        totals = np.exp(far - row_max[:, None]) @ ones
        out[overflowed] = (row_max - picked[overflowed]) + np.log(totals)


def nll_rows(z: np.ndarray, target: np.ndarray) -> np.ndarray:
    """−log softmax(z)_t for each row of finite logits (N, C) and class indices (N,).

    Large inputs run in cache-sized blocks of rows spread over the thread pool.
    """
    n_rows, n_classes = z.shape
    out = np.empty(n_rows)
    if z.size < _PARALLEL_MIN_ELEMENTS:
        _nll_block(z, target, out)
        return out
    rows = max(1, _BLOCK_ELEMENTS // n_classes)
    jobs = [
        _thread_pool().submit(_nll_block, z[a : a + rows], target[a : a + rows], out[a : a + rows])
        for a in range(0, n_rows, rows)
    ]
    for job in jobs:
        job.result()
    return out


def log_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    """log softmax(z) = z − max − log Σ exp(z − max): finite for any finite logits."""
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(z: np.ndarray, axis: int) -> np.ndarray:
    """softmax(z) computed after subtracting the maximum, so exp never overflows."""
    shifted = np.exp(z - z.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^−z), evaluated through e^−|z| so neither branch overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_sigmoid(z: np.ndarray) -> np.ndarray:
    """log σ(z) = −log(1 + e^−z) = min(z, 0) − log1p(e^−|z|), exact in both tails."""
    return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))
