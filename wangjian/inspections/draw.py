"""Verifiable random draws for 双随机、一公开, usable without Django.

Two algorithms, both reproducible by anyone from the published draw record:

- ``rfc3797``: RFC 3797 (Eastlake, 2004) exactly. The key string is built from the announced
  public random sources; selection ``i`` takes ``MD5(u16be(i) ‖ key ‖ u16be(i)) mod remaining``
  as the 0-based index among the items not yet selected. The two-byte index limits the pool to
  65,535 and the method to one unstratified pool.
- ``hkdf-sha256`` (default): after draft-thomson-elegy-vrs. ``PRK = HKDF-Extract(salt, key)``
  with a salt bound to the frozen pool's SHA-256 and to the stratum; each candidate's score is
  ``HKDF-Expand(PRK, info=candidate id, 32)``; the lowest scores are selected. Any pool size,
  and each stratum's selection is independent of the others and of list order.

The draw record (``DrawRecord``) carries the pool snapshot, its commitment, the sources, the key,
the plan and the results; ``verify_record`` re-runs every step and names the first that fails.
"""

import hashlib
import heapq
import hmac
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

RECORD_FORMAT = "wangjian-draw-record/1"
ALGORITHMS = ("rfc3797", "hkdf-sha256")
RFC3797_MAX_POOL = 65535


class DrawError(ValueError):
    """A draw that cannot be made as asked (bilingual message)."""


# --------------------------------------------------------------------------------------------
# Key from public random sources (RFC 3797 §4)


