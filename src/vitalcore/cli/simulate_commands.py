"""vitalcore simulate, vitalcore evaluate-scenario: a seeded world and the yardstick."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from vitalcore import workflow
from vitalcore.cli.common import (
    JsonOption,
    RateColumn,
    console,
    errors,
    example,
    fail,
    print_json,
)
from vitalcore.cli.tables import Table

app = typer.Typer()


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int | None], Callable[[int], None]]]:
    """One live display; yields `bar(description, total)` that adds a bar and returns
    the function advancing it (for pipelines with several stages)."""
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               RateColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=errors, transient=False) as display:
        def bar(description: str, total: int | None) -> Callable[[int], None]:
            task = display.add_task(description, total=total)
            return lambda n: display.advance(task, n)
        yield bar


@app.command(epilog=example(
    "vitalcore simulate --seed 1 --voices 20000 --out scenario",
    "vitalcore simulate --seed 2 --voices 1000000 --out /data/big-scenario",
))
def simulate(
    out: Annotated[Path, typer.Option(help="Folder to write the scenario into.")],
    seed: Annotated[int, typer.Option(help="Same seed, same files, byte for byte.")] = 1,
    voices: Annotated[int, typer.Option(help="How many voices across all channels.")] = 20_000,
) -> None:
    """Write a seeded scenario with planted truth: one file per channel in its tool's
    layout, areas, adjacency, actions, an invented mandate and truth.json.

    Everything written is synthetic demonstration data, not real events.
    """
    from vitalcore.simulate import CHANNEL_FILES, LABEL

    console.print(f"[bold]vitalcore simulate[/bold]: {LABEL}")
    if out.exists() and not out.is_dir():
        raise fail(f"--out {out} is a file; give a folder (it is created if missing)")
    try:
        with progress_bars() as bar:
            advance = bar("write", len(CHANNEL_FILES))
            entries = workflow.simulate(seed, voices, out, progress=lambda name: advance(1))
    except ValueError as err:  # bad --voices, or a malformed simulator data file
        raise fail(str(err)) from None
    table = Table("file", "format", "channel", title=f"Scenario seed {seed} in {out}",
                  title_justify="left")
    for entry in entries:
        table.add_row(entry.path.name, entry.format, entry.channel.value)
    console.print(table)
    console.print(f"truth: {out / 'truth.json'}   next: vitalcore evaluate-scenario "
                  f"--truth {out / 'truth.json'}")


def _value(value: Any) -> str:
    if value is None:
        return "[dim]not scored yet[/dim]"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


@app.command("evaluate-scenario", epilog=example(
    "vitalcore evaluate-scenario --truth scenario/truth.json",
    "vitalcore evaluate-scenario --truth scenario/truth.json --db demo.db --json",
))
def evaluate_scenario(
    truth: Annotated[Path, typer.Option(help="The scenario's truth.json.", exists=True,
                                        dir_okay=False)],
    db: Annotated[str | None, typer.Option(
        help="Score this store (path or URL) as it is, instead of running the pipeline "
             "on a fresh temporary one.", show_default=False)] = None,
    baseline: Annotated[bool, typer.Option(
        help="Also run the pipeline with the lexicon classifier alone and report its "
             "headline scores under lexicon_only (ignored with --db).")] = True,
    as_json: JsonOption = False,
) -> None:
    """Score the analyses against the planted truth and print the scores.

    Without --db the whole pipeline runs first on a fresh temporary store (areas, every
    channel file, classification), then again with the lexicon classifier alone (the
    baseline, under lexicon_only); with --db that store is scored as it is. Notes (files
    skipped, analyses missing) go to standard error. Exit code 1 when any scorer
    raised (its keys are null and the error is on standard error), 2 on a bad truth.json.
    """
    from vitalcore.evaluation import evaluate_scenario as evaluate_scenario_

    def note(text: str) -> None:
        errors.print(f"[dim]note:[/dim] {text}", highlight=False, soft_wrap=True)

    try:
        with progress_bars() as bar:
            report = evaluate_scenario_(truth, db=db, baseline=baseline, note=note,
                                        progress=bar)
    except (ValueError, KeyError, FileNotFoundError) as err:
        # A truth.json that is not JSON, lacks a key, or sits apart from its scenario.
        raise fail(f"{truth}: {type(err).__name__}: {err}") from None
    if as_json:
        print_json(report.scores)
    else:
        table = Table("score", "value", title=f"Scores against {truth}",
                      title_justify="left")
        for key, value in report.scores.items():
            if isinstance(value, dict):
                for sub, inner in value.items():
                    table.add_row(f"{key}.{sub}", _value(inner))
            else:
                table.add_row(key, _value(value))
        console.print(table)
    if report.failed:
        # A yardstick with a broken scorer must not pass for a good run (issue 22).
        names = ", ".join(name for name, _ in report.failures)
        errors.print(f"[red]error:[/red] scorer(s) failed: {names}", highlight=False)
        raise typer.Exit(code=1)
