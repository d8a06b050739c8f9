"""Overlap check with the reserved evaluation corpus, by provenance.

The Figure Eight / Appen "multilingual disaster response messages" corpus
(disaster_response_messages_*.csv) and the Haiti 2010 Mission 4636 / Ushahidi messages
it was built from are reserved for independent evaluation: nobody on the project reads
them, so a hash list of their texts cannot exist here. Instead every training row must
prove where it comes from: its file, `source`, `licence` and `event`; the real rows are
traced back, id and text, to the public copies in ../shared/data that they were
extracted from (scripts/real_corpus.py). A row that cannot be traced fails the test.
"""

import csv
import re
import subprocess
from pathlib import Path

import pytest

from vitalcore.classify.training import (
    HELDOUT_FILE,
    REAL_FILES,
    TRAINING_FILES,
    WRITTEN_FILES,
    packaged_corpus,
    training_dir,
)

ROOT = Path(__file__).resolve().parents[2]
# The public copies: ../shared/data beside the repository (a worktree sits one level down).
SHARED = next((p for p in (ROOT.parent / "shared" / "data", ROOT.parents[1] / "shared" / "data")
               if p.is_dir()), ROOT.parent / "shared" / "data")
RESERVED = re.compile(r"disaster[_ ]response|figure[ -]?eight|appen\b|mission[ -]?4636|"
                      r"ushahidi", re.IGNORECASE)
# Ushahidi is also a platform whose export format vitalcore reads (ingest/formats): only
# the reserved corpus's own file names are refused in the repository.
RESERVED_FILES = re.compile(r"disaster[_ ]response|figure[ -]?eight|4636", re.IGNORECASE)
ALLOWED_SOURCES = {
    "generated.csv": {"vitalcore phrase banks (phrases/*.yaml)"},
    "crisislex_t26.csv": {"CrisisLexT26 (Olteanu, Vieweg, Castillo 2015), sajao/CrisisLex"},
    "ucdp_ged.csv": {"UCDP GED (Sundberg & Melander 2013), sample of R package uncertainUCDP"},
}
LICENCES = {"generated.csv": "Apache-2.0", "crisislex_t26.csv": "MIT",
            "ucdp_ged.csv": "CC BY 4.0"}


def rows(name: str) -> list[dict[str, str]]:
    with (training_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", [*REAL_FILES, "generated.csv"])
def test_every_row_names_its_source_licence_and_event(name: str) -> None:
    for number, row in enumerate(rows(name), start=1):
        where = f"{name} row {number}"
        assert row["source"] in ALLOWED_SOURCES[name], where
        assert row["licence"] == LICENCES[name], where
        assert row["event"], where
        assert not RESERVED.search(" ".join((row["id"], row["source"], row["event"]))), where


def test_every_training_row_carries_an_event_and_no_reserved_provenance() -> None:
    corpus = packaged_corpus()
    assert all(corpus.events) and all(corpus.sources)
    assert not [s for s in set(corpus.sources) | set(corpus.events) if RESERVED.search(s)]
    assert set(corpus.files) == set(TRAINING_FILES)
    assert HELDOUT_FILE not in corpus.files


def test_no_reserved_file_is_in_the_repository() -> None:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.splitlines()
    assert listed
    assert not [p for p in listed if RESERVED_FILES.search(Path(p).name)]


def test_sources_md_records_every_training_file() -> None:
    sources = (training_dir() / "SOURCES.md").read_text(encoding="utf-8")
    for name in (*WRITTEN_FILES, *REAL_FILES, HELDOUT_FILE):
        assert f"`{name}`" in sources, name


def test_crisislex_rows_are_tweets_of_the_event_they_name() -> None:
    folder = SHARED / "crisislex_t26"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not on this machine: provenance traced where it is")
    extract = rows("crisislex_t26.csv")
    assert len(extract) > 5000
    originals: dict[str, dict[str, str]] = {}
    for event in {row["event"] for row in extract}:
        path = next((folder / event).glob("*tweets_labeled.csv"))
        with path.open(encoding="utf-8") as fh:
            originals[event] = {r["Tweet ID"].strip(): r["Tweet Text"].strip()
                                for r in csv.DictReader(fh, skipinitialspace=True)}
    for row in extract:
        tweet_id = row["id"].removeprefix("crisislex-")
        assert originals[row["event"]].get(tweet_id) == row["text"], row["id"]


def test_ucdp_rows_are_headlines_of_the_events_they_name() -> None:
    path = SHARED / "ucdp_ged_sample" / "ucdpged_sample_1000.csv"
    if not path.is_file():
        pytest.skip(f"{path} is not on this machine: provenance traced where it is")
    with path.open(encoding="utf-8") as fh:
        events = {r["id"]: r for r in csv.DictReader(fh)}
    extract = rows("ucdp_ged.csv")
    assert len(extract) > 300
    for row in extract:
        original = events[row["id"].removeprefix("ucdp-")]
        assert row["event"] == f"ucdp:{original['country']}"
        headline = re.sub(r"\[/?highlight[^\]]*\]", "", original["source_headline"])
        assert row["text"] in headline, row["id"]
