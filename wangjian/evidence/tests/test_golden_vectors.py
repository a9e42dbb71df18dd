"""Golden vectors: SM3 (GB/T 32905-2016 Appendix A) and the RFC 6962 test tree.

The eight leaf inputs, the roots and the proofs are the certificate-transparency reference test
vectors (merkle tree tests of the CT reference implementation); a tree that is only consistent
with itself would pass everything else here.
"""

import hashlib

import pytest

from wangjian.evidence.bundle.hashing import both_digests, sm3_hex
from wangjian.evidence.bundle.merkle import (
    EMPTY_ROOT,
    MemoryTree,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)

LEAF_INPUTS = [
    bytes.fromhex(value)
    for value in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION_PROOFS = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CONSISTENCY_PROOFS = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]


def test_sm3_of_abc_is_the_gbt_32905_vector():
    assert sm3_hex(b"abc") == ("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")


def test_sm3_of_the_64_byte_vector():
    # GB/T 32905-2016 Appendix A.2: "abcd" repeated 16 times.
    assert sm3_hex(b"abcd" * 16) == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


def test_both_digests_agree_with_single_digests_across_chunk_boundaries():
    data = bytes(range(256)) * 9000  # larger than one chunk
    assert both_digests(data) == (hashlib.sha256(data).hexdigest(), sm3_hex(data))


def test_empty_tree_is_sha256_of_nothing():
    assert MemoryTree().root() == EMPTY_ROOT == hashlib.sha256(b"").digest()


def test_leaf_and_node_hashes_are_domain_separated():
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    left, right = leaf_hash(b"a"), leaf_hash(b"b")
    assert node_hash(left, right) == hashlib.sha256(b"\x01" + left + right).digest()
    assert leaf_hash(left + right) != node_hash(left, right)


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_of_every_prefix_match_the_reference(size):
    tree = MemoryTree([leaf_hash(data) for data in LEAF_INPUTS[:size]])
    assert tree.root().hex() == ROOTS[size - 1]


def test_eight_leaf_root():
    tree = MemoryTree([leaf_hash(data) for data in LEAF_INPUTS])
    assert tree.root().hex() == ("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION_PROOFS)
def test_inclusion_proofs_match_the_reference(index, size, expected):
    tree = MemoryTree([leaf_hash(data) for data in LEAF_INPUTS[:size]])
    proof = tree.inclusion_proof(index)
    assert [node.hex() for node in proof] == expected
    assert verify_inclusion(leaf_hash(LEAF_INPUTS[index]), index, size, proof, tree.root())


@pytest.mark.parametrize(("first", "size", "expected"), CONSISTENCY_PROOFS)
def test_consistency_proofs_match_the_reference(first, size, expected):
    tree = MemoryTree([leaf_hash(data) for data in LEAF_INPUTS[:size]])
    proof = tree.consistency_proof(first)
    assert [node.hex() for node in proof] == expected
    first_root = bytes.fromhex(ROOTS[first - 1])
    assert verify_consistency(first, first_root, size, tree.root(), proof)


def test_a_one_bit_change_anywhere_in_an_inclusion_proof_is_refused():
    tree = MemoryTree([leaf_hash(data) for data in LEAF_INPUTS])
    proof = tree.inclusion_proof(5)
    leaf = leaf_hash(LEAF_INPUTS[5])
    for position in range(len(proof)):
        for byte in range(32):
            changed = list(proof)
            corrupted = bytearray(changed[position])
            corrupted[byte] ^= 1
            changed[position] = bytes(corrupted)
            assert not verify_inclusion(leaf, 5, 8, changed, tree.root())
    assert not verify_inclusion(leaf, 4, 8, proof, tree.root())
    assert not verify_inclusion(leaf_hash(LEAF_INPUTS[4]), 5, 8, proof, tree.root())
    assert not verify_inclusion(leaf, 5, 8, proof[:-1], tree.root())
    assert not verify_inclusion(leaf, 8, 8, proof, tree.root())
    assert not verify_inclusion(leaf, 5, 8, [b"short"], tree.root())


def test_consistency_refuses_a_shrinking_or_forked_log():
    tree = MemoryTree([leaf_hash(data) for data in LEAF_INPUTS])
    root6 = bytes.fromhex(ROOTS[5])
    proof = tree.consistency_proof(6)
    assert not verify_consistency(6, tree.root(), 8, tree.root(), proof)
    assert not verify_consistency(6, root6, 8, root6, proof)
    assert not verify_consistency(8, tree.root(), 6, root6, [])
    assert not verify_consistency(6, root6, 8, tree.root(), proof[:-1])
    forked = MemoryTree([leaf_hash(data) for data in [*LEAF_INPUTS[:5], b"x", *LEAF_INPUTS[6:]]])
    assert not verify_consistency(6, root6, 8, forked.root(), forked.consistency_proof(6))


def test_every_proof_of_every_small_tree_verifies():
    for size in range(1, 34):
        tree = MemoryTree([leaf_hash(number.to_bytes(2, "big")) for number in range(size)])
        for index in range(size):
            proof = tree.inclusion_proof(index)
            assert verify_inclusion(tree.node(0, index), index, size, proof, tree.root())
        for first in range(1, size + 1):
            proof = tree.consistency_proof(first)
            assert verify_consistency(first, tree.root(first), size, tree.root(), proof)
