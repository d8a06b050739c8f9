"""Near-duplicate clusters: known membership, and agreement with datasketch."""

import numpy as np
from datasketch import MinHash, MinHashLSH

from vitalcore.analysis import minhash

TEXTS = [
    "Armed men attacked the market in Gao this morning, many dead",   # 0  cluster A
    "armed men attacked the market in Gao this morning many dead!!",  # 1  A (punctuation)
    "Armed men attacked the market of Gao this morning, many people dead",  # 2 A (edits)
    "Cholera cases rising at the Menaka clinic, no medicine left",    # 3  cluster B
    "cholera cases rising at menaka clinic, no medicines left",       # 4  B
    "The price of millet doubled since the road was blocked",         # 5  alone
    "Rain finally came to the village and the fields are green",      # 6  alone
    "Les hommes armés ont attaqué le marché de Gao ce matin",         # 7  cluster C
    "les hommes armes ont attaque le marche de Gao ce matin",         # 8  C: accents lost
]
# Exact shingle Jaccard: 0-2 0.667, 3-4 0.712, 7-8 0.565 (all >= 0.5), 0-7 0.027.


def _partition(labels: np.ndarray) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), set()).add(i)
    return {frozenset(g) for g in groups.values()}


def test_known_membership() -> None:
    labels = minhash.cluster(minhash.signatures(TEXTS))
    assert _partition(labels) == {frozenset({0, 1, 2}), frozenset({3, 4}), frozenset({5}),
                                  frozenset({6}), frozenset({7, 8})}


def test_the_same_shingles_estimate_jaccard() -> None:
    sig = minhash.signatures(TEXTS, num_perm=256)
    a, b = minhash.shingles(TEXTS[0]), minhash.shingles(TEXTS[2])
    exact = len(a & b) / len(a | b)
    estimate = minhash.estimated_jaccard(sig, np.array([0]), np.array([2]))[0]
    assert abs(estimate - exact) < 0.1  # sd of the estimate is sqrt(J(1-J)/256) ~ 0.03


def test_clusters_agree_with_datasketch() -> None:
    lsh = MinHashLSH(threshold=minhash.THRESHOLD, num_perm=128)
    hashes = []
    for i, text in enumerate(TEXTS):
        m = MinHash(num_perm=128, seed=1)
        for shingle in minhash.shingles(text):
            m.update(shingle.encode("utf-8"))
        lsh.insert(str(i), m)
        hashes.append(m)
    # datasketch's candidates, kept when its Jaccard estimate passes the same threshold
    parent = list(range(len(TEXTS)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, m in enumerate(hashes):
        for j in map(int, lsh.query(m)):
            if j != i and m.jaccard(hashes[j]) >= minhash.THRESHOLD:
                parent[find(i)] = find(j)
    reference = np.array([find(i) for i in range(len(TEXTS))])
    ours = minhash.cluster(minhash.signatures(TEXTS))
    assert _partition(ours) == _partition(reference)


def test_empty_and_short_texts() -> None:
    sig = minhash.signatures(["", "ok", "ok", "a much longer text about water"])
    labels = minhash.cluster(sig)
    assert labels[1] == labels[2] != labels[3]
    assert minhash.signatures([]).shape == (0, minhash.NUM_PERM)


def test_components_are_scipys_connected_components() -> None:
    """The SciPy-free components give connected_components' labels, not only its
    partition: label order follows each component's smallest node."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(7)
    graphs = [(int(rng.integers(1, 40)), rng.integers(0, 40, (2, int(rng.integers(0, 60)))))
              for _ in range(300)]
    graphs.append((6, np.zeros((2, 0), dtype=np.int64)))  # no edge: every node alone
    path = np.arange(999)[::-1]  # a long chain, highest node first
    graphs.append((1000, np.stack([path, path + 1])))
    for n, edges in graphs:
        u, v = edges[0] % n, edges[1] % n
        graph = coo_matrix((np.ones(u.size), (u, v)), shape=(n, n))
        _, expected = connected_components(graph, directed=False)
        assert minhash.components(n, u, v).tolist() == expected.tolist()
