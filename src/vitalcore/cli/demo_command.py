"""vitalcore demo: the whole pipeline on bundled synthetic data, in one command."""

from __future__ import annotations

from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import console, example, progress_bar
from vitalcore.cli.rank_commands import print_vital_core
from vitalcore.demo import sample_path

app = typer.Typer()


@app.command(epilog=example("vitalcore demo", "vitalcore demo --db /tmp/demo.db --top 3"))
def demo(
    db: Annotated[
        str, typer.Option(help="Store for the demo (path or URL).")
    ] = "vitalcore-demo.db",
    top: Annotated[int, typer.Option(help="Threats shown per area.")] = 3,
) -> None:
    """Run the pipeline on bundled SYNTHETIC voices and print the vital core per area.

    Areas are imported, voices ingested (a second run stores nothing new), classified
    and ranked. The data are invented: they illustrate, they report nothing.
    """
    console.print("[bold]vitalcore demo[/bold]: synthetic demonstration data, not real events")
    engine = workflow.open(db)
    workflow.import_areas(engine, sample_path("areas.csv"))
    voices = sample_path("synthetic_voices.csv")
    with progress_bar("ingest", None) as advance:
        counts = workflow.ingest(engine, voices, source="demo", progress=advance)
    console.print(counts.line())
    with progress_bar("classify", workflow.pending_count(engine)) as advance:
        workflow.classify_pending(engine, progress=advance)
    print_vital_core(workflow.vital_core(engine), top=top)
    console.print(f"store: {db}  (explore: vitalcore rank --db {db} --area BF5602)")
