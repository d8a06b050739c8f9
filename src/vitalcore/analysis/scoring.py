"""The vital-core score as linear algebra on compressed voice cells, with a Poisson bootstrap.

Voices that agree on everything the score reads (scope, source, area, which dimensions
they report, severity, priority ballot) are compressed into one *cell* with a count n.
Every quantity of the score is then a weighted sum over cells, i.e. a sparse matrix
times a weight vector, so the point estimate (weights = n) and B bootstrap replicates
(weights ~ Poisson(n)) run through the same code, all replicates of a chunk at once.

Why Poisson: the Poisson bootstrap (Hanley & MacGibbon 2006; Chamandy et al. 2012) gives
each voice an independent Poisson(1) weight instead of a multinomial draw. The sum of n
independent Poisson(1) weights is Poisson(n), so drawing one Poisson(n) per cell is
*exactly* the voice-level Poisson bootstrap, at the cost of the number of cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

# Replicates drawn and scored together: bounds memory at cells x chunk weights.
_CHUNK = 25
# Cells of up to this many voices draw their Poisson weights by inverse CDF (below).
_INVERSE_CDF_MAX = 8
_LEVELS = 1 << 16


def _poisson_steps(n: int) -> np.ndarray:
    """The Poisson(n) CDF as 16-bit thresholds: round(65536 * P(X <= k)), k = 0, 1, ...
    up to where it reaches 65536 (each probability is then exact to 1/65536)."""
    ks = np.arange(0, 4 * n + 30)
    log_pmf = ks * np.log(n) - n - np.cumsum(np.log(np.maximum(ks, 1)))
    steps = np.round(np.cumsum(np.exp(log_pmf)) * _LEVELS)
    return steps[steps < _LEVELS].astype(np.uint16)


def _poisson_weights(rng: np.random.Generator, counts: np.ndarray, b: int) -> np.ndarray:
    """cells x b Poisson(count) weights (float32).

    Most cells hold one or a few voices; for those a weight is the number of CDF steps
    a uniform 16-bit integer reaches (inverse-CDF sampling): a dozen vectorised byte
    comparisons, several times faster than numpy's Poisson sampler, with every
    probability exact to 1/65536, far below any bootstrap interval's own noise.
    """
    w = np.empty((len(counts), b), dtype=np.float32)
    for n in np.unique(counts):
        rows = np.nonzero(counts == n)[0]
        if n > _INVERSE_CDF_MAX:
            w[rows] = rng.poisson(n, size=(len(rows), b))
            continue
        u = rng.integers(0, _LEVELS, size=(len(rows), b), dtype=np.uint16)
        draw = np.zeros(u.shape, dtype=np.uint8)
        reached = np.empty(u.shape, dtype=bool)
        for step in _poisson_steps(int(n)):
            np.greater_equal(u, step, out=reached)
            np.add(draw, reached, out=draw, casting="unsafe")
        w[rows] = draw
    return w


@dataclass(frozen=True)
class Cells:
    """Voices compressed to cells; every array is indexed by cell unless it says otherwise.

    hits[c, d] is True when the voices of cell c report dimension d; points[c, d] is the
    Borda points of the cell's ballot (0 and ballot False when it carries none).
    source_pair / area_pair number the distinct (scope, source) and (scope, area) pairs,
    and pair_scope arrays map those pairs back to their scope.
    """

    n_scopes: int
    n_dims: int
    scope: np.ndarray
    count: np.ndarray
    hits: np.ndarray
    severity: np.ndarray
    source_pair: np.ndarray
    source_pair_scope: np.ndarray
    area_pair: np.ndarray
    area_pair_scope: np.ndarray
    ballot: np.ndarray
    points: np.ndarray
    area_share_scopes: np.ndarray  # bool per scope: is area share part of pervasiveness?


@dataclass(frozen=True)
class Estimates:
    """Arrays of shape (scopes, dims) for the point estimate."""

    voices: np.ndarray
    voices_in_scope: np.ndarray  # (scopes,)
    voice_share: np.ndarray
    source_share: np.ndarray
    area_share: np.ndarray  # NaN where the scope has no area share
    pervasiveness: np.ndarray
    severity: np.ndarray
    priority_weight: np.ndarray
    ballots: np.ndarray  # (scopes,)
    score: np.ndarray
    rank: np.ndarray  # competition ranks: tied scores share a rank
    sources: np.ndarray  # (scopes,) distinct sources
    areas: np.ndarray  # (scopes,) distinct resolved areas
    placed: np.ndarray  # (scopes,) voices with a resolved area


@dataclass(frozen=True)
class _Operators:
    """Sparse matrices (or `_Sums`) that turn cell weights into the sums the score needs."""

    total: sparse.csr_matrix  # scopes x cells
    hit: sparse.csr_matrix  # scopes*dims x cells
    severity: sparse.csr_matrix  # scopes*dims x cells, entries = severity
    ballots: sparse.csr_matrix  # scopes x cells
    points: sparse.csr_matrix  # scopes*dims x cells, entries = Borda points
    source_any: sparse.csr_matrix  # source pairs x cells
    source_hit: sparse.csr_matrix  # source pairs*dims x cells
    source_to_scope: sparse.csr_matrix  # scopes x source pairs
    area_any: sparse.csr_matrix
    area_hit: sparse.csr_matrix
    area_to_scope: sparse.csr_matrix


def _indicator(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int],
               values: np.ndarray | None = None, dtype: type = np.float64
               ) -> sparse.csr_matrix:
    # Imported here: commands that read the voice table without ranking (groups,
    # mandate gap) skip SciPy's import, a fifth of a second.
    from scipy import sparse

    data = np.ones(len(rows), dtype=dtype) if values is None else values.astype(dtype)
    return sparse.csr_matrix((data, (rows, cols)), shape=shape)


class _Sums:
    """The same sums as `_indicator`'s matrix, by np.add.at: for the point estimate's one
    weight column, without SciPy, whose import (a tenth of a second) was a third of a
    cold `resilience` or `mandate gap`'s ranking. The sums are of whole numbers and
    halves (counts, severities, Borda points), exact in any order: the same estimate."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int],
                 values: np.ndarray | None = None, dtype: type = np.float64) -> None:
        self.rows, self.cols, self.shape = rows, cols, shape
        self.values = None if values is None else values.astype(dtype)[:, None]

    def __matmul__(self, w: np.ndarray) -> np.ndarray:
        terms = w[self.cols] if self.values is None else w[self.cols] * self.values
        out = np.zeros((self.shape[0], w.shape[1]), dtype=np.result_type(w, np.float64))
        np.add.at(out, self.rows, terms)
        return out


