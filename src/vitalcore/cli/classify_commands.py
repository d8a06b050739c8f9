"""vitalcore classify: dimensions, groups and severity, each with its evidence."""

from __future__ import annotations

import typer

from vitalcore import workflow
from vitalcore.cli.common import DbOption, console, example, progress_bar

app = typer.Typer()


@app.command(epilog=example("vitalcore classify", "vitalcore classify --db mission.db"))
def classify(db: DbOption = None) -> None:
    """Classify every voice not yet classified: dimensions, groups, severity, evidence."""
    engine = workflow.open(db)
    pending = workflow.pending_count(engine)
    with progress_bar("classify", pending) as advance:
        done = workflow.classify_pending(engine, progress=advance)
    console.print(f"classified {done} voices")
