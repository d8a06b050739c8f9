"""vitalcore demo: the whole pipeline on a small simulated scenario, in one command."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from vitalcore import workflow
from vitalcore.cli.common import console, example
from vitalcore.cli.rank_commands import print_vital_core
from vitalcore.cli.simulate_commands import progress_bars

app = typer.Typer()
# Big enough that rumours, spread paths, threat chains and the mandate gap are all
# non-empty on seed 1 (issue 22): the planted chain's weakest link (price shock ->
# farmer-herder violence) needs about 20,000 voices on this seed and 50,000 on most
# (docs/methods/chains.md); at 6,000 the demo showed no chain. About 25 s.
DEMO_VOICES = 20000
AREAS_SHOWN = 4  # the busiest areas; `vitalcore rank` shows ten, `--areas 0` all
DEMO_COUNTRY = "ML"
NEXT_AREA = "ML0702"  # the area whose ranking the demo points to (and keeps)
DEMO_SINCE = date(2012, 1, 17)  # the armed conflict in northern Mali began in January 2012


def _next_steps(db: str, scenario: Path) -> list[str]:
    """Where to look next, including the outputs other stages add when they exist."""
    from vitalcore.cli import app as root  # late: the root app imports this module

    names = {c.name or (c.callback.__name__ if c.callback else "") for c in
             root.registered_commands}
    names |= {g.name for g in root.registered_groups if g.name}
    steps = [
        f"vitalcore rank --db {db} --area {NEXT_AREA}      one cercle's ranked threats (Ansongo)",
        f"vitalcore mandate gap --db {db}   what the scenario's mandate leaves out",
        f"vitalcore evaluate-scenario --truth {scenario / 'truth.json'} --db {db}",
        f"{scenario}/README.txt, mandate.txt, truth.json   the scenario and what it planted",
    ]
    if "serve" in names:
        steps.insert(0, f"vitalcore serve --db {db}   the dashboard; it prints how to sign in")
    if "briefing" in names:
        steps.insert(1, f"vitalcore briefing --db {db}   an HTML briefing "
                     "(vitalcore-briefing.html)")
    return steps


def _findings(engine: Any) -> list[str]:  # a workflow.open() store
    """One line per analysis page: what it found, or why it is empty."""
    clusters = workflow.rumours(engine, include_all=True, memo=True)
    flagged = int(clusters["rumour"].sum()) if not clusters.is_empty() else 0
    paths = workflow.spread(engine, memo=True)
    chains = workflow.threat_chains(engine, labels="threats", memo=True)
    lines = [
        f"alerts: {workflow.alerts(engine).height}",
        f"rumours: {flagged} flagged" if flagged else
        f"rumours: none flagged, {workflow.why_no_rumours(engine, clusters)}",
        f"spread paths: {paths.height}" if not paths.is_empty() else
        f"spread paths: none, {workflow.why_no_spread(engine)}",
        f"threat chains: {len(chains.links())} links" if not chains.why_empty()
        else f"threat chains: none, {chains.why_empty()}",
    ]
    try:
        _, gap = workflow.mandate_gap(engine)
        unmandated = [g.label for g in gap.gaps if g.kind == "dimension" and g.unmandated]
        lines.append("mandate gap: " + (", ".join(unmandated) if unmandated else
                                        "none, the mandate covers every concern heard"))
    except (workflow.MandateNotFound, workflow.NoVoices) as err:
        lines.append(f"mandate gap: none, {err}")
    return lines


@app.command(epilog=example("vitalcore demo", "vitalcore demo --db /tmp/demo.db --top 3"))
def demo(
    db: Annotated[
        str, typer.Option(help="Store for the demo (path or URL).")
    ] = "vitalcore-demo.db",
    scenario: Annotated[
        Path, typer.Option(help="Folder for the simulated scenario's files.")
    ] = Path("vitalcore-demo-scenario"),
    seed: Annotated[int, typer.Option(help="Seed of the simulated scenario.")] = 1,
    top: Annotated[int, typer.Option(help="Threats shown per area.")] = 3,
) -> None:
    """Simulate a small SYNTHETIC scenario, ingest every channel file, classify, and
    print the vital core: overall and for the busiest areas.

    Running it again stores nothing new (the scenario is the same, byte for byte).
    The data are invented: they illustrate, they report nothing. The demo keeps a key
    of its own in the scenario folder (for its synthetic contacts); for real data,
    run `vitalcore init`.
    """
    import polars as pl

    from vitalcore.simulate import LABEL

    console.print(f"[bold]vitalcore demo[/bold]: {LABEL}")
    workflow.simulate(seed, DEMO_VOICES, scenario)
    from vitalcore.privacy import create_key  # cryptography: where a key is made (0.02 s)

    key = create_key(scenario / "demo.key").read_bytes().strip()
    engine = workflow.open(db)
    try:
        with progress_bars() as bar:
            loaded = workflow.load_scenario(engine, scenario, key=key, progress=bar)
        for note in loaded.notes:
            console.print(note, highlight=False)
        # Marked synthetic, with its own key: `vitalcore serve --db` can then run it as it
        # is, with no secret to set and a demo analyst to sign in as.
        workflow.mark_synthetic(engine, key_file=scenario / "demo.key")
        # The scenario is set in Mali (P-codes ML...): the law, tiers and mandate gap read
        # the situation, so the demo records one (once; `vitalcore situation set` overrides).
        if workflow.set_situation_once(
                engine, country=DEMO_COUNTRY, conflict="non_international", since=DEMO_SINCE,
                note="demo: synthetic scenario set in Mali", recorded_by="vitalcore demo"):
            console.print(f"situation: {DEMO_COUNTRY} non_international since {DEMO_SINCE}",
                          highlight=False)
        table = workflow.vital_core(engine)
        findings = _findings(engine)
        # What the read commands start from, kept for the demo's data (workflow/kept.py):
        # their first run reads it, whatever it prints.
        workflow.keep_read_results(engine, areas=(NEXT_AREA,))
    finally:
        engine.dispose()
    busiest = (table.filter(pl.col("area_pcode") != "ALL")
               .group_by("area_pcode").agg(pl.col("voices_in_scope").first())
               .sort(["voices_in_scope", "area_pcode"], descending=[True, False])
               .head(AREAS_SHOWN)["area_pcode"].to_list())
    print_vital_core(table.filter(pl.col("area_pcode").is_in(["ALL", *busiest])), top=top)
    console.print("\n[bold]What else the demo holds[/bold]")
    for line in findings:
        console.print(f"  {line}", highlight=False, soft_wrap=True)
    console.print("\n[bold]Where to look next[/bold]")
    for step in _next_steps(db, scenario):
        console.print(f"  {step}", highlight=False, soft_wrap=True)
