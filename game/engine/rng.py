"""Counter-based randomness: a number is a hash of (seed, run index, turn, purpose).

Nothing is drawn from a stream, so what run *i* gets never depends on what other runs
(or other purposes) drew: run *i* of a 100,000-run batch is the single game with that
seed and index, and a save replays from its seed and choices alone.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]

# Purposes the engine itself draws for; content's chance() uses hashes of its location.
EVENT = 1
CHOICE = 2
SWAP = 3  # the lab's "what if this one choice had been another"

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MASK = (1 << 64) - 1


def _mix(x: U64) -> U64:
    """The splitmix64 finaliser: a strong 64-bit bit mixer."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def _key(seed: int | U64, turn: int, purpose: int) -> np.uint64 | U64:
    """The per-(seed, turn, purpose) key; ``seed`` may be one per run (a batch of saves)."""
    salt = np.uint64((turn * 0x100000001B3 + purpose) & _MASK)
    if isinstance(seed, np.ndarray):
        with np.errstate(over="ignore"):
            return _mix(seed.astype(np.uint64)) ^ salt
    return np.uint64(_mix(np.array([seed & _MASK], dtype=np.uint64))[0] ^ salt)


def uniform(seed: int | U64, runs: U64, turn: int, purpose: int) -> npt.NDArray[np.float64]:
    """Uniform numbers in [0, 1), one per run index in ``runs`` (float64).

    ``seed`` is one number for all runs, or one per run (same shape as ``runs``): a run's
    number depends only on its own (seed, index, turn, purpose), so saves of different
    seeds replay together in one batch.
    """
    key = _key(seed, turn, purpose)
    with np.errstate(over="ignore"):
        x = _mix(runs.astype(np.uint64) * _GOLDEN + key)
        x = _mix(x ^ np.uint64((purpose * 0xD6E8FEB86659FD93) & _MASK))
    return (x >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
