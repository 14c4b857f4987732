"""Product and baseline timed alternately (A B A B …), compared by the median of the pair ratios.

Why: on a shared machine the load changes from second to second. Timing every product run and then
every baseline run lets a slow minute fall on one side only (the save benchmark once showed a false
7.3× that way). Alternating puts each product run next to a baseline run in the same conditions, and
the median of the per-pair ratios ignores the pairs a burst of load hit.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paired:
    """Seconds of each product run (``a``) and of the baseline run next to it (``b``)."""

    a: tuple[float, ...]
    b: tuple[float, ...]

    @property
    def ratio(self) -> float:
        """The median of a[i] / b[i]."""
        return statistics.median(x / y for x, y in zip(self.a, self.b, strict=True) if y > 0)

    @property
    def spread(self) -> tuple[float, float]:
        """The smallest and largest pair ratio: how much this machine varied during the run."""
        ratios = sorted(x / y for x, y in zip(self.a, self.b, strict=True) if y > 0)
        return ratios[0], ratios[-1]

    def median_a(self) -> float:
        return statistics.median(self.a)

    def median_b(self) -> float:
        return statistics.median(self.b)

    def pct_a(self, p: float) -> float:
        return _pct(self.a, p)

    def pct_b(self, p: float) -> float:
        return _pct(self.b, p)

    def ratio_text(self, digits: int = 2) -> str:
        low, high = self.spread
        return f"{self.ratio:.{digits}f} (median of {len(self.a)} pairs; {low:.{digits}f}–{high:.{digits}f})"


def _pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn: Callable[[], object]) -> Callable[[], float]:
    """A step that runs ``fn`` once and returns its wall-clock seconds."""

    def step() -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    return step


def interleave(
    product: Callable[[], float], baseline: Callable[[], float], runs: int, warmup: int = 1
) -> Paired:
    """Run product, baseline, product, baseline … ``runs`` times each; each step returns its seconds.

    ``warmup`` pairs are run first and dropped (imports, caches, page cache).
    """
    for _ in range(warmup):
        product()
        baseline()
    a, b = [], []
    for _ in range(runs):
        a.append(product())
        b.append(baseline())
    return Paired(tuple(a), tuple(b))


def command(
    cmd: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> Callable[[], float]:
    """A step that runs ``cmd`` as a subprocess (which must succeed) and returns its wall-clock seconds."""

    def step() -> float:
        t0 = time.perf_counter()
        subprocess.run(
            list(cmd), check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        return time.perf_counter() - t0

    return step
