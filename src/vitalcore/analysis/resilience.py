"""Resilience: the capacities and coping people describe, and where they fall short.

Evidence of capacity for dimension d in an area comes from four kinds of voice:

- a voice whose text matches a capacity cue for d (taxonomy/resilience.yaml);
- a voice describing local peace-committee or dialogue activity (kind peace_committee);
- a coping answer (kind coping; surveys ask "what does your household do when...");
- a voice proposing a solution: it counts for the dimensions the voice itself reports,
  and for those of any cue its solution text matches.

Negative coping (selling the herd, skipping meals) is counted apart as strain. Per area
and dimension, with T the voices reporting the threat and C the voices of capacity:

    capacity_ratio = C / T
    gap            = score x (1 - min(1, capacity_ratio))
    resilience_gap = rank <= top and capacity_ratio < min_ratio and not low_evidence

See docs/methods/resilience.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from vitalcore.classify.text import fold, fold_series, term_pattern

KINDS = ("capacity", "peace_committee", "coping", "negative_coping")
POSITIVE = ("capacity", "peace_committee", "coping", "solution")


@dataclass(frozen=True)
class CapacityCue:
    """One reviewed cue: its name, kind, the dimensions it answers and its pattern;
    `literals`, when given, the folded words of its terms (without a trailing *), one
    of which any text the pattern matches contains."""

    name: str
    kind: str
    dimensions: tuple[str, ...]
    pattern: re.Pattern[str]
    literals: tuple[str, ...] = ()


def compile_cues(spec: Mapping[str, Any], *, source: str = "resilience.yaml") -> tuple[
        CapacityCue, ...]:
    """Cues from the parsed resilience file; every language's terms are joined."""
    cues = []
    for name, entry in (spec.get("cues") or {}).items():
        where = f"{source}, cue {name!r}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where}: expected a mapping with kind, dimensions, terms")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{where}: field 'kind' is {kind!r}, expected one of {KINDS}")
        dims = tuple(entry.get("dimensions") or ())
        terms = [t for words in (entry.get("terms") or {}).values() for t in words]
        if not dims or not terms:
            raise ValueError(f"{where}: fields 'dimensions' and 'terms' must not be empty")
        inner = [t for t in terms if "*" in t[:-1]]
        if inner:
            # term_pattern reads * only at the end; inside a term it would match a star.
            raise ValueError(f"{where}: term {inner[0]!r} has a * before its end; "
                             "a * may only end a term")
        literals = tuple(sorted({fold(t).removesuffix("*") for t in terms}))
        cues.append(CapacityCue(name, kind, dims, term_pattern(terms), literals))
    return tuple(cues)


def capacity_evidence(
    texts: pl.DataFrame, voices: pl.DataFrame, cues: tuple[CapacityCue, ...]
) -> pl.DataFrame:
    """One row per (voice, dimension, kind, cue) of capacity or strain evidence.

    `texts` has voice_id, area_pcode, text, solution (`store.voice_texts_frame`);
    `voices` has voice_id and dimensions (`voice_table`), for the solutions.
    Columns: voice_id, area_pcode, dimension, kind, cue.
    """
    rows: list[tuple[str, str | None, str, str, str]] = []
    ids, areas = texts["voice_id"].to_list(), texts["area_pcode"].to_list()
    folded = fold_series(texts.select(pl.concat_str(
        pl.col("text").fill_null(""), pl.lit(" "), pl.col("solution").fill_null("")
    )).to_series())
    words = folded.to_list()
    for cue in cues:
        # The cue's words, found by polars in all texts at once, leave the few texts
        # worth the pattern: a twentieth of searching every text with every pattern.
        found = (folded.str.contains_any(list(cue.literals)).arg_true().to_list()
                 if cue.literals else range(len(words)))
        for i in found:
            if cue.pattern.search(words[i]):
                rows.extend((ids[i], areas[i], d, cue.kind, cue.name) for d in cue.dimensions)
    schema = {"voice_id": pl.String, "area_pcode": pl.String, "dimension": pl.String,
              "kind": pl.String, "cue": pl.String}
    matched = pl.DataFrame(rows, schema=schema, orient="row")
    solutions = (
        texts.filter(pl.col("solution").str.strip_chars().str.len_chars() > 0)
        .select("voice_id", "area_pcode")
        .join(voices.select("voice_id", "dimensions"), on="voice_id")
        .explode("dimensions").filter(pl.col("dimensions").is_not_null())
        .select("voice_id", "area_pcode", pl.col("dimensions").alias("dimension"),
                pl.lit("solution").alias("kind"), pl.lit("proposed solution").alias("cue"))
    )
    return pl.concat([matched, solutions]).unique().sort("voice_id", "dimension", "kind", "cue")


def capacities(evidence: pl.DataFrame) -> pl.DataFrame:
    """Per (area, dimension): distinct voices of each kind, and of any positive kind."""
    located = evidence.filter(pl.col("area_pcode").is_not_null())
    per_kind = located.group_by("area_pcode", "dimension").agg(
        *[pl.col("voice_id").filter(pl.col("kind") == k).n_unique().cast(pl.Int64)
          .alias(f"{k}_voices") for k in (*KINDS, "solution")],
        pl.col("voice_id").filter(pl.col("kind").is_in(POSITIVE)).n_unique().cast(pl.Int64)
        .alias("capacity_total"),
    )
    return per_kind.sort("area_pcode", "dimension")


def resilience_gaps(
    ranking: pl.DataFrame,
    evidence: pl.DataFrame,
    *,
    top: int = 3,
    min_ratio: float = 0.25,
) -> pl.DataFrame:
    """Threat beside capacity per (area, dimension), with the resilience-gap flag.

    `ranking` is a per-area `rank_threats` table (area_pcode, dimension, rank, score,
    voices, low_evidence); the overall scope ALL is left out.
    """
    threat = ranking.filter(pl.col("area_pcode") != "ALL").select(
        "area_pcode", "dimension", "rank", "score", pl.col("voices").alias("threat_voices"),
        "low_evidence",
    )
    caps = capacities(evidence)
    zero = [c for c in caps.columns if c.endswith("_voices") or c == "capacity_total"]
    table = threat.join(caps, on=["area_pcode", "dimension"], how="left").with_columns(
        pl.col(zero).fill_null(0)
    )
    ratio = pl.col("capacity_total") / pl.col("threat_voices")
    return table.with_columns(ratio.alias("capacity_ratio")).with_columns(
        (pl.col("score") * (1 - pl.min_horizontal(pl.col("capacity_ratio"), 1.0)))
        .alias("gap"),
        ((pl.col("rank") <= top) & (pl.col("capacity_ratio") < min_ratio)
         & ~pl.col("low_evidence")).alias("resilience_gap"),
    ).sort("area_pcode", "rank")
