"""Reading labelled CSVs: missing columns are unlabelled, bad cells are named."""

from pathlib import Path

import pytest

from vitalcore.classify.training import in_validation, packaged_corpus, read_labelled_csv


def test_missing_columns_and_empty_cells_mean_not_labelled(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("text,language,food,women\nnou grangou,ht,1,\nhello,en,0,0\n",
                    encoding="utf-8")
    corpus = read_labelled_csv(path)
    assert corpus.targets == [{"dimension:food": 1}, {"dimension:food": 0, "group:women": 0}]
    assert corpus.languages == ["ht", "en"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("text,food\nnou grangou,yes\n", r"l.csv, row 1, field 'food': expected 0, 1"),
        ("text,food\n,1\n", r"l.csv, row 1, field 'text': empty"),
        ("message,food\nhi,1\n", r"no 'text' column"),
        ("text,threats\nhi,volcano\n", r"row 1, field 'threats': unknown threat"),
    ],
)
def test_bad_input_names_file_row_and_field(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "l.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_labelled_csv(path)


def test_the_packaged_corpus_is_large_multilingual_and_never_the_heldout_file() -> None:
    corpus = packaged_corpus()
    assert len(corpus) > 5000
    assert {"en", "fr", "ar", "es", "pt", "sw", "ht"} <= set(corpus.languages)
    assert "heldout_handwritten.csv" not in corpus.files
    negatives = sum(1 for t in corpus.targets
                    if t and all(v == 0 for k, v in t.items() if k.startswith("dimension:")))
    assert negatives > 1000


def test_the_validation_split_is_stable_and_keeps_corrections_in_training() -> None:
    assert in_validation("gen-en-1", 0.15) == in_validation("gen-en-1", 0.15)
    assert not any(in_validation(f"correction:{i}", 0.99) for i in range(50))


def test_real_rows_fall_into_validation_by_whole_event_written_rows_by_message() -> None:
    # Tweets of one crisis repeat its names and phrases: thresholds chosen on near-copies
    # of the training rows would be too low for a new event.
    for event in ("2013_Typhoon_Yolanda", "ucdp:Mali", "2012_Costa_Rica_earthquake"):
        sides = {in_validation(f"crisislex:{i}", 0.15, event) for i in range(200)}
        assert len(sides) == 1
    written = {in_validation(f"gen-en-{i}", 0.15, "file:generated.csv") for i in range(200)}
    assert written == {True, False}
    corpus = packaged_corpus(("crisislex_t26.csv",))
    held = {e for i, e in zip(corpus.ids, corpus.events, strict=True)
            if in_validation(i, 0.15, e)}
    trained = {e for i, e in zip(corpus.ids, corpus.events, strict=True)
               if not in_validation(i, 0.15, e)}
    assert held and trained and not held & trained


def test_training_on_a_slice_with_real_rows_is_reproducible() -> None:
    from vitalcore.classify.features import FeatureSpec
    from vitalcore.classify.training import REAL_FILES, WRITTEN_FILES, train

    corpus = packaged_corpus(WRITTEN_FILES + REAL_FILES)
    part = corpus.subset(range(0, len(corpus), 50))
    assert {s.split(":")[0] for s in part.sources} >= set(REAL_FILES)
    first = train(part, spec=FeatureSpec(bits=12))
    assert first.version == train(part, spec=FeatureSpec(bits=12)).version
    assert set(first.record["trained_on"]) == set(WRITTEN_FILES + REAL_FILES)


def test_rows_carry_their_event_and_source(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("text,event,source,food\nnou grangou,2010_haiti_quake,SMS,1\n"
                    "hello,,,0\n", encoding="utf-8")
    corpus = read_labelled_csv(path)
    assert corpus.events == ["2010_haiti_quake", "file:l.csv"]
    assert corpus.sources == ["l.csv: SMS", "l.csv"]
    assert corpus.subset([1]).events == ["file:l.csv"]


def test_a_missing_corpus_says_how_to_train(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    from vitalcore.classify import training

    monkeypatch.setattr(training, "training_dir", lambda: tmp_path)
    with pytest.raises(ValueError, match="training corpus is not installed.*--data"):
        packaged_corpus()
