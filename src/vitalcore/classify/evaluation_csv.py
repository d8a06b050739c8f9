"""The CSV contract of `vitalcore evaluate`: what a labelled file may hold.

Lenient where files from others differ, strict where a mistake would change a score:

- text: the column `text`, else `message` (the first one present). Rows with an empty
  text are skipped and counted, not fatal: one blank message must not stop the run.
- original (optional): `original` or `original_text`, the message in the language it
  was written in when `text` is a translation. Scored separately ("original" in the
  report); rows with an empty original are left out of that part only.
- language (optional): `language` or `lang` for the text, `original_language` for the
  original; without it the classifier's own language identification groups the rows.
- labels: one column per dimension (economic, food, health, environmental, personal,
  community, political) and per group, named as in vitalcore (case and surrounding
  spaces ignored; `dimension:food`, `dimension_food`, `dim_food`, `group:women`,
  `group_women` also accepted). Cells: 1, 0, true/false, yes/no, 1.0/0.0; an empty
  cell means "not labelled". Anything else is an error naming the file, row and column.
- every other column is ignored (and listed in the report under `columns.ignored`).

At least one label column is required: a file with none cannot be scored.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from vitalcore.classify.training import Corpus
from vitalcore.domain import Dimension, Group

TEXT_COLUMNS = ("text", "message")
ORIGINAL_COLUMNS = ("original", "original_text")
LANGUAGE_COLUMNS = ("language", "lang")
ORIGINAL_LANGUAGE_COLUMNS = ("original_language",)
TRUE = {"1", "1.0", "true", "yes", "y"}
FALSE = {"0", "0.0", "false", "no", "n"}
# CSV cells of long reports exceed the csv module's default limit of 128 KiB.
FIELD_LIMIT = 10 * 1024 * 1024


@dataclass
class EvaluationData:
    """The labelled texts, the originals when given, and how the columns were read."""

    text: Corpus
    original: Corpus | None
    columns: dict[str, object] = field(default_factory=dict)
    skipped: list[dict[str, object]] = field(default_factory=list)


def _label_columns(header: list[str]) -> dict[str, str]:
    """Label ('dimension:food') for each column of the header that names one."""
    names = {d.value: f"dimension:{d.value}" for d in Dimension}
    names |= {g.value: f"group:{g.value}" for g in Group}
    prefixes = {"dimension": ("dimension:", "dimension_", "dim_"),
                "group": ("group:", "group_")}
    for kind, values in (("dimension", [d.value for d in Dimension]),
                         ("group", [g.value for g in Group])):
        for value in values:
            for prefix in prefixes[kind]:
                names[prefix + value] = f"{kind}:{value}"
    return {col: names[col.strip().lower()] for col in header
            if col.strip().lower() in names}


def _first(header: list[str], wanted: tuple[str, ...]) -> str | None:
    lowered = {col.strip().lower(): col for col in header}
    return next((lowered[w] for w in wanted if w in lowered), None)


def _value(cell: str | None, path: Path, row: int, column: str) -> int | None:
    value = (cell or "").strip().lower()
    if value == "":
        return None
    if value in TRUE:
        return 1
    if value in FALSE:
        return 0
    raise ValueError(f"{path}, row {row}, field {column!r}: expected 0 or 1 (or empty for "
                     f"not labelled), got {cell!r}")


def read_evaluation_csv(path: Path) -> EvaluationData:
    """Read a labelled CSV by the contract above; ValueError naming file, row, field."""
    csv.field_size_limit(FIELD_LIMIT)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        text_col = _first(header, TEXT_COLUMNS)
        if text_col is None:
            raise ValueError(f"{path}: no 'text' (or 'message') column (columns: {header})")
        labels = _label_columns(header)
        if not labels:
            raise ValueError(f"{path}: no label column; name at least one dimension "
                             f"({', '.join(d.value for d in Dimension)}) or group")
        original_col = _first(header, ORIGINAL_COLUMNS)
        lang_col = _first(header, LANGUAGE_COLUMNS)
        original_lang_col = _first(header, ORIGINAL_LANGUAGE_COLUMNS)
        used = {text_col, original_col, lang_col, original_lang_col, "id", *labels}
        data = EvaluationData(Corpus(), Corpus() if original_col else None, columns={
            "text": text_col, "original": original_col, "language": lang_col,
            "original_language": original_lang_col, "labels": sorted(labels),
            "ignored": [c for c in header if c not in used]})
        for number, row in enumerate(reader, start=1):
            target = {}
            for column, label in labels.items():
                value = _value(row.get(column), path, number, column)
                if value is not None:
                    target[label] = value
            rid = (row.get("id") or "").strip() or f"{path.name}:{number}"
            text = (row.get(text_col) or "").strip()
            if not text:
                data.skipped.append({"row": number, "reason": f"empty {text_col!r}"})
                continue
            language = (row.get(lang_col) or "").strip().lower() if lang_col else ""
            data.text.add(rid, text, language, target, source=path.name)
            original = (row.get(original_col) or "").strip() if original_col else ""
            if data.original is not None and original:
                original_language = ((row.get(original_lang_col) or "").strip().lower()
                                     if original_lang_col else "")
                data.original.add(rid, original, original_language, target,
                                  source=path.name)
    return data
