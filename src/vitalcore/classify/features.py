"""Hashed character and word n-gram features for a whole batch of texts at once.

Like scikit-learn's HashingVectorizer (stateless: no vocabulary to store), but vectorised
over the batch with numpy: the batch is one array of code points, and every n-gram's hash
is a polynomial rolling hash computed for all positions at once. That is what lets the
classifier read >10,000 voices a second on two cores; sklearn's analyzers loop in Python
per document.

Features (all hashed into one space of 2**bits columns):
  - character n-grams, n = 2..5, over the cleaned text with a space at each word edge,
    so ' dlo ' yields ' d', 'dl', ... ' dlo ', and short words are whole features;
  - word unigrams and bigrams.
Values are counts, each row scaled by 1/sqrt(number of n-grams in it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from vitalcore.classify.text import clean_batch

_B = np.uint64(0x100000001B3)  # FNV prime as the polynomial base: odd, so invertible mod 2**64
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing spreads the high bits
_WORD_SALT = np.uint64(0xC2B2AE3D27D4EB4F)
_BIGRAM_SALT = np.uint64(0x165667B19E3779F9)


@dataclass(frozen=True)
class FeatureSpec:
    """How texts become columns; saved with every model so it reads text the same way."""

    bits: int = 18
    char_min: int = 2
    char_max: int = 5
    word_bigrams: bool = True

    @property
    def n_features(self) -> int:
        return 1 << self.bits


def _bucket(hashes: np.ndarray, salt: np.uint64, bits: int) -> np.ndarray:
    return (((hashes + salt) * _MIX) >> np.uint64(64 - bits)).astype(np.int64)


def featurize(texts: Sequence[str], spec: FeatureSpec = FeatureSpec()) -> sparse.csr_matrix:
    """A (len(texts) x 2**bits) sparse matrix of n-gram features."""
    n_docs = len(texts)
    if n_docs == 0:
        return sparse.csr_matrix((0, spec.n_features), dtype=np.float32)
    codes = np.frombuffer(clean_batch(list(texts)).encode("utf-32-le"), dtype=np.uint32)
    codes = codes.astype(np.uint64)
    is_sep = codes == 0
    doc_of = np.cumsum(is_sep)  # document index of each position (separators belong right)
    rows_parts, cols_parts = [], []
    with np.errstate(over="ignore"):  # the rolling hash wraps modulo 2**64 on purpose
        rolling = codes.copy()
        sep_count = np.concatenate(([0], np.cumsum(is_sep)))
        for n in range(2, spec.char_max + 1):
            rolling = rolling[:-1] * _B + codes[n - 1 :]
            if n < spec.char_min:
                continue
            start = np.arange(len(rolling))
            clean = sep_count[start + n] == sep_count[start]
            # Skip n-grams that are spaces only or start/end inside a doubled edge space.
            rows_parts.append(doc_of[start[clean]])
            cols_parts.append(_bucket(rolling[clean], np.uint64(n), spec.bits))
        word_rows, word_hash = _words(codes, doc_of)
        rows_parts.append(word_rows)
        cols_parts.append(_bucket(word_hash, _WORD_SALT, spec.bits))
        if spec.word_bigrams and len(word_hash) > 1:
            same = word_rows[1:] == word_rows[:-1]
            bigram = word_hash[:-1][same] * _B + word_hash[1:][same] * _MIX
            rows_parts.append(word_rows[1:][same])
            cols_parts.append(_bucket(bigram, _BIGRAM_SALT, spec.bits))
    rows = np.concatenate(rows_parts)
    cols = np.concatenate(cols_parts)
    # Each part is sorted by document already, so this stable sort only merges runs.
    order = np.argsort(rows, kind="stable")
    counts = np.bincount(rows, minlength=n_docs)
    indptr = np.concatenate(([0], np.cumsum(counts)))
    # Repeated n-grams stay as repeated entries (CSR sums them in every product), and
    # each row is scaled by 1/sqrt(its number of n-grams): unit norm when none repeats.
    data = np.repeat((1.0 / np.sqrt(np.maximum(counts, 1))).astype(np.float32), counts)
    return sparse.csr_matrix((data, cols[order], indptr), shape=(n_docs, spec.n_features))


def _words(codes: np.ndarray, doc_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(document index, hash) of every word: maximal runs of non-space, non-NUL code points.

    The hash of codes[s:e] is sum(codes[k] * B**-(k - s)), from one prefix sum of
    codes[k] * B**-k (B is odd, hence invertible modulo 2**64) and the powers B**s.
    """
    boundary = (codes == 32) | (codes == 0)
    inside = ~boundary
    edges = np.diff(np.concatenate(([False], inside, [False])).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    powers, inv_powers = _powers(len(codes))
    prefix = np.concatenate(([np.uint64(0)], np.cumsum(codes * inv_powers, dtype=np.uint64)))
    hashes = (prefix[ends] - prefix[starts]) * powers[starts]
    return doc_of[starts], hashes


_POWERS: list[np.ndarray] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """B**k and B**-k for k < n (modulo 2**64), cached and grown by doubling."""
    if not _POWERS or len(_POWERS[0]) < n:
        size = max(n, 2 * len(_POWERS[0]) if _POWERS else 1 << 16)
        inverse = np.uint64(pow(int(_B), -1, 1 << 64))
        with np.errstate(over="ignore"):
            powers = np.cumprod(np.full(size, _B, dtype=np.uint64))
            inv_powers = np.cumprod(np.full(size, inverse, dtype=np.uint64))
        _POWERS[:] = [np.concatenate(([np.uint64(1)], powers[:-1])),
                      np.concatenate(([np.uint64(1)], inv_powers[:-1]))]
    return _POWERS[0][:n], _POWERS[1][:n]
