"""Leave-events-out folds: no event on both sides, every real row tested exactly once."""

import pytest

from vitalcore.classify.event_split import assign_events, event_folds, is_real_event
from vitalcore.classify.training import REAL_FILES, Corpus, packaged_corpus


def test_no_event_is_on_both_sides_of_any_fold() -> None:
    corpus = packaged_corpus()
    folds = event_folds(corpus, 5)
    tested: list[int] = []
    for fold in folds:
        train_events = {corpus.events[i] for i in fold.train}
        test_events = {corpus.events[i] for i in fold.test}
        assert not train_events & test_events
        assert test_events == set(fold.test_events)
        assert set(fold.train) | set(fold.test) == set(range(len(corpus)))
        tested += fold.test
    real = [i for i, e in enumerate(corpus.events) if is_real_event(e)]
    assert sorted(tested) == real  # each real row predicted once, by a model blind to it
    # Only text written by others is tested on; the project's own rows are always trained.
    assert {corpus.sources[i].split(":")[0] for i in tested} == set(REAL_FILES)
    sizes = [len(f.test) for f in folds]
    assert max(sizes) < 1.5 * min(sizes)


def test_the_assignment_depends_on_events_not_on_row_order() -> None:
    events = ["quake"] * 5 + ["flood"] * 4 + ["fire"] * 3 + ["file:x.csv"] * 9 + ["ucdp:Mali"]
    assert assign_events(events, 2) == assign_events(list(reversed(events)), 2)
    assert "file:x.csv" not in assign_events(events, 2)


def test_too_few_events_for_the_folds_is_an_error() -> None:
    corpus = Corpus()
    corpus.add("a", "the river flooded", "en", {"dimension:environmental": 1}, event="flood")
    corpus.add("b", "we wrote this", "en", {}, event="vitalcore:phrase-banks")
    with pytest.raises(ValueError, match="1 real event"):
        event_folds(corpus, 2)
