"""The batch featuriser: stable, case- and accent-blind, documents kept apart."""

import os
import subprocess
import sys

import numpy as np

from vitalcore.classify.features import FeatureSpec, featurize
from vitalcore.classify.text import clean, clean_batch


def test_case_accents_and_punctuation_do_not_change_features() -> None:
    x = featurize(["Nou bezwen manje ak dlo", "NOU bezwen, manjé ak dlo!!"])
    assert abs(x[0] - x[1]).sum() == 0


def test_documents_do_not_leak_into_each_other() -> None:
    together = featurize(["we need food", "armed men attacked"])
    alone = featurize(["armed men attacked"])
    assert abs(together[1] - alone[0]).sum() == 0


def test_rows_have_unit_scale_and_empty_text_has_no_features() -> None:
    x = featurize(["dlo", "", "pa gen lopital"], FeatureSpec(bits=12))
    assert x.shape == (3, 4096)
    assert x[1].nnz == 0
    assert np.isclose((x[0].toarray() ** 2).sum(), 1.0, atol=0.2)


def test_the_hash_is_the_same_in_every_process() -> None:
    # Python's own hash() is salted per process; a saved model needs a hash that is not.
    code = ("from vitalcore.classify.features import featurize; "
            "print(sorted(featurize(['nou grangou']).indices.tolist()))")
    runs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    assert runs.pop().strip() == str(sorted(featurize(["nou grangou"]).indices.tolist()))


def test_clean_batch_marks_words_and_documents() -> None:
    assert clean_batch(["A b!", "c"]) == " a b \x00 c "
    assert clean("Léogâne, l'hôpital") == "leogane l hopital"
