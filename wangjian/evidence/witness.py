"""The custody log as the audit chain's witness.

``wangjian.core.audit.publish_head`` appends the audit head (sequence and hash) to the custody
log as an ``audit-head`` entry and signs a checkpoint over it with the platform key, timestamped
by the TSA. Reading the heads back checks each entry against its leaf hash and proves it into
the latest checkpoint whose signature verifies, so rewriting a published head means forging
the platform's signature; removing custody entries shows as a gap in the log.
"""

import json

from wangjian.core.audit import HeadWitness, PublishedHead, WitnessReading
from wangjian.evidence import config, custody
from wangjian.evidence.bundle import merkle, notes
from wangjian.evidence.choices import CustodyEventType
from wangjian.evidence.models import CustodyCheckpoint, CustodyLogEntry


class CustodyLogWitness(HeadWitness):
    name = "evidence.custody_log"

    def publish(self, *, sequence: int, last_hash: str, actor) -> str:
        row = custody.append_entry(
            {
                "type": CustodyEventType.AUDIT_HEAD.value,
                "audit_sequence": sequence,
                "audit_hash": last_hash,
            },
            actor=actor,
        )
        checkpoint = custody.sign_checkpoint()
        return (
            f"保管日志第 {row.index} 条（检查点 {checkpoint.size}）/ custody log entry "
            f"{row.index} (checkpoint {checkpoint.size})"
        )

    def read(self) -> WitnessReading:
        reading = WitnessReading()
        rows = list(
            CustodyLogEntry.objects.filter(event_type=CustodyEventType.AUDIT_HEAD).order_by("index")
        )
        size = custody.log_size()
        held = CustodyLogEntry.objects.count()
        if held != size:
            reading.problems.append(
                f"保管日志应有 {size} 条，实有 {held} 条（条目被删除）/ the custody log should "
                f"hold {size} entries but holds {held} (entries were deleted)"
            )
        if not rows:
            return reading
        signed = self._latest_signed(reading)
        for row in rows:
            where = f"保管日志第 {row.index} 条 / custody log entry {row.index}"
            data = row.data.encode()
            leaf = merkle.leaf_hash(data)
            if leaf.hex() != row.leaf_hash:
                reading.problems.append(
                    f"{where}：内容与叶哈希不符（条目被修改）/ content does not match its leaf "
                    "hash (the entry was edited)"
                )
                continue
            if signed is not None and row.index < signed.size:
                proof = custody.inclusion_proof(row.index, signed.size)
                if not merkle.verify_inclusion(leaf, row.index, signed.size, proof, signed.root):
                    reading.problems.append(
                        f"{where}：不在已签名检查点 {signed.size} 中（日志被改写）/ not "
                        f"included in the signed checkpoint of size {signed.size} (the log "
                        "was rewritten)"
                    )
                    continue
            entry = json.loads(data)
            reading.heads.append(
                PublishedHead(int(entry["audit_sequence"]), str(entry["audit_hash"]), where)
            )
        return reading

    @staticmethod
    def _latest_signed(reading: WitnessReading):
        checkpoint = CustodyCheckpoint.objects.order_by("-size").first()
        if checkpoint is None:
            reading.problems.append(
                "保管日志没有签名检查点 / the custody log has no signed checkpoint"
            )
            return None
        origin = config.log_origin()
        vkey = notes.verifier_key(origin, config.platform_key().public_key())
        try:
            return notes.parse_checkpoint_body(notes.open_note(checkpoint.note, vkey))
        except notes.NoteError as error:
            reading.problems.append(
                f"检查点 {checkpoint.size} 的签名无效 / checkpoint {checkpoint.size}: {error}"
            )
            return None
