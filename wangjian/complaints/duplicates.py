"""Near-duplicate texts: MinHash over character shingles, with LSH banding for candidates.

Chinese complaint text has no spaces, so shingles are overlapping character 3-grams of the
normalised text (full width folded, punctuation and spaces removed). The signature is MinHash
by one permutation hashing with densification (Li, Owen & Zhang 2012; Shrivastava & Li 2014):
each shingle is hashed once, the hash's top bits choose one of ``PERMUTATIONS`` bins and the rest
is its value; a bin keeps its least value and an empty bin borrows from the next non-empty one.
The share of equal bins estimates the Jaccard similarity of the two shingle sets, at one hash
per shingle instead of one per shingle and permutation, so pure Python signs a complaint in tens
of microseconds. LSH with ``BANDS`` bands of ``ROWS`` rows then puts two texts in the same
bucket with probability 1 - (1 - s^ROWS)^BANDS (about 0.5 at s=0.5, 0.98 at s=0.75); a
candidate pair is checked with its estimated similarity. Signatures are stable across processes
(CRC32 and a fixed multiplier), so those stored in the database stay comparable.
"""

import hashlib
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable

SHINGLE = 3
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
_BIN_BITS = 6  # 2**6 == PERMUTATIONS
_VALUE_BITS = 64 - _BIN_BITS
_VALUE_MASK = (1 << _VALUE_BITS) - 1
_MASK64 = (1 << 64) - 1
# An odd 64-bit constant (the golden ratio's): multiplicative hashing spreads CRC32 values
# over all 64 bits, and the top bits pick the bin.
_MULTIPLIER = 0x9E3779B97F4A7C15
_EMPTY = _VALUE_MASK + 1
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
    """The MinHash signature (``PERMUTATIONS`` integers) of the text's shingles."""
    bins = [_EMPTY] * PERMUTATIONS
    for value in shingles(text):
        mixed = (value * _MULTIPLIER) & _MASK64
        index = mixed >> _VALUE_BITS
        rest = mixed & _VALUE_MASK
        if rest < bins[index]:
            bins[index] = rest
    return _densify(bins)


def _densify(bins: list[int]) -> list[int]:
    """Fill each empty bin from the next non-empty bin to its right (circularly), tagged with
    the distance so that two texts agree on a borrowed bin only when they agree on its source."""
    if all(value == _EMPTY for value in bins):
        return bins
    size = len(bins)
    filled = list(bins)
    for index, value in enumerate(bins):
        if value != _EMPTY:
            continue
        distance = 1
        while bins[(index + distance) % size] == _EMPTY:
            distance += 1
        source = bins[(index + distance) % size]
        filled[index] = (source + distance * _MULTIPLIER) & _VALUE_MASK
    return filled


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
    """(band, key) per LSH band; keys are stable across processes (stored in the database)."""
    keys = []
    for band in range(BANDS):
        chunk = ",".join(str(value) for value in sig[band * ROWS : (band + 1) * ROWS])
        digest = hashlib.blake2b(chunk.encode(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big") >> 1))
    return keys


# A bucket shared by very many texts (stock phrases every complaint about one problem uses) would
# make each lookup compare against a growing share of the corpus; only its most recent entries
# are compared, since a re-filed complaint follows its original closely in time.
RECENT_PER_BUCKET = 64


class LshIndex:
    """An in-memory LSH index: add signatures under keys, ask for candidates of a signature."""

    def __init__(self, recent_per_bucket: int = RECENT_PER_BUCKET):
        self.recent_per_bucket = recent_per_bucket
        self.buckets: dict[tuple[int, int], list] = defaultdict(list)
        self.signatures: dict = {}

    def add(self, key, sig: list[int]) -> None:
        self.signatures[key] = sig
        for band in band_keys(sig):
            self.buckets[band].append(key)

    def candidates(self, sig: list[int]) -> set:
        found = set()
        for band in band_keys(sig):
            found.update(self.buckets.get(band, ())[-self.recent_per_bucket :])
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
