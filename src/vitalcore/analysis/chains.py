"""Threat chains: which threats travel together, which come first, and where chains start.

1. Co-occurrence (`cooccurrence`): over units u (voices, or area-periods), for labels
   a, b with n_a, n_b units reporting each, n_ab both, N units:
       lift = n_ab N / (n_a n_b),  PMI = log2 lift  (Church & Hanks 1990),
       NPMI = PMI / -log2(n_ab / N)  (Bouma 2009),
       p = P(X >= n_ab), X ~ Hypergeometric(N, n_a, n_b)  (one-sided Fisher exact test),
       q = Benjamini-Hochberg adjusted p over all pairs tested.
2. Temporal precedence (`precedence`, in analysis.granger): per area the weekly (or
   monthly) share of voices reporting each label; for each ordered pair x -> y a pooled
   panel Granger test (Granger 1969; Holtz-Eakin, Newey & Rosen 1988) with area fixed
   effects:
       y[i,t] = a_i + sum_l b_l y[i,t-l] + sum_l g_l x[i,t-l] + e,  H0: all g_l = 0,
       F = ((RSS_r - RSS_u) / L) / (RSS_u / (n - areas - 2L)),
   and the within-area lagged correlation corr(x[t-l], y[t]) at the best lag.
3. Onset order (analysis.onsets): level shifts that follow each other area by area;
   `background_series` gives each label's share without the voices of the area's other
   risen labels, for a second pass of onsets.
4. Rise after the cause (analysis.rises.rise_precedence): the effect's rise pooled over
   the areas where the cause rose (an event study).
5. `chain_graph` joins them into a networkx DiGraph; `root_causes` and `chains` read it.

See docs/methods/chains.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from vitalcore.analysis.fdr import bh_adjusted
from vitalcore.analysis.tails import hypergeom_sf

if TYPE_CHECKING:
    import networkx as nx

_COOC_SCHEMA = {
    "label_a": pl.String, "label_b": pl.String, "n_a": pl.Int64, "n_b": pl.Int64,
    "n_ab": pl.Int64, "units": pl.Int64, "lift": pl.Float64, "pmi": pl.Float64,
    "npmi": pl.Float64, "p_value": pl.Float64, "q_value": pl.Float64,
    "significant": pl.Boolean,
}


def _units(voices: pl.DataFrame, labels: str, level: str, period: str,
           min_voices: int) -> tuple[pl.DataFrame, int]:
    """(unit, label) pairs, one per label present in a unit, and the number of units
    (units where no label is present count too)."""
    if level == "voice":
        pairs = (voices.select(pl.col("voice_id").alias("unit"), pl.col(labels).alias("label"))
                 .explode("label").filter(pl.col("label").is_not_null()).unique())
        return pairs, voices.select(pl.col("voice_id").n_unique()).item()
    if level != "area":
        raise ValueError(f"level must be 'voice' or 'area', got {level!r}")
    located = voices.filter(pl.col("area_pcode").is_not_null() & pl.col("occurred_at")
                            .is_not_null())
    unit = pl.concat_str(pl.col("area_pcode"), pl.lit("|"),
                         pl.col("occurred_at").dt.truncate(period).dt.strftime("%Y-%m-%d"))
    counts = located.select(unit.alias("unit"), pl.col(labels).alias("label"))
    present = (
        counts.explode("label").filter(pl.col("label").is_not_null())
        .group_by("unit", "label").agg(pl.len().alias("n"))
        .filter(pl.col("n") >= min_voices).select("unit", "label")
    )
    return present, counts.select(pl.col("unit").n_unique()).item()


def cooccurrence(
    voices: pl.DataFrame,
    *,
    labels: str = "dimensions",
    level: str = "voice",
    period: str = "1mo",
    min_voices: int = 3,
    alpha: float = 0.05,
) -> pl.DataFrame:
    """Lift, PMI and a one-sided Fisher exact test for every pair of labels.

    `voices` is the frame of `voice_table`; `labels` its list column (dimensions or
    threats). level='voice': a unit is a voice. level='area': a unit is an area and
    `period`, and a label is present there when at least `min_voices` voices report it.
    """
    present, n_units = _units(voices, labels, level, period, min_voices)
    singles = present.group_by("label").agg(pl.len().alias("n"))
    joint = (
        present.join(present, on="unit", suffix="_b")
        .filter(pl.col("label") < pl.col("label_b"))
        .group_by(pl.col("label").alias("label_a"), "label_b").agg(pl.len().alias("n_ab"))
    )
    grid = singles.rename({"label": "label_a", "n": "n_a"}).join(
        singles.rename({"label": "label_b", "n": "n_b"}), how="cross"
    ).filter(pl.col("label_a") < pl.col("label_b"))
    table = grid.join(joint, on=["label_a", "label_b"], how="left").with_columns(
        pl.col("n_ab").fill_null(0), pl.lit(n_units).alias("units")
    )
    if table.is_empty():
        return pl.DataFrame(schema=_COOC_SCHEMA)
    n_ab, n_a, n_b = (table[c].to_numpy() for c in ("n_ab", "n_a", "n_b"))
    p = hypergeom_sf(n_ab - 1, n_units, n_a, n_b)
    lift = n_ab * n_units / (n_a * n_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.where(n_ab > 0, np.log2(lift), -np.inf)
        npmi = np.where(n_ab == n_units, 1.0,
                        np.where(n_ab > 0, pmi / -np.log2(n_ab / n_units), -1.0))
    q = bh_adjusted(p)
    table = table.with_columns(
        pl.Series("lift", lift), pl.Series("pmi", pmi), pl.Series("npmi", npmi),
        pl.Series("p_value", p), pl.Series("q_value", q),
    ).with_columns(((pl.col("q_value") < alpha) & (pl.col("lift") > 1)).alias("significant"))
    # Ties (many pairs have q = 0) in label order: the same table on every run.
    return table.select([pl.col(c).cast(t) for c, t in _COOC_SCHEMA.items()]).sort(
        "q_value", "lift", "label_a", "label_b", descending=[False, True, False, False]
    )


def label_series(voices: pl.DataFrame, *, labels: str = "dimensions",
                 period: str = "1w") -> pl.DataFrame:
    """Per area, period and label: voices, voices in the area-period, and share.

    Periods with no voice in an area between its first and last are filled with 0,
    so lags mean calendar periods, not rows.
    """
    located = voices.filter(pl.col("area_pcode").is_not_null()
                            & pl.col("occurred_at").is_not_null()).with_columns(
        pl.col("occurred_at").dt.truncate(period).alias("period")
    )
    totals = located.group_by("area_pcode", "period").agg(pl.len().alias("total"))
    counts = (
        located.select("area_pcode", "period", pl.col(labels).alias("label"))
        .explode("label").filter(pl.col("label").is_not_null())
        .group_by("area_pcode", "period", "label").agg(pl.len().alias("voices"))
    )
    if located.is_empty():
        return pl.DataFrame(schema={"area_pcode": pl.String, "period": pl.Datetime("us"),
                                    "label": pl.String, "voices": pl.Int64,
                                    "total": pl.Int64, "share": pl.Float64})
    start, end = located["period"].min(), located["period"].max()
    calendar = pl.DataFrame({"period": pl.datetime_range(start, end, period, eager=True)})
    spans = totals.group_by("area_pcode").agg(pl.col("period").min().alias("first"),
                                              pl.col("period").max().alias("last"))
    names = counts.select("label").unique()
    grid = spans.join(calendar, how="cross").filter(
        pl.col("period").is_between(pl.col("first"), pl.col("last"))
    ).drop("first", "last").join(names, how="cross")
    return (
        grid.join(totals, on=["area_pcode", "period"], how="left")
        .join(counts, on=["area_pcode", "period", "label"], how="left")
        .with_columns(pl.col("voices").fill_null(0).cast(pl.Int64),
                      pl.col("total").fill_null(0).cast(pl.Int64))
        .with_columns(pl.when(pl.col("total") > 0).then(pl.col("voices") / pl.col("total"))
                      .otherwise(0.0).alias("share"))
        .sort("area_pcode", "label", "period")
    )


def background_series(voices: pl.DataFrame, risen: pl.DataFrame, *,
                      labels: str = "dimensions", period: str = "1w",
                      series: pl.DataFrame | None = None) -> pl.DataFrame:
    """`label_series` with each label's share taken among the area's voices less those
    about the area's *other* risen labels: the denominator a label's rise is tested
    against when other threats surge in the same area (docs/methods/chains.md).

    `risen` holds (area_pcode, label) pairs, the onsets already found (analysis.onsets).
    For label L in area a, a voice counts in the total when it reports L or none of a's
    risen labels other than L:

        total_L[a, t] = B[a, t] + R_L[a, t]
        B   = voices of a in period t that report no risen label of a,
        R_L = voices of a in t that report L and at least one risen label of a
              (L itself or another),

    and `voices` is every voice reporting L, as in `label_series`. An area with no risen
    label keeps its totals; a label's own voices are never taken out. Why: a share stands
    for how much of what an area says is about L, and the voices of other threats that
    surge there (a chain's later steps, an epidemic) are news, not volume; counted in the
    total, they dilute L's rise though its voices did not fall. `series`: the
    `label_series` of the same voices, labels and period, when the caller has it.
    """
    if series is None:
        series = label_series(voices, labels=labels, period=period)
    if series.is_empty() or risen.is_empty():
        return series
    located = voices.filter(pl.col("area_pcode").is_not_null()
                            & pl.col("occurred_at").is_not_null()).select(
        "voice_id", "area_pcode",
        pl.col("occurred_at").dt.truncate(period).alias("period"),
        pl.col(labels).alias("label"))
    flagged = risen.select("area_pcode", "label").unique().with_columns(
        pl.lit(True).alias("risen"))
    tags = (located.explode("label").filter(pl.col("label").is_not_null()).unique(
        ["voice_id", "label"])
        .join(flagged, on=["area_pcode", "label"], how="left")
        .with_columns(pl.col("risen").fill_null(False)))
    any_risen = tags.group_by("voice_id").agg(pl.col("risen").any().alias("any_risen"))
    per_voice = located.select("voice_id", "area_pcode", "period").unique("voice_id").join(
        any_risen, on="voice_id", how="left").with_columns(
        pl.col("any_risen").fill_null(False))
    background = per_voice.filter(~pl.col("any_risen")).group_by(
        "area_pcode", "period").agg(pl.len().alias("_b"))
    with_risen = tags.join(any_risen.filter(pl.col("any_risen")), on="voice_id").group_by(
        "area_pcode", "period", "label").agg(pl.len().alias("_r"))
    return (
        series.join(background, on=["area_pcode", "period"], how="left")
        .join(with_risen, on=["area_pcode", "period", "label"], how="left")
        .with_columns((pl.col("_b").fill_null(0) + pl.col("_r").fill_null(0))
                      .cast(pl.Int64).alias("total"))
        .with_columns(pl.when(pl.col("total") > 0).then(pl.col("voices") / pl.col("total"))
                      .otherwise(0.0).alias("share"))
        .drop("_b", "_r").sort("area_pcode", "label", "period")
    )


ECHO_NPMI = 0.3  # voice-level NPMI from which two labels tell one story (docs/methods/chains.md)


def chain_graph(precedence_table: pl.DataFrame,
                cooccurrence_table: pl.DataFrame | None = None,
                onset_table: pl.DataFrame | None = None,
                rise_table: pl.DataFrame | None = None,
                *,
                granger: bool = True,
                echo_npmi: float | None = ECHO_NPMI) -> nx.DiGraph:
    """A DiGraph with an edge cause -> effect for each significant precedence: by the
    Granger-type test (`precedence`, unless `granger` is False), by onset order
    (`onsets.onset_precedence`) or by the rise after the cause (`rise_precedence`).

    Edge attributes: methods ("granger", "onset", "rise"), weight in [0, 1] (the
    larger of the lagged correlation and the share of areas where the cause rose
    first), lag (periods), q_value (the smaller), evidence, feedback (the reverse edge
    is there too), and lift / pmi / n_ab of the pair when a co-occurrence table is
    given. Every label tested is a node.

    Echoes (with a voice-level co-occurrence table and `echo_npmi`): labels whose
    voices overlap far beyond chance (significant, NPMI >= echo_npmi) tell one story
    with two tags, e.g. a drought voice also tagged flood. An edge between two such
    labels is no sequence: it is left out of the graph and listed in
    graph.graph["echoes"] (cause, effect, echo_of). An edge that repeats a stronger one
    (smaller q) through such labels at either end stays, with `echo_of` naming the
    stronger edge ("c -> d"; None otherwise): which of two tags of the same voices
    carries the story is not for the data to say.
    """
    import networkx as nx  # where a graph is made: the tables above need none (0.1 s)

    graph = nx.DiGraph()
    # Nodes in label order: the order cycles are found and broken in (_acyclic) and the
    # graph's rows are listed in must not change from run to run.
    graph.add_nodes_from(sorted(precedence_table["cause"].unique().to_list()))
    cooc = {}
    if cooccurrence_table is not None:
        for row in cooccurrence_table.iter_rows(named=True):
            cooc[frozenset((row["label_a"], row["label_b"]))] = row
    found: list[tuple[str, dict]] = [
        ("granger", {"cause": r["cause"], "effect": r["effect"], "weight": r["correlation"],
                     "lag": float(r["lag"]), "q_value": r["q_value"],
                     "evidence": r["evidence"]})
        for r in precedence_table.filter(pl.col("significant")).iter_rows(named=True)
    ] if granger else []
    for method, table in (("onset", onset_table), ("rise", rise_table)):
        if table is None:
            continue
        graph.add_nodes_from(sorted(table["cause"].unique().to_list()))
        found += [(method, {k: r[k] for k in ("cause", "effect", "weight", "lag",
                                               "q_value", "evidence")})
                  for r in table.filter(pl.col("significant")).iter_rows(named=True)]
    for method, row in found:
        a, b = row["cause"], row["effect"]
        if graph.has_edge(a, b):
            edge = graph[a][b]
            edge["methods"] = sorted({*edge["methods"], method})
            edge["weight"] = max(edge["weight"], row["weight"])
            edge["q_value"] = min(edge["q_value"], row["q_value"])
            edge["evidence"] = max(edge["evidence"], row["evidence"])
            continue
        attrs = {"methods": [method], "weight": row["weight"], "lag": row["lag"],
                 "q_value": row["q_value"], "evidence": row["evidence"]}
        pair = cooc.get(frozenset((a, b)))
        if pair is not None:
            attrs.update(lift=pair["lift"], pmi=pair["pmi"], n_ab=pair["n_ab"])
        graph.add_edge(a, b, **attrs)
    echoes = _echoes(graph, cooc, echo_npmi) if echo_npmi is not None else {}
    graph.graph["echoes"] = [{"cause": a, "effect": b, "echo_of": of}
                             for (a, b), of in echoes.items() if " = " in of]
    graph.remove_edges_from((e["cause"], e["effect"]) for e in graph.graph["echoes"])
    for (a, b), of in echoes.items():
        if graph.has_edge(a, b):
            graph[a][b]["echo_of"] = of
    for a, b in graph.edges:
        graph[a][b]["feedback"] = graph.has_edge(b, a)
        graph[a][b].setdefault("echo_of", None)
    return graph


def _echoes(graph: nx.DiGraph, cooc: dict, echo_npmi: float) -> dict[tuple[str, str], str]:
    """Edge -> what it echoes: "a = b" (the two labels tell one story) or "c -> d" (a
    stronger edge through labels that tell the same stories)."""
    tells: dict[str, set[str]] = {}
    for row in cooc.values():
        if row["significant"] and row["npmi"] >= echo_npmi:
            tells.setdefault(row["label_a"], set()).add(row["label_b"])
            tells.setdefault(row["label_b"], set()).add(row["label_a"])

    def strength(a: str, b: str) -> tuple[float, float, str, str]:
        edge = graph[a][b]
        return (edge["q_value"], -edge["weight"], a, b)

    echoes = {}
    for a, b in graph.edges:
        if b in tells.get(a, ()):
            echoes[(a, b)] = f"{a} = {b}"
            continue
        rivals = [(c, d) for c in {a, *tells.get(a, ())} for d in {b, *tells.get(b, ())}
                  if (c, d) != (a, b) and graph.has_edge(c, d)
                  and d not in tells.get(c, ()) and strength(c, d) < strength(a, b)]
        if rivals:
            c, d = min(rivals, key=lambda e: strength(*e))
            echoes[(a, b)] = f"{c} -> {d}"
    return echoes


def _acyclic(graph: nx.DiGraph) -> nx.DiGraph:
    """Break every cycle at its weakest edge (smallest weight), so paths read one way.

    A feedback pair a <-> b keeps its stronger direction; longer loops lose their
    weakest link. The full graph keeps every edge; only chains and roots read this.
    """
    import networkx as nx

    dag = graph.copy()
    while True:
        try:
            cycle = nx.find_cycle(dag)
        except nx.NetworkXNoCycle:
            return dag
        weakest = min(cycle, key=lambda e: (dag[e[0]][e[1]]["weight"], e))
        dag.remove_edge(weakest[0], weakest[1])


def root_causes(graph: nx.DiGraph) -> pl.DataFrame:
    """Nodes that drive others and are driven by none: root-cause candidates first.

    Columns: label, reach (labels reachable downstream), out_weight, in_weight,
    root (no incoming edge once feedback pairs keep only their stronger direction).
    """
    import networkx as nx

    dag = _acyclic(graph)
    rows = []
    for node in graph.nodes:
        rows.append((
            node, len(nx.descendants(dag, node)),
            float(sum(d["weight"] for *_, d in graph.out_edges(node, data=True))),
            float(sum(d["weight"] for *_, d in graph.in_edges(node, data=True))),
            dag.in_degree(node) == 0 and dag.out_degree(node) > 0,
        ))
    schema = {"label": pl.String, "reach": pl.Int64, "out_weight": pl.Float64,
              "in_weight": pl.Float64, "root": pl.Boolean}
    return pl.DataFrame(rows, schema=schema, orient="row").sort(
        "root", "reach", "out_weight", "label", descending=[True, True, True, False]
    )


def chains(graph: nx.DiGraph, *, max_length: int = 5, top: int = 10) -> pl.DataFrame:
    """The strongest complete paths, from a root-cause candidate to a label that feeds
    no other (each feedback pair kept in its stronger direction).

    A chain's strength is its weakest edge's weight (a chain holds as well as its
    weakest link); ties go to the longer chain. Chains are read on the transitive
    reduction: a direct edge a -> c that a path a -> b -> c already explains is the
    same chain seen at a longer lag, not a chain of its own. Columns: chain (list of labels),
    length, strength, evidence (the smallest edge evidence along it).
    """
    import networkx as nx

    full = _acyclic(graph)
    dag = nx.transitive_reduction(full)
    dag.add_edges_from((a, b, full[a][b]) for a, b in dag.edges)
    roots = [n for n in dag.nodes if dag.in_degree(n) == 0 and dag.out_degree(n) > 0]
    sinks = [n for n in dag.nodes if dag.out_degree(n) == 0 and dag.in_degree(n) > 0]
    rows = []
    for root in roots:
        for target in sinks:
            for path in nx.all_simple_paths(dag, root, target, cutoff=max_length - 1):
                edges = list(zip(path, path[1:], strict=False))
                rows.append((
                    path, len(path),
                    min(dag[a][b]["weight"] for a, b in edges),
                    min(dag[a][b]["evidence"] for a, b in edges),
                ))
    schema = {"chain": pl.List(pl.String), "length": pl.Int64, "strength": pl.Float64,
              "evidence": pl.Int64}
    table = pl.DataFrame(rows, schema=schema, orient="row")
    # Equal chains in the order of their labels: which of them make the top must not
    # change from run to run.
    return (table.with_columns(pl.col("chain").list.join(" > ").alias("_order"))
            .sort("strength", "length", "_order", descending=[True, True, False])
            .head(top).drop("_order"))