def encode_source_value(value) -> str:
    """One number as RFC 3797 writes it: integers without leading zeros; decimals ``x.y`` with
    trailing zeros removed (the RFC's reference code), never in exponent form."""
    if isinstance(value, bool):
        raise DrawError(f"随机源取值不能是布尔值 / a source value cannot be a boolean: {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise DrawError(f"随机源取值须为非负数 / source values must not be negative: {value}")
        return str(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise DrawError(f"随机源取值须为数字 / source values must be numbers: {value!r}") from error
    if number < 0 or not number.is_finite():
        raise DrawError(f"随机源取值须为非负有限数 / source values must be finite, ≥ 0: {value}")
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f").rstrip("0")


def rfc3797_key(sources: list[list]) -> str:
    """The key string: per source, its values sorted ascending, each followed by ".", then "/".

    Integer values end in "."; decimal values (``x.y``) are written as they are, since the
    RFC's reference code puts no "." after a number that has a fractional part.
    """
    if not sources:
        raise DrawError("至少需要一个公开随机源 / at least one public random source is needed")
    parts = []
    for values in sources:
        if not values:
            raise DrawError("随机源没有取值 / a random source has no values")
        numbers = sorted(Decimal(encode_source_value(value)) for value in values)
        encoded = []
        for number in numbers:
            text = encode_source_value(number)
            encoded.append(text if "." in text else f"{text}.")
        parts.append("".join(encoded) + "/")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# RFC 3797 selection


def rfc3797_select(pool_size: int, count: int, key: str) -> list[int]:
    """Selected 1-based positions, in selection order (RFC 3797 §5 reference algorithm)."""
    if not 1 <= pool_size <= RFC3797_MAX_POOL:
        raise DrawError(
            f"RFC 3797 的抽取池须为 1 至 {RFC3797_MAX_POOL} 项，实为 {pool_size} / "
            f"RFC 3797 needs a pool of 1 to {RFC3797_MAX_POOL} items, got {pool_size}"
        )
    if not 0 <= count <= pool_size:
        raise DrawError(
            f"抽取数 {count} 须在 0 至 {pool_size} 之间 / count {count} must be 0 to {pool_size}"
        )
    remaining = list(range(1, pool_size + 1))
    key_bytes = key.encode("ascii")
    selected = []
    for index in range(count):
        prefix = index.to_bytes(2, "big")
        digest = hashlib.md5(prefix + key_bytes + prefix, usedforsecurity=False).digest()
        selected.append(remaining.pop(int.from_bytes(digest, "big") % len(remaining)))
    return selected


# --------------------------------------------------------------------------------------------
# HKDF-SHA256 selection (RFC 5869; draft-thomson-elegy-vrs)


def hkdf_extract(salt: bytes, input_key_material: bytes) -> bytes:
    return hmac.new(salt, input_key_material, hashlib.sha256).digest()


def hkdf_expand(pseudo_random_key: bytes, info: bytes, length: int = 32) -> bytes:
    output, block, counter = b"", b"", 1
    while len(output) < length:
        block = hmac.new(
            pseudo_random_key, block + info + bytes([counter]), hashlib.sha256
        ).digest()
        output += block
        counter += 1
    return output[:length]


def stratum_salt(pool_sha256: str, stratum: str) -> bytes:
    return hashlib.sha256(f"{pool_sha256}/{stratum}".encode()).digest()


def hkdf_scores(pool_sha256: str, stratum: str, key: str, candidate_ids: list[str]) -> dict:
    """Each candidate's 32-byte score (hex) within one stratum."""
    prk = hkdf_extract(stratum_salt(pool_sha256, stratum), key.encode("utf-8"))
    return {cid: hkdf_expand(prk, cid.encode("utf-8")).hex() for cid in candidate_ids}


def _score(prk: bytes, candidate_id: str) -> bytes:
    # HKDF-Expand with L = 32 is one HMAC block, T(1) = HMAC(PRK, info ‖ 0x01); the one-shot
    # hmac.digest gives the same bytes as hkdf_expand, several times faster on large pools.
    return hmac.digest(prk, candidate_id.encode("utf-8") + b"\x01", "sha256")


def hkdf_select(pool_sha256: str, stratum: str, key: str, candidate_ids: list[str], count: int):
    """The ``count`` candidate ids with the lowest scores, lowest first."""
    if len(set(candidate_ids)) != len(candidate_ids):
        raise DrawError("抽取池中对象编号重复 / duplicate candidate ids in the pool")
    if not 0 <= count <= len(candidate_ids):
        raise DrawError(
            f"分层 {stratum} 抽取数 {count} 超过候选数 {len(candidate_ids)} / stratum {stratum}: "
            f"count {count} exceeds its {len(candidate_ids)} candidates"
        )
    prk = hkdf_extract(stratum_salt(pool_sha256, stratum), key.encode("utf-8"))
    # Lowest scores first; ties (never seen with SHA-256) fall back to the id.
    chosen = heapq.nsmallest(count, ((_score(prk, cid), cid) for cid in candidate_ids))
    return [cid for _score_bytes, cid in chosen]


# --------------------------------------------------------------------------------------------
# Draw records


def canonical_json(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def pool_digest(pool: list[dict]) -> str:
    """SHA-256 of the ordered pool snapshot; published before any randomness exists."""
    return hashlib.sha256(canonical_json(pool)).hexdigest()


def commitment_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass
class DrawRecord:
    """Everything needed to re-run a draw: what was committed, what was revealed, what came out.

    ``pool`` entries are ``{"id": …, "stratum": …, "label": …}`` in their frozen order (the
    position is the 1-based index). ``plan`` maps stratum → count (``{"*": n}`` when
    unstratified). ``sources`` are the announced public sources with their published values;
    ``seed_commitment``/``seed`` are an optional commit-reveal secret added as the last source.
    ``results`` maps stratum → selected ids in selection order.
    """

    algorithm: str
    pool: list[dict]
    plan: dict[str, int]
    sources: list[dict]
    pool_sha256: str = ""
    seed_commitment: str = ""
    seed: str = ""
    key: str = ""
    results: dict[str, list[str]] = field(default_factory=dict)
    title: str = ""
    format: str = RECORD_FORMAT
    # "objects" (检查对象) or "inspectors" (执法检查人员). An inspector draw is made for one
    # ``subject`` (the drawn entity's id): pool entries whose ``recusals`` name the subject are
    # excluded before the selection (行政处罚法 第四十三条), and the stratum salt includes the
    # subject so that each task's team is drawn independently.
    kind: str = "objects"
    subject: str = ""
    minimum_team: int = 0

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "DrawRecord":
        data = json.loads(text)
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def key_for(record: DrawRecord) -> str:
    values = [source["values"] for source in record.sources]
    if record.seed_commitment:
        # The revealed seed enters as its SHA-256 read as one big integer, so it fits the
        # numeric key format of RFC 3797.
        values.append([int(hashlib.sha256(record.seed.encode("utf-8")).hexdigest(), 16)])
    return rfc3797_key(values)


def recused(entry: dict, subject: str) -> bool:
    """Whether a pool entry declared a conflict with ``subject`` (回避) before the commit."""
    return bool(subject) and any(r.get("subject") == subject for r in entry.get("recusals", []))


def exclusions(record: DrawRecord) -> list[dict]:
    """The entries excluded before the draw and why, for the published record."""
    return [
        {
            "id": entry["id"],
            "reasons": [
                r.get("reason", "") for r in entry["recusals"] if r.get("subject") == record.subject
            ],
        }
        for entry in record.pool
        if recused(entry, record.subject)
    ]


def compute_results(record: DrawRecord) -> dict[str, list[str]]:
    """Run the selection of ``record`` from its pool, plan and key."""
    if record.algorithm == "rfc3797":
        if record.subject:
            raise DrawError(
                "rfc3797 不支持回避排除；执法人员抽取请用 hkdf-sha256 / rfc3797 cannot exclude "
                "recused entries; draw inspectors with hkdf-sha256"
            )
        if set(record.plan) != {"*"}:
            raise DrawError(
                "rfc3797 仅用于不分层的抽取；分层请用 hkdf-sha256 / rfc3797 draws one "
                "unstratified pool; use hkdf-sha256 for strata"
            )
        positions = rfc3797_select(len(record.pool), record.plan["*"], record.key)
        return {"*": [record.pool[position - 1]["id"] for position in positions]}
    if record.algorithm == "hkdf-sha256":
        results = {}
        by_stratum: dict[str, list[str]] = {}
        for entry in record.pool:
            if not recused(entry, record.subject):
                by_stratum.setdefault(entry.get("stratum"), []).append(entry["id"])
        for stratum, count in sorted(record.plan.items()):
            if stratum == "*":
                candidates = [
                    entry["id"] for entry in record.pool if not recused(entry, record.subject)
                ]
            else:
                candidates = by_stratum.get(stratum, [])
            label = f"{stratum}@{record.subject}" if record.subject else stratum
            results[stratum] = hkdf_select(record.pool_sha256, label, record.key, candidates, count)
        return results
    raise DrawError(
        f"未知的抽取算法 {record.algorithm!r}，可用 {', '.join(ALGORITHMS)} / unknown algorithm "
        f"{record.algorithm!r}; expected one of {', '.join(ALGORITHMS)}"
    )


def perform_draw(record: DrawRecord) -> DrawRecord:
    """Fill in the key and the results of a committed record whose sources are now known."""
    if record.pool_sha256 != pool_digest(record.pool):
        raise DrawError(
            "抽取池与已公布的承诺哈希不符 / the pool does not match its published commitment"
        )
    if record.seed_commitment and commitment_digest(record.seed) != record.seed_commitment:
        raise DrawError("揭示的种子与承诺不符 / the revealed seed does not match its commitment")
    record.key = key_for(record)
    record.results = compute_results(record)
    return record


@dataclass(frozen=True)
class VerificationStep:
    name: str
    passed: bool
    detail: str


def verify_record(record: DrawRecord) -> list[VerificationStep]:
    """Re-run a published draw; every step reports PASS or FAIL with the reason."""
    steps = []

    def step(name: str, passed: bool, detail: str) -> bool:
        steps.append(VerificationStep(name, passed, detail))
        return passed

    step(
        "format",
        record.format == RECORD_FORMAT and record.algorithm in ALGORITHMS,
        f"记录格式 {record.format}，算法 {record.algorithm} / format and algorithm",
    )
    actual_pool = pool_digest(record.pool)
    step(
        "pool_commitment",
        actual_pool == record.pool_sha256,
        f"抽取池哈希 {actual_pool}，承诺 {record.pool_sha256} / pool SHA-256 against commitment",
    )
    if record.seed_commitment:
        step(
            "seed_commitment",
            commitment_digest(record.seed) == record.seed_commitment,
            "揭示的种子与事先承诺的哈希一致 / revealed seed matches its commitment",
        )
    try:
        expected_key = key_for(record)
    except DrawError as error:
        step("key", False, str(error))
        return steps
    step(
        "key",
        expected_key == record.key,
        f"由随机源得出密钥 {expected_key} / key derived from the sources",
    )
    if record.kind == "inspectors":
        team = sum(record.plan.values())
        step(
            "team_size",
            team >= max(record.minimum_team, 2),
            f"每项任务执法人员 {team} 名，不少于两名（行政处罚法第四十二条）/ at least two "
            "inspectors per task",
        )
        excluded = {item["id"] for item in exclusions(record)}
        chosen = {i for ids in record.results.values() for i in ids}
        step(
            "recusals",
            not (excluded & chosen),
            f"抽取前排除回避人员 {sorted(excluded)} / recused inspectors excluded before the draw",
        )
    try:
        expected = compute_results(record)
    except DrawError as error:
        step("results", False, str(error))
        return steps
    step(
        "results",
        expected == record.results,
        "按公布的算法重新抽取，结果一致 / re-running the draw gives the published results"
        if expected == record.results
        else f"重新抽取得到 {expected} / re-running the draw gives {expected}",
    )
    return steps
