"""The vital core: threats ranked by how critical (severe) and how pervasive they are,
weighted by what the community itself says matters most, with bootstrap intervals.

Two steps, both pure:

    voices = voice_table(labels, attributes)      # one row per classified voice
    table = rank_threats(voices, by=("area_pcode",), replicates=200, seed=0)

For a scope s (an area, a group, a period, or all voices: ALL) and a dimension d:

    voice_share    = voices of s reporting d / voices of s
    source_share   = distinct sources of s reporting d / distinct sources of s
    area_share     = distinct areas of s reporting d / distinct areas of s
                     (only where s spans areas: overall, per group, per period)
    pervasiveness  = product of the shares that apply (a share no voice can inform, as
                     the area share where no voice has a resolved area, is left out,
                     with a note: `note_codes`)
    severity       = mean over the voices reporting d of max(severity cue, self-rated)
    priority_weight= (1 - blend) + blend * K * borda_share(d)  (1 when no voice ranks)
    score          = pervasiveness * severity / 5 * priority_weight

docs/methods/vital-core.md gives the assumptions and references; analysis.scoring does
the arithmetic and the Poisson bootstrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from vitalcore.analysis.borda import borda_points
from vitalcore.domain import Dimension

if TYPE_CHECKING:  # numpy and the bootstrap load when a ranking is computed, not when a
    import numpy as np  # kept one is read (0.09 s of every `rank`, `tiers`, ...)

    from vitalcore.analysis.scoring import Cells

OVERALL = "ALL"
SCOPES = ("area_pcode", "group", "period")
# Alphabetical, so that equal scores rank by dimension name, reproducibly.
DIMENSIONS = tuple(sorted(d.value for d in Dimension))
_BIT = {d: 1 << i for i, d in enumerate(DIMENSIONS)}

_LABEL_COLUMNS = ("voice_id", "source", "area_pcode", "kind", "label", "score", "severity")
_OPTIONAL = {
    "channel": pl.String, "occurred_at": pl.Datetime("us"), "reporter": pl.String,
    "severity_reported": pl.Int64,
}


def _require(frame: pl.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {', '.join(missing)}")


def voice_table(
    labels: pl.DataFrame,
    attributes: pl.DataFrame | None = None,
    *,
    threshold: float = 0.5,
) -> pl.DataFrame:
    """One row per classified voice, from the long label frame of `store.labels_frame`.

    Columns: voice_id, source, channel, area_pcode, occurred_at, reporter, severity
    (max of the text's cue and the self-rated severity), dimensions and threats (labels
    scored at least `threshold`), groups (classified, plus those the voice reported),
    priorities (most important first, empty when none). `attributes` is the frame of
    `store.voice_attributes_frame` (voice_id, groups_reported, priorities, ...).
    """
    _require(labels, _LABEL_COLUMNS, "the label frame")
    labels = labels.with_columns(
        pl.lit(None, dtype=t).alias(c) for c, t in _OPTIONAL.items() if c not in labels.columns
    )
    _check_dimensions(labels)
    table = labels.group_by("voice_id").agg(
        pl.col("source").first(), pl.col("channel").first(), pl.col("area_pcode").first(),
        pl.col("occurred_at").first(), pl.col("reporter").first(),
        _SEVERITY.max().cast(pl.Int64).alias("severity"),
        *_label_lists(threshold),
    )
    if attributes is None:
        return table.with_columns(pl.lit([], dtype=pl.List(pl.String)).alias("priorities"))
    _require(attributes, ("voice_id", "groups_reported", "priorities"), "the attribute frame")
    extra = attributes.select(
        "voice_id", "groups_reported", "priorities",
        *[c for c in ("solution",) if c in attributes.columns],
    )
    return _with_attributes(table.join(extra, on="voice_id", how="left"))


def classified_voice_table(
    voices: pl.DataFrame, labels: pl.DataFrame, *, threshold: float = 0.5
) -> pl.DataFrame:
    """`voice_table` from one row per voice and its labels (`store.classified_frames`):
    the same rows, sorted by voice_id.

    `voices` has the columns of `voice_table`'s label frame that belong to a voice and
    of its attribute frame (voice_id, source, channel, area_pcode, occurred_at,
    reporter, severity, severity_reported, groups_reported, priorities[, solution]);
    `labels` voice_id, kind, label, score, and may lack the labels scoring below
    `threshold` (never the group labels, which count at any score).
    """
    _require(voices, ("voice_id", "source", "channel", "area_pcode", "occurred_at",
                      "reporter", "severity", "severity_reported", "groups_reported",
                      "priorities"), "the voice frame")
    _require(labels, ("voice_id", "kind", "label", "score"), "the label frame")
    _check_dimensions(labels)
    lists = labels.group_by("voice_id").agg(*_label_lists(threshold))
    table = voices.select(
        "voice_id", "source", "channel", "area_pcode", "occurred_at", "reporter",
        _SEVERITY.cast(pl.Int64).alias("severity"), "groups_reported", "priorities",
        *[c for c in ("solution",) if c in voices.columns],
    ).join(lists, on="voice_id", how="left", maintain_order="left").with_columns(
        pl.col(c).fill_null(pl.lit([], dtype=pl.List(pl.String)))
        for c in ("dimensions", "threats", "groups"))
    order = ["voice_id", "source", "channel", "area_pcode", "occurred_at", "reporter",
             "severity", "dimensions", "threats", "groups", "groups_reported", "priorities"]
    return _with_attributes(table.select(*order, *[c for c in table.columns
                                                   if c not in order])).sort("voice_id")


# A voice's severity: its text's cue or its own rating, whichever is higher.
_SEVERITY = pl.max_horizontal(pl.col("severity"), pl.col("severity_reported").fill_null(1))


def _check_dimensions(labels: pl.DataFrame) -> None:
    unknown = labels.filter(
        (pl.col("kind") == "dimension") & ~pl.col("label").is_in(DIMENSIONS)
    )
    if unknown.height:
        row = unknown.row(0, named=True)
        raise ValueError(
            f"voice {row['voice_id']}: dimension label {row['label']!r} is not one of "
            f"{', '.join(DIMENSIONS)}"
        )


def _label_lists(threshold: float) -> list[pl.Expr]:
    """A voice's dimensions and threats scoring at least `threshold`, and its classified
    groups (at any score), each sorted."""
    hit = pl.col("score") >= threshold
    return [
        pl.col("label").filter((pl.col("kind") == "dimension") & hit).sort()
        .alias("dimensions"),
        pl.col("label").filter((pl.col("kind") == "threat") & hit).sort().alias("threats"),
        pl.col("label").filter(pl.col("kind") == "group").sort().alias("groups"),
    ]


def _with_attributes(table: pl.DataFrame) -> pl.DataFrame:
    """The groups a voice reported joined to its classified ones; no ballot: []."""
    return table.with_columns(
        pl.concat_list(pl.col("groups"), pl.col("groups_reported").fill_null([]))
        .list.unique().list.sort().alias("groups"),
        pl.col("priorities").fill_null([]),
    ).drop("groups_reported")


def _period_label(every: str) -> pl.Expr:
    return pl.col("occurred_at").dt.truncate(every).dt.strftime("%Y-%m-%d")


def _scoped(voices: pl.DataFrame, by: Sequence[str], period: str) -> pl.DataFrame:
    """Each voice once per scope it belongs to; scope columns not split on are ALL."""
    frame = voices
    if "group" in by:
        frame = frame.explode("groups").rename({"groups": "group"}).filter(
            pl.col("group").is_not_null()
        )
    else:
        frame = frame.with_columns(pl.lit(OVERALL).alias("group"))
    if "period" in by:
        frame = frame.filter(pl.col("occurred_at").is_not_null()).with_columns(
            _period_label(period).alias("period")
        )
    else:
        frame = frame.with_columns(pl.lit(OVERALL).alias("period"))
    if "area_pcode" in by:
        frame = frame.filter(pl.col("area_pcode").is_not_null()).with_columns(
            pl.col("area_pcode").alias("scope_area")
        )
    else:
        frame = frame.with_columns(pl.lit(OVERALL).alias("scope_area"))
    return frame.select(
        "scope_area", "group", "period", "source", "area_pcode", "severity", "mask",
        "ballot_key", "weight",
    )


def _ballot_points(keys: list[str]) -> np.ndarray:
    import numpy as np

    points = np.zeros((len(keys), len(DIMENSIONS)))
    for i, key in enumerate(keys):
        if key:
            got = borda_points(key.split(">"), DIMENSIONS)
            points[i] = [got[d] for d in DIMENSIONS]
    return points


def _cells(scoped: pl.DataFrame, scopes: pl.DataFrame, by: Sequence[str]) -> Cells:
    """Compress the scoped voices into cells (see analysis.scoring), in a fixed order:
    first occurrence in voice order, so that a seed always draws the same replicates."""
    import numpy as np

    from vitalcore.analysis.scoring import Cells

    keyed = scoped.join(scopes, on=["scope_area", "group", "period"], maintain_order="left")
    key = ["scope", "source", "area_pcode", "mask", "severity", "ballot_key"]
    cells = keyed.group_by(key, maintain_order=True).agg(pl.col("weight").sum().alias("count"))
    sources = cells.select("scope", "source").unique(maintain_order=True).with_row_index(
        "source_pair")
    areas = cells.filter(pl.col("area_pcode").is_not_null()).select(
        "scope", "area_pcode").unique(maintain_order=True).with_row_index("area_pair")
    cells = cells.join(sources, on=["scope", "source"], how="left", maintain_order="left")
    cells = cells.join(areas, on=["scope", "area_pcode"], how="left", maintain_order="left")
    keys = cells["ballot_key"].unique().sort().to_list()
    points = _ballot_points(keys)
    key_index = cells["ballot_key"].replace_strict(
        {k: i for i, k in enumerate(keys)}, return_dtype=pl.Int64
    ).to_numpy()
    mask = cells["mask"].to_numpy()
    spans_areas = scopes["scope_area"].to_numpy() == OVERALL
    return Cells(
        n_scopes=scopes.height,
        n_dims=len(DIMENSIONS),
        scope=cells["scope"].to_numpy().astype(np.int64),
        count=cells["count"].to_numpy().astype(np.int64),
        hits=((mask[:, None] >> np.arange(len(DIMENSIONS))[None, :]) & 1).astype(bool),
        severity=cells["severity"].to_numpy().astype(float),
        source_pair=cells["source_pair"].to_numpy().astype(np.int64),
        source_pair_scope=sources["scope"].to_numpy().astype(np.int64),
        area_pair=cells["area_pair"].fill_null(-1).to_numpy().astype(np.int64),
        area_pair_scope=areas["scope"].to_numpy().astype(np.int64),
        ballot=cells["ballot_key"].to_numpy() != "",
        points=points[key_index],
        area_share_scopes=spans_areas if "area_pcode" in by else np.ones(scopes.height, bool),
    )


RANK_SCHEMA = {
    "area_pcode": pl.String, "group": pl.String, "period": pl.String,
    "dimension": pl.String, "rank": pl.Int64, "rank_low": pl.Int64, "rank_high": pl.Int64,
    "score": pl.Float64, "score_low": pl.Float64, "score_high": pl.Float64,
    "pervasiveness": pl.Float64, "severity": pl.Float64, "priority_weight": pl.Float64,
    "voice_share": pl.Float64, "source_share": pl.Float64, "area_share": pl.Float64,
    "voices": pl.Int64, "voices_in_scope": pl.Int64, "ballots": pl.Int64,
    "low_evidence": pl.Boolean, "tied": pl.Boolean, "voices_placed": pl.Int64,
    "note_codes": pl.List(pl.String),
}


def scope_notes(*, spans_areas: bool, voices: int, placed: int, areas: int, sources: int,
                ballots: int) -> list[str]:
    """The factors of a scope's score left out for want of data, as note codes.

    Thin data never yields a silent zero: a factor that cannot be measured is dropped
    from the product, and its note travels with the ranking to every output, which words
    it in its language (locales: common `rank_notes.<code>`).
    """
    notes = []
    if spans_areas and areas == 0:
        notes.append("no_area")
    elif spans_areas and placed < voices:
        notes.append("partial_area")
    if sources == 1:
        notes.append("one_source")
    if ballots == 0:
        notes.append("no_ballots")
    return notes


def rank_threats(
    voices: pl.DataFrame,
    *,
    by: Sequence[str] = ("area_pcode",),
    overall: bool = True,
    min_voices: int = 5,
    replicates: int = 200,
    seed: int = 0,
    blend: float = 0.5,
    period: str = "1mo",
    level: float = 0.95,
) -> pl.DataFrame:
    """Rank the dimensions in every scope of `by` (any of area_pcode, group, period).

    `voices` is the frame of `voice_table`, or a tally of it (`vital_core_tally`): a
    `weight` column, where present, says how many voices each row stands for. A scope
    column that is not split on holds ALL; with `overall` one more scope holds every
    voice. Each row (a dimension at least one voice of the scope reports) carries its
    rank and score with a `level` bootstrap interval over voices (`replicates` Poisson
    replicates from `seed`; 0 replicates leave the intervals null), the number of voices
    behind it, and `low_evidence` when those are fewer than `min_voices`. `period` is a
    polars duration such as 1w, 1mo, 3mo.
    """
    import numpy as np

    from vitalcore.analysis.scoring import bootstrap, estimate

    unknown = [b for b in by if b not in SCOPES]
    if unknown:
        raise ValueError(f"cannot rank by {unknown}: choose from {', '.join(SCOPES)}")
    if not 0 <= blend <= 1:
        raise ValueError(f"blend must lie in [0, 1], got {blend}")
    # Voice order fixes cell order, and cell order the replicates a seed draws.
    # The dimension bit mask and the ballot key are what cells are keyed by; computed
    # once per voice, before a voice is repeated in every scope it belongs to.
    if "weight" not in voices.columns:
        voices = voices.with_columns(pl.lit(1, dtype=pl.Int64).alias("weight"))
    order = ["voice_id"] if "voice_id" in voices.columns else list(TALLY_KEY)
    voices = voices.sort(order, nulls_last=True).with_columns(
        pl.col("dimensions").list.eval(pl.element().replace_strict(_BIT, return_dtype=pl.Int64))
        .list.sum().alias("mask"),
        pl.col("priorities").list.join(">").alias("ballot_key"),
    )
    parts = [_scoped(voices, by, period)]
    if overall and by:
        parts.append(_scoped(voices, (), period))
    scoped = pl.concat(parts, how="vertical_relaxed") if len(parts) > 1 else parts[0]
    if scoped.is_empty():
        return pl.DataFrame(schema=RANK_SCHEMA)
    scopes = (
        scoped.select("scope_area", "group", "period").unique()
        .sort("scope_area", "group", "period").with_row_index("scope")
        .with_columns(pl.col("scope").cast(pl.Int64))
    )
    cells = _cells(scoped, scopes, by)
    est = estimate(cells, blend=blend)
    s_idx, d_idx = np.nonzero(est.voices > 0)
    columns: dict[str, object] = {
        "scope": s_idx, "dimension": np.array(DIMENSIONS)[d_idx],
        "rank": est.rank[s_idx, d_idx], "score": est.score[s_idx, d_idx],
    }
    if replicates > 0:
        ci = bootstrap(cells, replicates=replicates, seed=seed, blend=blend, level=level)
        columns.update({name: ci[name][s_idx, d_idx] for name in ci})
    for name in ("pervasiveness", "severity", "priority_weight", "voice_share",
                 "source_share", "area_share", "voices"):
        columns[name] = getattr(est, name)[s_idx, d_idx]
    columns["voices_in_scope"] = est.voices_in_scope[s_idx]
    columns["ballots"] = est.ballots[s_idx]
    notes = [
        scope_notes(spans_areas=bool(cells.area_share_scopes[i]),
                    voices=int(est.voices_in_scope[i]), placed=int(est.placed[i]),
                    areas=int(est.areas[i]), sources=int(est.sources[i]),
                    ballots=int(est.ballots[i]))
        for i in range(scopes.height)
    ]
    columns["note_codes"] = pl.Series([notes[i] for i in s_idx], dtype=pl.List(pl.String))
    columns["voices_placed"] = est.placed[s_idx]
    table = pl.DataFrame(columns).with_columns(
        pl.col("area_share").fill_nan(None),
        (pl.col("voices") < min_voices).alias("low_evidence"),
        (pl.len().over("scope", "rank") > 1).alias("tied"),
    )
    table = table.join(scopes.rename({"scope_area": "area_pcode"}), on="scope")
    table = table.with_columns(
        pl.lit(None, dtype=t).alias(c) for c, t in RANK_SCHEMA.items() if c not in table.columns
    )
    return table.select(
        [pl.col(c).cast(t) for c, t in RANK_SCHEMA.items()]
    ).sort("area_pcode", "group", "period", "rank")


# What the vital-core ranking reads of a voice when it ranks per area without weights
# or intervals: voices alike in these are interchangeable to it.
TALLY_KEY = ("source", "area_pcode", "severity", "dimensions")


def vital_core_tally(labels: pl.DataFrame, *, threshold: float = 0.5) -> pl.DataFrame:
    """The voices of `labels` counted by what `rank_vital_core` reads of them.

    Columns: source, area_pcode, severity, dimensions (as in `voice_table`) and weight
    (how many voices). Tallies of label frames that share no voice add up
    (`combine_tallies`), and the ranking of the sum equals the ranking of the union:
    so a cluster ranks a whole dataset from a few rows per partition instead of one
    row per voice and dimension.
    """
    return voice_tally(voice_table(labels, threshold=threshold))


def voice_tally(voices: pl.DataFrame) -> pl.DataFrame:
    """The voices of a voice table (`voice_table`, `classified_voice_table`) counted by
    what `rank_vital_core` reads of them, as `vital_core_tally` counts a label frame's."""
    return _summed(voices.group_by(TALLY_KEY).agg(pl.len().cast(pl.Int64).alias("weight")))


