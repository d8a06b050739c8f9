"""vitalcore chains and vitalcore tiers: how threats feed each other, and who acts."""

from __future__ import annotations

from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import (
    AREAS_SHOWN,
    AreaOption,
    AreasShownOption,
    DbOption,
    JsonOption,
    WideOption,
    busiest_rows,
    console,
    example,
    fail,
    print_areas_left,
    print_json,
)
from vitalcore.cli.kept import kept
from vitalcore.cli.tables import Table

app = typer.Typer()


@app.command(epilog=example("vitalcore chains", "vitalcore chains --threats --period 1mo",
                            "vitalcore chains --json"))
@kept()
def chains(
    threats: Annotated[bool, typer.Option("--threats", help="Threat types instead of "
                                          "dimensions.")] = False,
    period: Annotated[str, typer.Option(help="Series step: 1w, 2w, 1mo.")] = "1w",
    max_lag: Annotated[int, typer.Option(help="Lags tested, in periods.")] = 2,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Threat chains: co-occurrence (lift, PMI, Fisher), precedence (onset order, the
    rise after the cause where it rose, and panel Granger for reading), root-cause
    candidates and the strongest chains."""
    import polars as pl

    report = workflow.threat_chains(workflow.open_existing(db),
                                    labels="threats" if threats else "dimensions",
                                    period=period, max_lag=max_lag, memo=True)
    if as_json:
        print_json({
            "cooccurrence": report.cooccurrence.to_dicts(),
            "precedence": report.precedence.to_dicts(),
            "onset_precedence": report.onsets.to_dicts(),
            "rise_precedence": report.rises.to_dicts() if report.rises is not None else [],
            "edges": [{"cause": a, "effect": b, **d} for a, b, d in report.links()],
            "roots": report.roots.to_dicts(),
            "chains": report.chains.to_dicts(),
        })
        return
    cooc = Table("pair", "together", "lift", "PMI", "q", title="Reported together",
                 title_justify="left")
    for r in report.cooccurrence.filter(pl.col("significant")).iter_rows(named=True):
        cooc.add_row(f"{r['label_a']} + {r['label_b']}", f"{r['n_ab']}/{r['units']}",
                     f"{r['lift']:.2f}", f"{r['pmi']:.2f}", f"{r['q_value']:.3g}")
    console.print(cooc)
    prec = Table("cause -> effect", "lag", "corr", "F", "q", "evidence",
                 title="Week to week, panel Granger (significant; makes no link)",
                 title_justify="left")
    for r in report.precedence.filter(pl.col("significant")).iter_rows(named=True):
        prec.add_row(f"{r['cause']} -> {r['effect']}", str(r["lag"]),
                     f"{r['correlation']:.2f}", f"{r['f_stat']:.1f}", f"{r['q_value']:.3g}",
                     str(r["evidence"]))
    console.print(prec)
    onset = Table("cause -> effect", "mean delay", "areas", "cause first", "q", "evidence",
                  title="Rises first, area after area (significant)", title_justify="left")
    for r in report.onsets.filter(pl.col("significant")).iter_rows(named=True):
        onset.add_row(f"{r['cause']} -> {r['effect']}", f"{r['lag']:.1f}", str(r["areas"]),
                      f"{r['weight']:.0%}", f"{r['q_value']:.3g}", str(r["evidence"]))
    console.print(onset)
    rise = Table("cause -> effect", "lag", "areas", "areas up", "z", "q", "echo of",
                 title="Rises after the cause, where it rose (significant)",
                 title_justify="left")
    rises = report.rises if report.rises is not None else pl.DataFrame()
    for r in (rises.filter(pl.col("significant")).iter_rows(named=True)
              if not rises.is_empty() else ()):
        edge = report.link(r["cause"], r["effect"]) or {}
        rise.add_row(f"{r['cause']} -> {r['effect']}", f"{r['lag']:.0f}", str(r["areas"]),
                     f"{r['weight']:.0%}", f"{r['z']:.1f}", f"{r['q_value']:.3g}",
                     edge.get("echo_of") or ("same voices" if not edge else "-"))
    console.print(rise)
    heard = [(a, b, d) for a, b, d in report.links() if "threats" in d["methods"]]
    if heard:
        links = Table("cause -> effect", "threat links", "q",
                      title="Heard in the threat types (a link between two of their "
                            "dimensions)", title_justify="left")
        for a, b, d in heard:
            links.add_row(f"{a} -> {b}", ", ".join(d.get("via", [])), f"{d['q_value']:.3g}")
        console.print(links)
    roots = report.roots.filter(pl.col("root"))["label"].to_list()
    console.print("[bold]root-cause candidates[/bold]: " + (", ".join(roots) or "none"))
    for r in report.chains.iter_rows(named=True):
        console.print(f"  {' -> '.join(r['chain'])}  (weakest link {r['strength']:.2f}, "
                      f"evidence {r['evidence']})", highlight=False)


@app.command(epilog=example("vitalcore tiers", "vitalcore tiers --top 1 --wide",
                            "vitalcore tiers --top 1 --json",
                            "vitalcore tiers --area ML07 --lang fr"))
@kept()
def tiers(
    top: Annotated[int, typer.Option(help="Top threats per area.")] = 3,
    area: AreaOption = None,
    lang: Annotated[str, typer.Option(help="Language of the expected conduct: en or fr.")
                    ] = "en",
    areas: AreasShownOption = AREAS_SHOWN,
    db: DbOption = None,
    as_json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """For each area's top threats: what the state, international actors and the
    community are each expected to do and under which law (in the stored situation, with
    the mission of the stored mandate), and what each is recorded doing."""
    if lang not in ("en", "fr"):
        raise fail(f"--lang must be en or fr, not {lang!r}")
    engine = workflow.open_existing(db)
    table = workflow.tier_report(engine, top=top, area=area, lang=lang, memo=True)
    if as_json:
        print_json(table.to_dicts())
        return
    table, left, total = busiest_rows(
        table, None if area else workflow.count_voices_by(engine, "area_pcode"), areas)
    # 80 columns without what each tier is expected to do and its legal basis: --wide
    # adds them (--json has everything).
    wider = ("expected", "legal basis") if wide else ()
    out = Table("area", "threat", "tier", *wider, "actions", "community voices",
                title="Three tiers", title_justify="left")
    for r in table.iter_rows(named=True):
        basis = (r["expected"], "; ".join(r["legal_basis"] or []) or "-") if wide else ()
        out.add_row(r["area_pcode"], f"{r['rank']}. {r['dimension']}", r["tier"], *basis,
                    "-" if r["actions"] is None else str(r["actions"]),
                    "-" if r["community_voices"] is None else str(r["community_voices"]))
    console.print(out)
    print_areas_left(left, total)
    missing = table["missing"].drop_nulls().unique().to_list()
    for note in missing:
        console.print(f"[yellow]missing:[/yellow] {note}", highlight=False)
