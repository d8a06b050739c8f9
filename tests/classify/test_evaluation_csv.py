"""The CSV contract of `vitalcore evaluate` (classify.evaluation_csv)."""

from pathlib import Path

import pytest

from vitalcore.classify.evaluation_csv import read_evaluation_csv


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "judge.csv"
    path.write_text(content, encoding="utf-8")
    return path


def test_message_original_and_extra_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "id,message,original,genre,Food,HEALTH,related\n"
                 "7,We need food,Nou bezwen manje,direct,1,0,1\n"
                 "8,Storm is coming,,news,0,,1\n")
    data = read_evaluation_csv(path)
    assert data.text.texts == ["We need food", "Storm is coming"]
    assert data.text.targets == [{"dimension:food": 1, "dimension:health": 0},
                                 {"dimension:food": 0}]
    assert data.original is not None
    assert data.original.texts == ["Nou bezwen manje"]  # an empty original is left out
    assert data.original.ids == ["7"]
    assert data.columns["ignored"] == ["genre", "related"]
    assert data.columns["text"] == "message"


def test_text_wins_over_message_and_cells_may_be_words(tmp_path: Path) -> None:
    path = write(tmp_path, "message,text,dimension:personal,women,dim_food,group_children\n"
                 "ignored,Armed men took him,TRUE,no,0.0,yes\n")
    data = read_evaluation_csv(path)
    assert data.text.texts == ["Armed men took him"]
    assert data.text.targets == [{"dimension:personal": 1, "group:women": 0,
                                  "dimension:food": 0, "group:children": 1}]


def test_an_empty_text_is_skipped_and_counted_not_fatal(tmp_path: Path) -> None:
    data = read_evaluation_csv(write(tmp_path, "text,food\n,1\nnou grangou,1\n"))
    assert data.text.texts == ["nou grangou"]
    assert data.skipped == [{"row": 1, "reason": "empty 'text'"}]


@pytest.mark.parametrize(("content", "message"), [
    ("original,food\nx,1\n", "no 'text'"),
    ("text,genre\nx,news\n", "no label column"),
    ("text,food\nx,2\n", r"judge.csv, row 1, field 'food': expected 0 or 1"),
])
def test_what_would_change_a_score_is_an_error(tmp_path: Path, content: str,
                                               message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_evaluation_csv(write(tmp_path, content))
