"""vitalcore train | evaluate | label | review: the model and the analysts who correct it."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from vitalcore import workflow
from vitalcore.cli.common import (
    DbOption,
    JsonOption,
    console,
    example,
    fail,
    print_json,
    progress_bar,
)
from vitalcore.cli.kept import kept
from vitalcore.cli.tables import Table

app = typer.Typer()


@app.command(epilog=example("vitalcore train", "vitalcore train --out model.npz --no-store",
                            "vitalcore train --data extra_labelled.csv"))
def train(
    db: DbOption = None,
    data: Annotated[list[Path] | None, typer.Option(
        "--data", help="Labelled CSV(s) to train on instead of the corpus in the package "
        "(text, language, 0/1 columns per dimension and group). Repeatable.")] = None,
    out: Annotated[Path | None, typer.Option(
        help="Also write the artefact here (.npz, with a .json record beside it).")] = None,
    use_store: Annotated[bool, typer.Option(
        "--store/--no-store", help="Read corrections from and save the model to the store.")
    ] = True,
) -> None:
    """Train the classifier on the repository's corpus plus analysts' corrections.

    The artefact (numpy .npz, no pickle) is versioned in the store by its content hash;
    `vitalcore classify` then uses the newest stored model.
    """
    from vitalcore.classify.training import all_labels

    for path in data or []:
        if not path.is_file():
            raise fail(f"{path}: no such file")
    engine = workflow.open_existing(db) if use_store else None
    try:
        with progress_bar("train", len(all_labels())) as advance:
            model, stored = workflow.train_model(engine, data=data or (), out=out,
                                                 progress=advance)
    except ValueError as err:
        raise fail(str(err)) from None
    record = model.record
    files = ", ".join(f"{name}: {info['rows']}" for name, info in record["trained_on"].items())
    console.print(f"trained {model.version} on {record['rows']} rows ({files})")
    if engine is not None:
        console.print("stored in the store" if stored else "this version was stored already")
    if out:
        console.print(f"wrote {out} and {out.with_suffix('.json')}")


@app.command(epilog=example("vitalcore evaluate --data labelled.csv",
                            "vitalcore evaluate --data labelled.csv --json"))
def evaluate(
    data: Annotated[Path, typer.Option(help="Labelled CSV: a `text` (or `message`) column, "
                                       "optionally `original` and `language`, and a 0/1 "
                                       "column per dimension and group (empty = not "
                                       "labelled); other columns are ignored.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Precision, recall and F1 per label and language, macro-F1, calibration.

    With an `original` column (the message as written, when `text` is a translation),
    the originals are scored too, under "original". Contract:
    docs/methods/classification-evaluation.md.
    """
    if not data.is_file():
        raise fail(f"{data}: no such file")
    engine = workflow.open_existing(db) if db or os.environ.get("VITALCORE_DB") else None
    try:
        report = workflow.evaluate(engine, data)
    except ValueError as err:
        raise fail(str(err)) from None
    if json_output:
        print_json(report)
        return
    _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    console.print(f"[bold]{report['data']}[/bold]: {report['n']} texts, "
                  f"model {report['model_version']}")
    if report.get("skipped_rows"):
        console.print(f"skipped {len(report['skipped_rows'])} row(s) with an empty text")
    _print_scores(report)
    original = report.get("original")
    if original:
        console.print(f"[bold]original column[/bold]: {original['n']} texts")
        _print_scores(original)


def _print_scores(report: dict[str, Any]) -> None:
    table = Table("label", "kind", "precision", "recall", "F1", "support", "Brier", "ECE")
    for label, m in report["per_label"].items():
        table.add_row(label, m["kind"], f"{m['precision']:.2f}", f"{m['recall']:.2f}",
                      f"{m['f1']:.2f}", str(m["support"]), f"{m['brier']:.3f}",
                      f"{m['ece']:.3f}")
    console.print(table)
    languages = Table(f"language ({report.get('language_from', 'column')})", "n",
                      "macro-F1 (dimensions)")
    for lang, entry in report["per_language"].items():
        f1 = entry["macro_f1"]
        languages.add_row(lang, str(entry["n"]), "-" if f1 is None else f"{f1:.3f}")
    console.print(languages)
    cal = report["calibration"]
    console.print(f"macro-F1 (dimensions): [bold]{report['macro_f1']}[/bold]   "
                  f"groups: {report['macro_f1_groups']}   "
                  f"Brier {cal['brier']}   ECE {cal['ece']}")


@app.command(epilog=example("vitalcore label 3f2a9c --add food --remove health",
                            "vitalcore label 3f2a9c --add displaced --analyst amina"))
def label(
    voice_id: Annotated[str, typer.Argument(help="Id of the voice (see vitalcore review).")],
    add: Annotated[list[str] | None, typer.Option(
        "--add", help="A label the voice has (dimension, threat type or group).")] = None,
    remove: Annotated[list[str] | None, typer.Option(
        "--remove", help="A label the voice does not have.")] = None,
    analyst: Annotated[str | None, typer.Option(
        help="Who corrects (default: $VITALCORE_ANALYST, else the login name).")] = None,
    db: DbOption = None,
) -> None:
    """Correct a voice's labels; the next `vitalcore train` learns from it."""
    if not add and not remove:
        raise fail("say what to change: --add LABEL and/or --remove LABEL")
    who = analyst or os.environ.get("VITALCORE_ANALYST") or getpass.getuser()
    engine = workflow.open_existing(db)
    try:
        n = workflow.correct_labels(engine, voice_id, add=add or [], remove=remove or [],
                                    analyst=who)
    except ValueError as err:
        raise fail(str(err)) from None
    console.print(f"recorded {n} correction(s) of voice {voice_id} by {who}")


@app.command(epilog=example("vitalcore review", "vitalcore review --limit 50 --json"))
@kept()
def review(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many voices to show.")] = 20,
    json_output: JsonOption = False,
) -> None:
    """Voices to check first: those the model is least sure about (active learning)."""
    queue = workflow.review_queue(workflow.open_existing(db), limit=limit)
    if json_output:
        print_json(queue)
        return
    table = Table("voice", "uncertainty", "labels (evidence)", "text")
    for item in queue:
        evidence = {e["label"]: e["terms"] for e in item["evidence"]}
        labels = [f"{lab} ({', '.join(evidence.get(lab, []))})"
                  for lab in [*item["labels"], *item["groups"]]]
        table.add_row(item["voice_id"][:12], f"{item['uncertainty']:.2f}",
                      "\n".join(labels) or "-", item["text"][:90])
    console.print(table)
    console.print(f"{len(queue)} voice(s); correct one with: vitalcore label VOICE --add LABEL")
