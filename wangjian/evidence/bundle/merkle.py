"""RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification.

Leaf hash ``SHA-256(0x00 || data)``, interior node ``SHA-256(0x01 || left || right)``; an n-leaf
tree splits at the largest power of two below n. Proofs are built from *complete* subtrees only
(aligned ranges of 2^level leaves), which never change once they exist, so a log can store each
of them once and answer any proof with about 2·log2(n) lookups.
"""

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeGetter = Callable[[int, int], bytes]


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    if n < 2:
        raise ValueError(f"需要 n >= 2 / need n >= 2, got {n}")
    return 1 << ((n - 1).bit_length() - 1)


def _is_power_of_two(n: int) -> bool:
    return n > 0 and n & (n - 1) == 0


def subtree_hash(node: NodeGetter, start: int, end: int) -> bytes:
    """MTH(D[start:end]) from complete nodes; ``node(level, index)`` covers leaves
    ``index·2^level … (index+1)·2^level − 1``."""
    size = end - start
    if size == 0:
        return EMPTY_ROOT
    if _is_power_of_two(size) and start % size == 0:
        level = size.bit_length() - 1
        return node(level, start >> level)
    split = largest_power_of_two_below(size)
    return node_hash(
        subtree_hash(node, start, start + split), subtree_hash(node, start + split, end)
    )


def inclusion_proof(node: NodeGetter, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 6962 §2.1.1."""
    if not 0 <= index < size:
        raise ValueError(
            f"叶子 {index} 不在大小为 {size} 的树中 / leaf {index} outside a tree of {size}"
        )

    def path(m: int, start: int, end: int) -> list[bytes]:
        if end - start == 1:
            return []
        split = largest_power_of_two_below(end - start)
        if m < split:
            return [*path(m, start, start + split), subtree_hash(node, start + split, end)]
        return [*path(m - split, start + split, end), subtree_hash(node, start, start + split)]

    return path(index, 0, size)


def consistency_proof(node: NodeGetter, first_size: int, size: int) -> list[bytes]:
    """PROOF(first_size, D[0:size]) of RFC 6962 §2.1.2."""
    if not 0 < first_size <= size:
        raise ValueError(
            f"一致性证明需要 0 < {first_size} <= {size} / consistency proof needs 0 < m <= n"
        )

    def subproof(m: int, start: int, end: int, complete: bool) -> list[bytes]:
        if m == end - start:
            return [] if complete else [subtree_hash(node, start, end)]
        split = largest_power_of_two_below(end - start)
        if m <= split:
            return [
                *subproof(m, start, start + split, complete),
                subtree_hash(node, start + split, end),
            ]
        return [
            *subproof(m - split, start + split, end, False),
            subtree_hash(node, start, start + split),
        ]

    return subproof(first_size, 0, size, True)


def _well_formed(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes | bytearray) and len(h) == HASH_SIZE for h in hashes)


def root_from_inclusion_proof(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes | None:
    """RFC 9162 §2.1.3.2: the root the proof leads to, or None when it is malformed."""
    if not 0 <= index < size or not _well_formed(leaf, *proof):
        return None
    fn, sn, result = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    return result if sn == 0 else None


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    return root_from_inclusion_proof(leaf, index, size, proof) == root


def verify_consistency(
    first_size: int, first_root: bytes, size: int, root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2; a shrinking log or any malformed input is False, never an error."""
    if not _well_formed(first_root, root, *proof) or first_size < 0 or first_size > size:
        return False
    if first_size == size:
        return not proof and first_root == root
    if first_size == 0:
        return not proof and first_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if _is_power_of_two(first_size):
        path.insert(0, first_root)
    fn, sn = first_size - 1, size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    first_result = second_result = path[0]
    for sibling in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first_result = node_hash(sibling, first_result)
            second_result = node_hash(sibling, second_result)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            second_result = node_hash(second_result, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and first_result == first_root and second_result == root


class MemoryTree:
    """An append-only tree in memory holding every complete node (for tests, bench, verifiers)."""

    def __init__(self, leaves: Sequence[bytes] = ()):
        self.levels: list[list[bytes]] = [[]]
        for leaf in leaves:
            self.append(leaf)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the (level, index, hash) of every node it completed."""
        created = [(0, len(self.levels[0]), leaf)]
        self.levels[0].append(leaf)
        level = 0
        while len(self.levels[level]) % 2 == 0:
            row = self.levels[level]
            parent = node_hash(row[-2], row[-1])
            if len(self.levels) == level + 1:
                self.levels.append([])
            self.levels[level + 1].append(parent)
            created.append((level + 1, len(self.levels[level + 1]) - 1, parent))
            level += 1
        return created

    def node(self, level: int, index: int) -> bytes:
        return self.levels[level][index]

    def root(self, size: int | None = None) -> bytes:
        return subtree_hash(self.node, 0, self.size if size is None else size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(self.node, index, self.size if size is None else size)

    def consistency_proof(self, first_size: int, size: int | None = None) -> list[bytes]:
        return consistency_proof(self.node, first_size, self.size if size is None else size)
