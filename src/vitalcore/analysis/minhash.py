"""Near-duplicate clustering with MinHash and LSH banding, vectorised with numpy.

Why not datasketch's MinHash per text: it hashes each shingle in Python (sha1) and
updates 64 permutations per text in a Python loop, about 1 ms a text, so 1,000,000 voices
take a quarter of an hour; here all shingles of a chunk of texts are hashed in a few
array passes and a chunk's signatures come from `np.minimum.reduceat`. A test checks
that the clusters agree with datasketch's MinHash + MinHashLSH on a small set.

1. Normalise: lower case, every run of non-word characters to one space.
2. Shingles: the `k` consecutive characters starting at each position (a text shorter
   than k is one shingle, padded). Each shingle gets a 64-bit polynomial hash of its
   code points, finished with the splitmix64 mixer.
3. Signature: for each of `num_perm` hash functions h_i(x) = (a_i x + b_i) >> 32 with
   random odd a_i (the multiply-shift family of Dietzfelbinger et al. 1997), the minimum
   over the text's shingles. P[min_i(A) = min_i(B)] estimates Jaccard(A, B) (Broder 1997).
4. LSH: the signature is cut into `bands` bands of r rows; texts that agree on a whole
   band are candidates (probability 1 - (1 - J^r)^bands); a candidate joins a cluster
   when its estimated Jaccard with the band's first text is >= `threshold`. Clusters
   are the connected components of the accepted pairs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

SHINGLE = 5
NUM_PERM = 64
BANDS = 16
THRESHOLD = 0.5
_NON_WORD = re.compile(r"[\W_]+")
_POLY = np.uint64(0x100000001B3)
_BLOCK = 2000  # texts per block of signatures: some 200,000 shingles, 1.6 MB of hashes


def normalise(text: str) -> str:
    """Lower case, punctuation and spacing collapsed to single spaces."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The shingle set of one text, as `shingle_hashes` sees it (for tests and reasons)."""
    padded = (normalise(text) or "\x00") + "\x00" * (k - 1)
    return {padded[i : i + k] for i in range(len(padded) - k + 1)}


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads similar inputs over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(texts: Sequence[str], k: int = SHINGLE) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every text's character k-shingles, and shingles per text."""
    padded = [normalise(t) or "\x00" for t in texts]
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    # k-1 padding code points after each text keep every shingle inside its own text.
    pad = "\x00" * (k - 1)
    codes = np.frombuffer((pad.join(padded) + pad).encode("utf-32-le"),
                          dtype=np.uint32).astype(np.uint64)
    # The hash at every position of the joined texts, from k shifted views (no gather:
    # indexing the code points once per shingle position was most of the time), then
    # the positions where a padding run begins (no shingle of any text) dropped.
    m = codes.size - (k - 1)
    h = np.zeros(m, dtype=np.uint64)
    for j in range(k):
        h *= _POLY
        h += codes[j : j + m]
        h += np.uint64(1)
    pad_start = np.cumsum(lengths + (k - 1))[:-1] - (k - 1)
    keep = np.ones(m, dtype=bool)
    keep[(pad_start[:, None] + np.arange(k - 1)).ravel()] = False
    return _mix(h[keep]), lengths


def permutations(num_perm: int = NUM_PERM, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Parameters (a odd, b) of the multiply-shift hash functions."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def signatures(
    texts: Sequence[str], *, num_perm: int = NUM_PERM, k: int = SHINGLE, seed: int = 1
) -> np.ndarray:
    """MinHash signatures (len(texts), num_perm) as uint32."""
    if not texts:
        return np.zeros((0, num_perm), dtype=np.uint32)
    hashes, counts = shingle_hashes(texts, k)
    ends = np.cumsum(counts)
    first = ends - counts
    a, b = permutations(num_perm, seed)
    # Block by block of texts, so that one block's hashes stay in the CPU cache through
    # all the hash functions (a pass per function over all shingles at once was three
    # times slower); a row of `out` per function keeps the writes contiguous.
    out = np.empty((num_perm, len(texts)), dtype=np.uint32)
    shift = np.uint64(32)
    for lo in range(0, len(texts), _BLOCK):
        hi = min(lo + _BLOCK, len(texts))
        block = hashes[first[lo] : ends[hi - 1]]
        starts = first[lo:hi] - first[lo]
        buffer = np.empty_like(block)
        for i in range(num_perm):
            np.multiply(block, a[i], out=buffer)
            buffer += b[i]
            buffer >>= shift
            out[i, lo:hi] = np.minimum.reduceat(buffer, starts)
    return np.ascontiguousarray(out.T)


def estimated_jaccard(sig: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Share of agreeing signature positions for the pairs (u[j], v[j])."""
    return (sig[u] == sig[v]).mean(axis=1)


def candidate_pairs(sig: np.ndarray, bands: int = BANDS) -> tuple[np.ndarray, np.ndarray]:
    """(u, v): each text paired with the first text sharing one of its bands."""
    n, num_perm = sig.shape
    if num_perm % bands:
        raise ValueError(f"num_perm {num_perm} is not a multiple of bands {bands}")
    rows = num_perm // bands
    us, vs = [], []
    for band in range(bands):
        key = np.zeros(n, dtype=np.uint64)
        for col in sig[:, band * rows : (band + 1) * rows].T:
            key = _mix(key * _POLY + col.astype(np.uint64))
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        new_group = np.concatenate([[True], sorted_key[1:] != sorted_key[:-1]])
        head_pos = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
        member = ~new_group
        us.append(order[head_pos[member]])
        vs.append(order[member])
    u, v = np.concatenate(us), np.concatenate(vs)
    if u.size == 0:
        return u, v
    # Each pair once, sorted by (smaller, larger): as np.unique(..., axis=0) sorts the
    # rows, through one integer per pair (a sixth of the time of the rows' unique).
    low, high = np.minimum(u, v).astype(np.int64), np.maximum(u, v).astype(np.int64)
    pairs = np.unique(low * n + high)
    return pairs // n, pairs % n


def cluster(sig: np.ndarray, *, bands: int = BANDS, threshold: float = THRESHOLD) -> np.ndarray:
    """Cluster label per text (0..m-1); texts in no pair are clusters of their own."""
    n = sig.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    u, v = candidate_pairs(sig, bands)
    keep = estimated_jaccard(sig, u, v) >= threshold if u.size else np.zeros(0, dtype=bool)
    return components(n, u[keep], v[keep])


def components(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Connected components of the undirected graph on 0..n-1 with edges (u[j], v[j]),
    labelled 0, 1, ... in the order of each component's smallest node: the labels of
    scipy.sparse.csgraph.connected_components, without importing SciPy (a quarter of a
    second of a cold `rumours`; a test checks the two agree).

    Each node takes the smallest label among its neighbours, then follows its label's
    own label (pointer jumping), until nothing changes: every node ends at the smallest
    node of its component.
    """
    label = np.arange(n, dtype=np.int64)
    u, v = u.astype(np.int64), v.astype(np.int64)
    while True:
        before = label.copy()
        low = np.minimum(label[u], label[v])
        np.minimum.at(label, u, low)
        np.minimum.at(label, v, low)
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            break
    return np.unique(label, return_inverse=True)[1].astype(np.int64)
