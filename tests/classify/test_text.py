"""Folding a whole column at once gives what folding each text gives."""

import polars as pl

from vitalcore.classify.text import fold, fold_series

TEXTS = [
    "  Tués\u00a0 à\tBAMAKO  ", "ß Straße ΣΑΣ ς", "x\x1cy\x1d z\x0b", "\u2003a\u3000b\u200b c",
    "é\u0301\u0327 ñ", "ﬁ ligature Ⅻ", "المَاء قُطِعَ", "İstanbul", "ＦＵＬＬ width", "",
    "   ", "a\x00b", "comité  de  paix\n\nmédiation", "plain ascii,  with   runs\r\n",
]


def test_fold_series_equals_fold_text_by_text() -> None:
    column = pl.Series("text", [*TEXTS, None])
    assert fold_series(column).to_list() == [*(fold(t) for t in TEXTS), None]
    assert fold_series(column).name == "text"


def test_fold_series_of_ascii_only_and_of_nothing() -> None:
    ascii_only = pl.Series(["A  b\tC", "d"])
    assert fold_series(ascii_only).to_list() == ["a b c", "d"]
    assert fold_series(pl.Series([], dtype=pl.String)).to_list() == []