def _operators(cells: Cells, dtype: type = np.float64, make: Callable[..., Any] = _indicator
               ) -> _Operators:
    """The sparse operators; float32 for the bootstrap, where memory bandwidth is the
    cost. Cells without an area (area_pair -1) take no part in the area share. `make`
    builds each one (`_Sums` for the point estimate)."""
    s, k = cells.n_scopes, cells.n_dims
    n_cells = len(cells.count)
    every = np.arange(n_cells)
    hit_cell, hit_dim = np.nonzero(cells.hits)
    n_src, n_area = len(cells.source_pair_scope), len(cells.area_pair_scope)
    ballot_cells = np.nonzero(cells.ballot)[0]
    pts_cell = np.repeat(ballot_cells, k)
    pts_dim = np.tile(np.arange(k), len(ballot_cells))
    placed = np.nonzero(cells.area_pair >= 0)[0]
    placed_hit = cells.area_pair[hit_cell] >= 0

    def op(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int],
           values: np.ndarray | None = None) -> sparse.csr_matrix | _Sums:
        return make(rows, cols, shape, values, dtype)

    return _Operators(
        total=op(cells.scope, every, (s, n_cells)),
        hit=op(cells.scope[hit_cell] * k + hit_dim, hit_cell, (s * k, n_cells)),
        severity=op(cells.scope[hit_cell] * k + hit_dim, hit_cell, (s * k, n_cells),
                    cells.severity[hit_cell]),
        ballots=op(cells.scope[ballot_cells], ballot_cells, (s, n_cells)),
        points=op(cells.scope[pts_cell] * k + pts_dim, pts_cell, (s * k, n_cells),
                  cells.points[pts_cell, pts_dim]),
        source_any=op(cells.source_pair, every, (n_src, n_cells)),
        source_hit=op(cells.source_pair[hit_cell] * k + hit_dim, hit_cell,
                      (n_src * k, n_cells)),
        source_to_scope=op(cells.source_pair_scope, np.arange(n_src), (s, n_src)),
        area_any=op(cells.area_pair[placed], placed, (n_area, n_cells)),
        area_hit=op(cells.area_pair[hit_cell][placed_hit] * k + hit_dim[placed_hit],
                    hit_cell[placed_hit], (n_area * k, n_cells)),
        area_to_scope=op(cells.area_pair_scope, np.arange(n_area), (s, n_area)),
    )


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros(np.broadcast_shapes(num.shape, den.shape)),
                     where=den > 0)


