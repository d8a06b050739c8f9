"""vitalcore classify: dimensions, threat types, groups, severity, each with its evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from vitalcore import workflow
from vitalcore.cli.common import DbOption, JsonOption, console, example, print_json, progress_bar
from vitalcore.cli.tables import Table

if TYPE_CHECKING:
    from vitalcore.domain import Classification

app = typer.Typer()


@app.command(epilog=example("vitalcore classify", "vitalcore classify --db mission.db --show 20",
                            'vitalcore classify --text "Nou bezwen manje ak dlo nan Carrefour"'))
def classify(
    db: DbOption = None,
    text: Annotated[list[str] | None, typer.Option(
        "--text", help="Classify this text and print the result; nothing is stored. "
        "Repeatable.")] = None,
    show: Annotated[int, typer.Option(
        help="After classifying the store, show this many results with their evidence.")
    ] = 5,
    json_output: JsonOption = False,
) -> None:
    """Classify every voice not yet classified, or the texts given with --text.

    Every label is printed with its evidence: the lexicon terms, or else the words whose
    n-grams weigh most for it in the model.
    """
    if text:
        engine = workflow.open_existing(db) if db else None
        # The store's gazetteer (and the packaged Sahel/CAR one) reads the places.
        model = workflow.classification.classifier_for(engine)
        results = model.classify(text)
        if json_output:
            print_json([r.model_dump(mode="json") for r in results])
        else:
            print_results(list(zip(text, results, strict=True)))
        return
    engine = workflow.open_existing(db)
    model = workflow.classification.classifier_for(engine)
    pending = workflow.pending_count(engine, model)
    with progress_bar("classify", pending) as advance:
        done = workflow.classify_pending(engine, model, progress=advance)
    console.print(f"classified {done} voices with {model.model_version}")
    if show and done:
        rows = workflow.classification.recent_results(engine, model.model_version, limit=show)
        print_results(rows)


def print_results(rows: list[tuple[str, Classification]]) -> None:
    """One row per text: language, labels with their evidence, severity."""
    table = Table("text", "lang", "labels (evidence)", "severity")
    for text, result in rows:
        evidence = {e.label: e.terms for e in result.evidence}
        labels = [f"{d.value} {result.dimensions[d]:.2f} ({', '.join(evidence.get(d.value, ()))})"
                  for d in result.labels()]
        labels += [f"  threat {t} ({', '.join(evidence.get(t, ()))})"
                   for t in result.threat_types]
        labels += [f"group {g.value} ({', '.join(evidence.get(g.value, ()))})"
                   for g in result.groups]
        severity = str(result.severity)
        if result.severity_counts or "severity" in evidence:
            severity += " (" + ", ".join(evidence.get("severity", ())) + ")"
        table.add_row(text[:80], result.language or "und", "\n".join(labels) or "-", severity)
    console.print(table)
