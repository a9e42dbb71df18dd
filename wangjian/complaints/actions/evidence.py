"""Evidence files (证据材料) attached at intake or later by the consumer or handler."""

from dataclasses import dataclass

from django.db import transaction

from wangjian.complaints import attachments
from wangjian.complaints.actions.common import ComplaintError, _require, _require_state
from wangjian.complaints.choices import AttachmentSource, State
from wangjian.complaints.models import Complaint, ComplaintAttachment
from wangjian.core.audit import record_event

# ---------------------------------------------------------------------------------------------
# Evidence files (证据材料)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    file_type: attachments.FileType
    sha256: str


def check_attachments(
    files, *, where: str, field_name: str = "attachments", already=()
) -> list[CheckedFile]:
    """Check evidence files against the limits in ``attachments`` (type by magic bytes, size,
    count per record and source, no file twice); refuse the first bad one by name.

    ``files`` are ``(name, bytes)`` pairs; ``already`` the SHA-256 of the files the same source
    has already attached to the record.
    """
    files = list(files)
    already = list(already)
    if len(files) + len(already) > attachments.MAX_FILES:
        held = f"（已有{len(already)}个）" if already else ""
        held_en = f" ({len(already)} already attached)" if already else ""
        raise ComplaintError(
            f"{where} 字段 {field_name}：每件每方最多提交{attachments.MAX_FILES}个证据材料文件"
            f"{held} / {where} field {field_name}: at most {attachments.MAX_FILES} evidence files "
            f"per record from one party{held_en}",
            field=field_name,
            rule="max_files",
        )
    seen = dict.fromkeys(already, "")
    checked = []
    megabytes = attachments.MAX_BYTES // (1024 * 1024)
    for raw_name, raw_content in files:
        name = attachments.clean_name(raw_name)
        content = bytes(raw_content or b"")
        if not content:
            _refuse_file(where, name, field_name, "empty", "文件为空", "the file is empty")
        if len(content) > attachments.MAX_BYTES:
            _refuse_file(
                where,
                name,
                field_name,
                "max_size",
                f"超过每个文件{megabytes} MB的上限",
                f"larger than the {megabytes} MB limit per file",
            )
        file_type = attachments.detect_type(content)
        if file_type is None:
            _refuse_file(
                where,
                name,
                field_name,
                "file_type",
                "文件内容不是可接受的类型（按文件头识别，不看扩展名；可接受："
                f"{attachments.accepted_labels('、')}）",
                "the content is not an accepted type (detected from the first bytes, whatever "
                f"the extension; accepted: {attachments.accepted_labels(', ')})",
            )
        sha256 = attachments.sha256_of(content)
        if sha256 in seen:
            earlier = seen[sha256]
            _refuse_file(
                where,
                name,
                field_name,
                "duplicate",
                f"与“{earlier}”内容相同" if earlier else "与已提交的文件内容相同",
                f'the same content as "{earlier}"' if earlier else "already attached",
            )
        seen[sha256] = name
        checked.append(CheckedFile(name, content, file_type, sha256))
    return checked


def _refuse_file(where: str, name: str, field_name: str, rule: str, zh: str, en: str):
    raise ComplaintError(
        f"{where} 证据材料“{name}” 字段 {field_name}：{zh} / {where} evidence file "
        f'"{name}" field {field_name}: {en}',
        field=field_name,
        rule=rule,
    )


def _metadata(row: ComplaintAttachment) -> dict:
    # No file name: it may name a person, and the audit log is kept for good.
    return {
        "attachment": row.pk,
        "sha256": row.sha256,
        "size": row.size,
        "content_type": row.content_type,
        "source": row.source,
    }


def _attach_received(complaint, files: list[CheckedFile], stored: dict, *, actor) -> None:
    uploader = actor if actor is not None and actor.is_authenticated else None
    rows = [
        ComplaintAttachment.objects.create(
            complaint=complaint,
            name=checked.name,
            content_type=checked.file_type.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            storage_path=stored[checked.sha256],
            source=AttachmentSource.COMPLAINANT,
            uploaded_by=uploader,
        )
        for checked in files
    ]
    record_event(
        actor=actor,
        event_type="complaints.attachments_received",
        target=complaint,
        division=complaint.division,
        after={"attachments": [_metadata(row) for row in rows]},
    )


def add_attachment(*, actor, complaint, name: str, content: bytes, source: str):
    """Add one evidence file to a record.

    A regulator of the handling jurisdiction (``complaints.handle``) may record a file from any
    party (handed in at the counter, by post, in mediation). The respondent's desk
    (``complaints.answer_odr``) adds its own files to a complaint against it while it is in ODR.
    """
    if source not in AttachmentSource.values:
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 source：提交方 {source!r} 无效（可选："
            f"{', '.join(AttachmentSource.values)}）/ unknown source {source!r}",
            field="source",
            rule="choice",
        )
    if actor is not None and actor.has_capability("complaints.handle"):
        if not Complaint.objects.visible_to(actor).filter(pk=complaint.pk).exists():
            raise ComplaintError(
                f"{complaint.receipt_number} 不属本辖区办理 / not handled in your jurisdiction",
                rule="jurisdiction",
            )
    else:
        _require(actor, "complaints.answer_odr", complaint)
        if not Complaint.objects.respondent_side(actor).filter(pk=complaint.pk).exists():
            raise ComplaintError(
                f"{complaint.receipt_number} 非本单位被投诉件 / not a complaint against you",
                rule="respondent",
            )
        _require_state(complaint, State.ODR)
        if source != AttachmentSource.RESPONDENT:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 source：被投诉人只能提交本方证据材料 / "
                f"{complaint.receipt_number} field source: the respondent adds its own files only",
                field="source",
                rule="respondent_source",
            )
    [checked] = check_attachments(
        [(name, content)], where=complaint.receipt_number, field_name="content"
    )
    path = attachments.store(checked.content, checked.sha256)
    with transaction.atomic():
        # The count and duplicate checks must see concurrent uploads to the same record.
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        already = complaint.attachments.filter(source=source).values_list("sha256", flat=True)
        check_attachments(
            [(name, content)],
            where=complaint.receipt_number,
            field_name="content",
            already=already,
        )
        row = ComplaintAttachment.objects.create(
            complaint=complaint,
            name=checked.name,
            content_type=checked.file_type.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            storage_path=path,
            source=source,
            uploaded_by=actor,
        )
        record_event(
            actor=actor,
            event_type="complaints.attachment_added",
            target=complaint,
            division=complaint.division,
            after=_metadata(row),
        )
    return row
