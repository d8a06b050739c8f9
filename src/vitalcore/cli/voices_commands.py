"""vitalcore voices show: one stored voice as its latest classification read it."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from vitalcore import workflow
from vitalcore.cli.common import DbOption, JsonOption, console, example, fail, print_json
from vitalcore.cli.tables import Table

app = typer.Typer(help="Stored voices: re-show how one was read.", no_args_is_help=True,
                  epilog=example("vitalcore voices show 3f2a9c1e0b7d4e5f8a6b2c1d0e9f8a7b"))


@app.command("show", epilog=example("vitalcore voices show 3f2a9c1e0b7d4e5f8a6b2c1d0e9f8a7b",
                                    "vitalcore voices show 3f2a9c1e0b7d4e5f8a6b2c1d0e9f8a7b "
                                    "--db mission.db --json"))
def show(
    voice_id: Annotated[str, typer.Argument(help="The voice's id (as `vitalcore classify "
                                            "--show` and the API list them).")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Re-show a stored voice's labels, each with its evidence, and its severity.

    What is shown is what was stored by the voice's latest classification (nothing is
    classified again): dimensions, threat types, groups, severity and the words behind
    each. Exit code 2 when no voice has that id.
    """
    engine = workflow.open(db)
    found = workflow.voice_reading(engine, voice_id)
    if found is None:
        raise fail(f"no voice {voice_id!r} in this store")
    if json_output:
        print_json(found)
        return
    console.print(f"[bold]{escape(found['voice_id'])}[/bold] {escape(found['channel'] or '')}"
                  f" {escape(str(found['occurred_at'] or ''))}", highlight=False)
    console.print(escape(found["text"]), highlight=False)
    reading = found["reading"]
    if reading is None:
        console.print("not classified yet: run `vitalcore classify`")
        return
    console.print(_table(reading))


def _table(reading: dict[str, Any]) -> Table:
    """Labels at or above 0.5 with their evidence, then severity, language and area."""
    evidence = reading["evidence"]
    table = Table("label", "kind", "score", "evidence",
                  title=f"read by {reading['model_version']}", title_justify="left")

    def words(label: str) -> str:
        return escape(", ".join(evidence.get(label) or ())) or "-"

    for dim, score in sorted(reading["dimensions"].items(), key=lambda kv: -kv[1]):
        if score >= 0.5:
            table.add_row(dim, "dimension", f"{score:.2f}", words(dim))
    for threat, score in sorted(reading["threat_types"].items(), key=lambda kv: -kv[1]):
        table.add_row(threat, "threat type", f"{score:.2f}", words(threat))
    for group in reading["groups"]:
        table.add_row(group, "group", "", words(group))
    table.add_row("severity", f"{reading['severity']} of 5", "", words("severity"))
    table.add_row("language", reading["language"] or "und", "", "")
    table.add_row("area", reading["area_pcode"] or "-", "", "")
    return table