def combine_tallies(tallies: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """The tally of the union of voice-disjoint label frames, from their tallies."""
    if not tallies:
        return vital_core_tally(pl.DataFrame(schema=_EMPTY_LABELS))
    frame = pl.concat(tallies, how="vertical")
    return _summed(frame.group_by(TALLY_KEY).agg(pl.col("weight").sum()))


def _summed(tally: pl.DataFrame) -> pl.DataFrame:
    # A fixed row order, so that equal tallies compare equal whatever the partitions.
    return tally.sort(
        pl.col("source"), pl.col("area_pcode"), pl.col("severity"),
        pl.col("dimensions").list.join(","), nulls_last=True,
    ).select(*TALLY_KEY, "weight")


_EMPTY_LABELS = {
    "voice_id": pl.String, "source": pl.String, "area_pcode": pl.String, "kind": pl.String,
    "label": pl.String, "score": pl.Float64, "severity": pl.Int64,
}


def rank_vital_core(
    labels: pl.DataFrame,
    *,
    threshold: float = 0.5,
    min_voices: int = 5,
    per_area: bool = True,
) -> pl.DataFrame:
    """Rank dimensions per area and overall (area_pcode == 'ALL'), without intervals.

    The walking skeleton's entry point, kept for the demo: `rank_threats` on the
    voices of `labels`, no community weights, no bootstrap.
    """
    return rank_tally(vital_core_tally(labels, threshold=threshold),
                      min_voices=min_voices, per_area=per_area)


def rank_tally(tally: pl.DataFrame, *, min_voices: int = 5, per_area: bool = True
               ) -> pl.DataFrame:
    """`rank_vital_core` from a tally of voices (`vital_core_tally`, `combine_tallies`)."""
    voices = tally.with_columns(pl.lit([], dtype=pl.List(pl.String)).alias("priorities"))
    table = rank_threats(
        voices, by=("area_pcode",) if per_area else (), min_voices=min_voices, replicates=0,
    )
    return table.select(
        "area_pcode", "dimension", "rank", "score", "pervasiveness", "severity",
        "voice_share", "source_share", "voices", "voices_in_scope", "low_evidence",
    )
