"""Three tiers: for each top threat, who is expected to act and what each tier does.

For each (area, dimension) among the top threats, one row per tier (state,
international actors, community) with

- expected: the tier's own expected conduct for the dimension when given (law/tiers.yaml,
  issue 25), else the tier's general role from taxonomy/tiers.yaml; legal_basis and
  duty_bearers: the tier's own, from the legal knowledge base when given;
- done: the recorded actions in that area and dimension attributed to the tier
  (issue 7's actions; an action's own `tier` column wins, else its `kind` is looked up
  in tiers.yaml);
- community capacity: for the community tier, the voices describing capacities,
  coping, peace-committee activity or solutions (analysis.resilience);
- missing: in words, which of these inputs was absent, so a blank never reads as
  "nothing is being done".

See docs/methods/tiers.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

TIERS = ("state", "international", "community")
_SCHEMA = {
    "area_pcode": pl.String, "dimension": pl.String, "rank": pl.Int64, "tier": pl.String,
    "label": pl.String, "expected": pl.String, "legal_basis": pl.List(pl.String),
    "duty_bearers": pl.List(pl.String), "actions": pl.Int64,
    "action_kinds": pl.List(pl.String), "community_voices": pl.Int64, "missing": pl.String,
}


def _legal_by_dimension(legal: pl.DataFrame, threat_dimension: Mapping[str, str]
                        ) -> pl.DataFrame:
    """Legal rows keyed by (dimension, tier); threat-type rows are lifted to dimensions."""
    if "dimension" not in legal.columns:
        if "threat_type" not in legal.columns:
            raise ValueError("the legal frame needs a 'dimension' or 'threat_type' column")
        legal = legal.with_columns(
            pl.col("threat_type").replace_strict(dict(threat_dimension), default=None)
            .alias("dimension")
        )
    for col in ("tier", "duty_bearer", "instrument"):
        if col not in legal.columns:
            raise ValueError(f"the legal frame lacks column {col!r}")
    article = pl.col("article") if "article" in legal.columns else pl.lit(None, pl.String)
    basis = pl.when(article.is_not_null()).then(
        pl.concat_str(pl.col("instrument"), pl.lit(" art. "), article.cast(pl.String))
    ).otherwise(pl.col("instrument"))
    return legal.filter(pl.col("dimension").is_not_null()).group_by("dimension", "tier").agg(
        basis.unique().sort().alias("legal_basis"),
        pl.col("duty_bearer").unique().sort().alias("duty_bearers"),
    )


def _actions_by_tier(actions: pl.DataFrame, roles: Mapping[str, Any]) -> pl.DataFrame:
    for col in ("area_pcode", "dimension", "kind"):
        if col not in actions.columns:
            raise ValueError(f"the actions frame lacks column {col!r}")
    kind_tier = {k: tier for tier in TIERS for k in roles[tier].get("action_kinds", [])}
    tier = pl.col("kind").replace_strict(kind_tier, default=None)
    if "tier" in actions.columns:
        tier = pl.coalesce(pl.col("tier"), tier)
    return actions.with_columns(tier.alias("tier"))


def three_tiers(
    top_threats: pl.DataFrame,
    *,
    roles: Mapping[str, Any],
    legal: pl.DataFrame | None = None,
    threat_dimension: Mapping[str, str] | None = None,
    actions: pl.DataFrame | None = None,
    capacities: pl.DataFrame | None = None,
    conduct: Mapping[tuple[str, str], str] | None = None,
) -> pl.DataFrame:
    """Who is expected to act on each top threat, and what each tier is doing.

    `top_threats`: area_pcode, dimension, rank (e.g. a `rank_threats` table cut to the
    top ranks). `roles`: the parsed taxonomy/tiers.yaml. `legal`: rows of dimension or
    threat_type, tier, duty_bearer, instrument[, article]. `actions`: rows of
    area_pcode, dimension, kind[, tier]. `capacities`: `resilience.capacities` output.
    `conduct`: (dimension, tier) -> what that tier is expected to do, replacing the
    general role where given.
    """
    missing_roles = [t for t in TIERS if t not in roles]
    if missing_roles:
        raise ValueError(f"tiers.yaml lacks the tier(s) {', '.join(missing_roles)}")
    grid = top_threats.select("area_pcode", "dimension", "rank").join(
        pl.DataFrame({"tier": list(TIERS)}), how="cross"
    ).with_columns(
        pl.col("tier").replace_strict({t: roles[t]["role"] for t in TIERS}).alias("expected"),
        pl.col("tier").replace_strict({t: roles[t].get("label", t) for t in TIERS})
        .alias("label"),
    )
    if conduct:
        own = pl.DataFrame(
            [{"dimension": d, "tier": t, "conduct": text} for (d, t), text in conduct.items()],
            schema={"dimension": pl.String, "tier": pl.String, "conduct": pl.String})
        grid = grid.join(own, on=["dimension", "tier"], how="left").with_columns(
            pl.coalesce("conduct", "expected").alias("expected")).drop("conduct")
    notes: list[str] = []
    if legal is not None:
        grid = grid.join(_legal_by_dimension(legal, threat_dimension or {}),
                         on=["dimension", "tier"], how="left")
    else:
        notes.append("no legal knowledge base loaded (law/): general roles shown")
        grid = grid.with_columns(pl.lit(None, pl.List(pl.String)).alias("legal_basis"),
                                 pl.lit(None, pl.List(pl.String)).alias("duty_bearers"))
    if actions is not None:
        tagged = _actions_by_tier(actions, roles)
        unattributed = tagged.filter(pl.col("tier").is_null())["kind"].unique().sort()
        if unattributed.len():
            notes.append("actions of kind " + ", ".join(unattributed.to_list())
                         + " not attributed to a tier (add them to taxonomy/tiers.yaml)")
        done = tagged.filter(pl.col("tier").is_not_null()).group_by(
            "area_pcode", "dimension", "tier").agg(
            pl.len().cast(pl.Int64).alias("actions"),
            pl.col("kind").unique().sort().alias("action_kinds"),
        )
        grid = grid.join(done, on=["area_pcode", "dimension", "tier"], how="left")\
            .with_columns(pl.col("actions").fill_null(0))
    else:
        notes.append("no actions recorded: what each tier does is unknown")
        grid = grid.with_columns(pl.lit(None, pl.Int64).alias("actions"),
                                 pl.lit(None, pl.List(pl.String)).alias("action_kinds"))
    if capacities is not None:
        community = capacities.select(
            "area_pcode", "dimension", pl.col("capacity_total").cast(pl.Int64)
            .alias("community_voices"), pl.lit("community").alias("tier"))
        grid = grid.join(community, on=["area_pcode", "dimension", "tier"], how="left")\
            .with_columns(pl.when(pl.col("tier") == "community")
                          .then(pl.col("community_voices").fill_null(0)))
    else:
        notes.append("no capacity evidence given: the community tier shows its role only")
        grid = grid.with_columns(pl.lit(None, pl.Int64).alias("community_voices"))
    missing = "; ".join(notes) if notes else None
    grid = grid.with_columns(pl.lit(missing, pl.String).alias("missing"))
    order = {t: i for i, t in enumerate(TIERS)}
    return grid.select([pl.col(c).cast(t) for c, t in _SCHEMA.items()]).sort(
        "area_pcode", "rank", pl.col("tier").replace_strict(order, return_dtype=pl.Int64)
    )