def _distinct_share(any_op: sparse.csr_matrix, hit_op: sparse.csr_matrix,
                    to_scope: sparse.csr_matrix, w: np.ndarray, s: int, k: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Share of the distinct sources (or areas) of a scope that report each dimension,
    and how many distinct ones the scope has (scopes x B)."""
    b = w.shape[1]
    present = to_scope @ (any_op @ w > 0).astype(float)  # scopes x B
    reporting = (hit_op @ w > 0).astype(float).reshape(-1, k * b)
    reporting = (to_scope @ reporting).reshape(s, k, b)
    return _ratio(reporting, present[:, None, :]), present


def _scores(cells: Cells, ops: _Operators, w: np.ndarray, blend: float) -> dict[str, np.ndarray]:
    """All score parts for weight columns w (cells x B); arrays are scopes x dims x B."""
    s, k, b = cells.n_scopes, cells.n_dims, w.shape[1]
    total = ops.total @ w  # s x B
    hit = (ops.hit @ w).reshape(s, k, b)
    voice_share = _ratio(hit, total[:, None, :])
    source_share, sources = _distinct_share(ops.source_any, ops.source_hit,
                                            ops.source_to_scope, w, s, k)
    area_share, areas = _distinct_share(ops.area_any, ops.area_hit, ops.area_to_scope,
                                        w, s, k)
    # A scope none of whose voices has a resolved area has no area share: the factor is
    # left out (and the ranking says so), instead of zeroing every score of the scope.
    with_area = cells.area_share_scopes[:, None, None] & (areas[:, None, :] > 0)
    # A product, not a mean: a threat is pervasive when many voices raise it AND they
    # come from many sources (and areas). A mean let a near-saturated source share mask
    # a twofold difference in voices, and let one source's flood score at least 1/2.
    pervasiveness = np.where(
        with_area, voice_share * source_share * area_share, voice_share * source_share,
    )
    severity = _ratio((ops.severity @ w).reshape(s, k, b), hit)
    ballots = ops.ballots @ w  # s x B
    points = (ops.points @ w).reshape(s, k, b)
    share = _ratio(points, ballots[:, None, :] * (k * (k - 1) / 2))
    # Half neutral, half the community's Borda weight by default: a dimension a short
    # ballot leaves out is not thereby absent from people's lives (docs/methods).
    weight = np.where(ballots[:, None, :] > 0, (1 - blend) + blend * k * share, 1.0)
    score = np.where(hit > 0, pervasiveness * severity / 5 * weight, 0.0)
    return {
        "voices": hit, "voices_in_scope": total, "voice_share": voice_share,
        "source_share": source_share, "area_share": area_share,
        "pervasiveness": pervasiveness, "severity": severity, "priority_weight": weight,
        "ballots": ballots, "score": score, "sources": sources, "areas": areas,
        "placed": ops.area_to_scope @ (ops.area_any @ w),
    }


def _ranks(score: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score along axis 1; ties go to the lower dimension index."""
    order = np.argsort(-score, axis=1, kind="stable")
    # The inverse permutation of the sort order is each dimension's 0-based rank.
    return np.argsort(order, axis=1, kind="stable") + 1


def _tied_ranks(score: np.ndarray) -> np.ndarray:
    """Competition ranks (1, 1, 3) along axis 1: equal scores share the better rank, so
    that a tie is shown as a tie and not as an order by dimension name."""
    # Scores equal up to float noise are ties: the same voices give the same score
    # through sums taken in a different order.
    rounded = np.round(score, 12)
    # 1 + how many dimensions of the scope score strictly higher (K = 7: a K x K compare;
    # scipy.stats.rankdata would cost half a second of import to every `rank`).
    return 1 + (rounded[:, None, :] > rounded[:, :, None]).sum(axis=2).astype(np.int64)


def estimate(cells: Cells, *, blend: float) -> Estimates:
    """The point estimate: every cell weighted by its number of voices."""
    ops = _operators(cells, make=_Sums)
    parts = _scores(cells, ops, cells.count.astype(float)[:, None], blend)
    flat = {name: v[..., 0] for name, v in parts.items()}
    with_area = cells.area_share_scopes & (flat["areas"] > 0)
    area_share = np.where(with_area[:, None], flat["area_share"], np.nan)
    return Estimates(
        voices=flat["voices"].round().astype(np.int64),
        voices_in_scope=flat["voices_in_scope"].round().astype(np.int64),
        voice_share=flat["voice_share"], source_share=flat["source_share"],
        area_share=area_share, pervasiveness=flat["pervasiveness"],
        severity=flat["severity"], priority_weight=flat["priority_weight"],
        ballots=flat["ballots"].round().astype(np.int64), score=flat["score"],
        rank=_tied_ranks(flat["score"]),
        sources=flat["sources"].round().astype(np.int64),
        areas=flat["areas"].round().astype(np.int64),
        placed=flat["placed"].round().astype(np.int64),
    )


def bootstrap(cells: Cells, *, replicates: int, seed: int, blend: float,
              level: float = 0.95) -> dict[str, np.ndarray]:
    """Percentile intervals of score and rank over Poisson-bootstrap replicates.

    Returns score_low, score_high, rank_low, rank_high, each scopes x dims.
    """
    ops = _operators(cells, dtype=np.float32)
    rng = np.random.default_rng(seed)
    scores = []
    for start in range(0, replicates, _CHUNK):
        b = min(_CHUNK, replicates - start)
        w = _poisson_weights(rng, cells.count, b)
        scores.append(_scores(cells, ops, w, blend)["score"])
    score = np.concatenate(scores, axis=2)  # s x k x B
    # Ranks as in the point estimate (ties by dimension name), except that dimensions
    # no voice of a replicate reports share the rank after the last reported one,
    # instead of an order by name that would say nothing.
    positive = score > 0
    rank = np.where(positive, _ranks(score), positive.sum(axis=1, keepdims=True) + 1)
    tail = (1 - level) / 2 * 100
    return {
        "score_low": np.percentile(score, tail, axis=2),
        "score_high": np.percentile(score, 100 - tail, axis=2),
        # Ranks are integers: the lower/higher nearest order statistics keep them so.
        "rank_low": np.percentile(rank, tail, axis=2, method="lower").astype(np.int64),
        "rank_high": np.percentile(rank, 100 - tail, axis=2, method="higher").astype(np.int64),
    }
