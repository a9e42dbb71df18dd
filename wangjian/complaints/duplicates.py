"""Near-duplicate texts: MinHash over character shingles, with LSH banding for candidates.

Chinese complaint text has no spaces, so shingles are overlapping character 3-grams of the
normalised text (full width folded, punctuation and digits' formatting removed). MinHash
estimates the Jaccard similarity of two shingle sets; LSH with ``BANDS`` bands of ``ROWS`` rows
puts two texts in the same bucket with probability 1 - (1 - s^ROWS)^BANDS, about 0.5 at s=0.5 and
0.98 at s=0.75, so a candidate pair is then checked with its estimated similarity. Pure Python
(the permutations are fixed by a seed, so signatures stored in the database stay comparable).
"""

import random
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable

SHINGLE = 3
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
_PRIME = (1 << 61) - 1
_MAX = (1 << 32) - 1
_rng = random.Random(20260415)
_A = [_rng.randrange(1, _PRIME) for _ in range(PERMUTATIONS)]
_B = [_rng.randrange(0, _PRIME) for _ in range(PERMUTATIONS)]
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Full width folded, lower case, punctuation and spaces removed."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """CRC32 of each character ``size``-gram of the normalised text (the text itself if shorter)."""
    clean = normalise_text(text)
    if len(clean) <= size:
        return {zlib.crc32(clean.encode())} if clean else set()
    encoded = [clean[i : i + size].encode() for i in range(len(clean) - size + 1)]
    return {zlib.crc32(gram) for gram in encoded}


def signature(text: str) -> list[int]:
    """The MinHash signature: for each permutation the least permuted shingle hash."""
    values = shingles(text)
    if not values:
        return [_MAX] * PERMUTATIONS
    return [
        min(((a * value + b) % _PRIME) & _MAX for value in values)
        for a, b in zip(_A, _B, strict=True)
    ]


def similarity(first: list[int], second: list[int]) -> float:
    """Estimated Jaccard similarity: the share of permutations whose minimum agrees."""
    if not first or not second:
        return 0.0
    same = sum(1 for x, y in zip(first, second, strict=True) if x == y)
    return same / len(first)


def jaccard(first: str, second: str) -> float:
    """The exact Jaccard similarity of two texts' shingle sets (for tests and evidence)."""
    a, b = shingles(first), shingles(second)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def band_keys(sig: list[int]) -> list[tuple[int, int]]:
    return [(band, hash(tuple(sig[band * ROWS : (band + 1) * ROWS]))) for band in range(BANDS)]


class LshIndex:
    """An in-memory LSH index: add signatures under keys, ask for candidates of a signature."""

    def __init__(self):
        self.buckets: dict[tuple[int, int], list] = defaultdict(list)
        self.signatures: dict = {}

    def add(self, key, sig: list[int]) -> None:
        self.signatures[key] = sig
        for band in band_keys(sig):
            self.buckets[band].append(key)

    def candidates(self, sig: list[int]) -> set:
        found = set()
        for band in band_keys(sig):
            found.update(self.buckets.get(band, ()))
        return found

    def similar(
        self, sig: list[int], threshold: float, *, exclude=None
    ) -> list[tuple[object, float]]:
        """Keys whose estimated similarity to ``sig`` is at least ``threshold``, best first."""
        scored = []
        for key in self.candidates(sig):
            if key == exclude:
                continue
            value = similarity(sig, self.signatures[key])
            if value >= threshold:
                scored.append((key, value))
        return sorted(scored, key=lambda item: (-item[1], str(item[0])))


def clusters(items: Iterable[tuple[object, list[int]]], threshold: float) -> list[list]:
    """Groups of keys whose signatures are pairwise linked above ``threshold`` (union-find)."""
    index = LshIndex()
    parent: dict = {}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, sig in items:
        parent[key] = key
        for other, _value in index.similar(sig, threshold):
            root_a, root_b = find(key), find(other)
            if root_a != root_b:
                parent[root_a] = root_b
        index.add(key, sig)
    groups: dict = defaultdict(list)
    for key in parent:
        groups[find(key)].append(key)
    return [sorted(group, key=str) for group in groups.values() if len(group) > 1]
