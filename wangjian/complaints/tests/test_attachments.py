"""证据材料: evidence files at intake and later, type by magic bytes, limits, content-addressed
storage without half-written records, and the audited, scoped download."""

import base64
import datetime as dt
import hashlib
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from PIL import Image

from wangjian.complaints import actions, attachments
from wangjian.complaints.attachments import MAX_BYTES, MAX_FILES
from wangjian.complaints.models import Complaint, ComplaintAttachment, OdrParticipant
from wangjian.complaints.tests.factories import FACTS, file
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix

pytestmark = pytest.mark.django_db


def png(red: int = 200) -> bytes:
    """A real 1×1 RGB PNG, chunk by chunk (signature, IHDR, IDAT, IEND, each with its CRC)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 30, 40]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    """A minimal one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


# A Windows executable starts with the DOS header "MZ"; renaming it does not change that.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


class Rewinding(io.BytesIO):
    """An upload the test client can send several times (it reads without seeking back)."""

    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def odr_complaint(world, divisions):
    """A complaint against the Yangpu shop, in ODR (so its merchant sees it), with a receipt."""
    OdrParticipant.objects.create(platform=world["platform"], joined_on=dt.date(2024, 1, 1))
    complaint = file(
        divisions["yangpu"], on=dt.date(2026, 5, 6), attachments=[("购物小票.png", png())]
    ).records[0]
    assert complaint.state == "odr"
    return complaint


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_test_files_are_real_files():
    image = Image.open(io.BytesIO(png(200)))
    image.load()
    assert (image.format, image.size, image.getpixel((0, 0))) == ("PNG", (1, 1), (200, 30, 40))
    assert pdf().startswith(b"%PDF-1.4\n")
    assert pdf().endswith(b"%%EOF\n")


def test_types_are_detected_from_the_first_bytes_not_the_name():
    webp = io.BytesIO()
    Image.new("RGB", (2, 2), (10, 20, 30)).save(webp, "WEBP")
    jpeg = io.BytesIO()
    Image.new("RGB", (2, 2), (10, 20, 30)).save(jpeg, "JPEG")
    mp4 = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isomiso2"
    quicktime = struct.pack(">I", 20) + b"ftypqt  " + struct.pack(">I", 0) + b"qt  "
    detected = {
        "png": attachments.detect_type(png()),
        "pdf": attachments.detect_type(pdf()),
        "jpeg": attachments.detect_type(jpeg.getvalue()),
        "webp": attachments.detect_type(webp.getvalue()),
        "mp4": attachments.detect_type(mp4),
        "quicktime": attachments.detect_type(quicktime),
        "exe": attachments.detect_type(EXECUTABLE),
        "html": attachments.detect_type(b"<html><script>alert(1)</script></html>"),
        "png signature without IHDR": attachments.detect_type(b"\x89PNG\r\n\x1a\n" + b"\0" * 8),
    }
    assert {key: kind.content_type if kind else None for key, kind in detected.items()} == {
        "png": "image/png",
        "pdf": "application/pdf",
        "jpeg": "image/jpeg",
        "webp": "image/webp",
        "mp4": "video/mp4",
        "quicktime": None,
        "exe": None,
        "html": None,
        "png signature without IHDR": None,
    }


def test_intake_with_a_png_and_a_pdf_stores_them_by_hash(divisions, world, media):
    image, document = png(), pdf()
    complaint = file(
        divisions["yangpu"], attachments=[("C:\\照片\\收据.png", image), ("发票.pdf", document)]
    ).records[0]
    rows = list(complaint.attachments.order_by("id"))
    assert [(r.name, r.content_type, r.size, r.source, r.uploaded_by) for r in rows] == [
        ("收据.png", "image/png", len(image), "complainant", None),
        ("发票.pdf", "application/pdf", len(document), "complainant", None),
    ]
    for row, content in zip(rows, (image, document), strict=True):
        digest = hashlib.sha256(content).hexdigest()
        assert row.sha256 == digest
        assert row.storage_path == f"complaints/attachments/{digest[:2]}/{digest[2:4]}/{digest}"
        assert (media / row.storage_path).read_bytes() == content
    event = AuditEvent.objects.get(event_type="complaints.attachments_received")
    assert event.target_id == str(complaint.pk)
    assert event.after == {
        "attachments": [
            {
                "attachment": row.pk,
                "sha256": row.sha256,
                "size": row.size,
                "content_type": row.content_type,
                "source": "complainant",
            }
            for row in rows
        ]
    }


def test_a_mixed_submission_attaches_the_files_to_both_records_stored_once(divisions, world, media):
    complaint, report = file(
        divisions["yangpu"], kinds=("complaint", "report"), attachments=[("收据.png", png())]
    ).records
    paths = {row.storage_path for row in ComplaintAttachment.objects.all()}
    assert complaint.attachments.count() == report.attachments.count() == 1
    assert len(paths) == 1
    stored = [path for path in (media / "complaints").rglob("*") if path.is_file()]
    assert [path.name for path in stored] == [hashlib.sha256(png()).hexdigest()]


def test_an_executable_renamed_jpg_is_refused_naming_the_file(divisions, world):
    with pytest.raises(actions.ComplaintError) as refused:
        file(divisions["yangpu"], attachments=[("收据.png", png()), ("发票.jpg", EXECUTABLE)])
    assert refused.value.field == "attachments"
    assert refused.value.rule == "file_type"
    message = str(refused.value)
    assert message.startswith(
        "投诉举报 证据材料“发票.jpg” 字段 attachments：文件内容不是可接受的类型"
    )
    assert 'evidence file "发票.jpg" field attachments: the content is not an accepted type' in (
        refused.value.en
    )
    assert Complaint.objects.count() == 0
    assert ComplaintAttachment.objects.count() == 0


def test_the_size_limit_is_ten_megabytes_per_file(divisions, world):
    signature = png()[:16]
    at_limit = signature + b"\0" * (MAX_BYTES - len(signature))
    over = at_limit + b"\0"
    with pytest.raises(actions.ComplaintError) as refused:
        file(divisions["yangpu"], attachments=[("大图.png", over)])
    assert (refused.value.field, refused.value.rule) == ("attachments", "max_size")
    assert "证据材料“大图.png” 字段 attachments：超过每个文件10 MB的上限" in str(refused.value)
    assert Complaint.objects.count() == 0
    complaint = file(divisions["yangpu"], attachments=[("刚好.png", at_limit)]).records[0]
    assert complaint.attachments.get().size == 10 * 1024 * 1024


def test_the_count_limit_is_nine_files(divisions, world):
    files = [(f"照片{number}.png", png(number)) for number in range(MAX_FILES + 1)]
    with pytest.raises(actions.ComplaintError) as refused:
        file(divisions["yangpu"], attachments=files)
    assert (refused.value.field, refused.value.rule) == ("attachments", "max_files")
    assert "每件每方最多提交9个证据材料文件" in str(refused.value)
    assert Complaint.objects.count() == 0
    complaint = file(divisions["yangpu"], attachments=files[:MAX_FILES]).records[0]
    assert complaint.attachments.count() == 9


def test_the_same_file_twice_is_refused(divisions, world):
    with pytest.raises(actions.ComplaintError) as refused:
        file(divisions["yangpu"], attachments=[("a.png", png()), ("b.png", png())])
    assert refused.value.rule == "duplicate"
    assert "证据材料“b.png” 字段 attachments：与“a.png”内容相同" in str(refused.value)


def test_a_storage_failure_leaves_no_record(divisions, world, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker
    with pytest.raises(OSError, match="not-a-directory"):
        file(divisions["yangpu"], attachments=[("收据.png", png())])
    assert Complaint.objects.count() == 0
    assert ComplaintAttachment.objects.count() == 0
    assert AuditEvent.objects.filter(event_type__startswith="complaints.").count() == 0


def test_a_rolled_back_intake_leaves_no_row_and_only_a_reusable_file(divisions, world, media):
    class Abandoned(Exception):
        pass

    def file_then_abandon():
        with transaction.atomic():
            file(divisions["yangpu"], attachments=[("收据.png", png())])
            assert ComplaintAttachment.objects.count() == 1
            raise Abandoned

    with pytest.raises(Abandoned):
        file_then_abandon()
    assert Complaint.objects.count() == 0
    assert ComplaintAttachment.objects.count() == 0
    digest = hashlib.sha256(png()).hexdigest()
    left = media / "complaints" / "attachments" / digest[:2] / digest[2:4] / digest
    assert left.read_bytes() == png()
    complaint = file(divisions["yangpu"], attachments=[("收据.png", png())]).records[0]
    assert (media / complaint.attachments.get().storage_path) == left


def test_public_form_takes_files_and_names_a_refused_one(divisions, world):
    values = {
        "kind": "complaint",
        "complainant_name": "周小芸",
        "complainant_phone": "13812349876",
        "complainant_address": "上海市杨浦区邯郸路220号",
        "respondent_name": "甲乙食品旗舰店",
        "shop_url": world["yangpu_shop"].url,
        "platform_name": "好物商城",
        "purchase_channel": "platform",
        "facts": FACTS,
    }
    client = Client()
    page = client.get("/complaints/public/file/310110/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="attachments"' in page
    assert "multiple" in page
    refused = client.post(
        "/complaints/public/file/310110/",
        {**values, "attachments": [SimpleUploadedFile("发票.jpg", EXECUTABLE, "image/jpeg")]},
    )
    assert refused.status_code == 200
    assert (
        "证据材料“发票.jpg” 字段 attachments：文件内容不是可接受的类型" in refused.content.decode()
    )
    assert Complaint.objects.count() == 0
    accepted = client.post(
        "/complaints/public/file/310110/",
        {
            **values,
            "attachments": [
                SimpleUploadedFile("收据.png", png(), "image/png"),
                SimpleUploadedFile("发票.pdf", pdf(), "application/pdf"),
            ],
        },
    )
    assert accepted.status_code == 200
    complaint = Complaint.objects.get()
    assert sorted(complaint.attachments.values_list("name", "content_type")) == [
        ("发票.pdf", "application/pdf"),
        ("收据.png", "image/png"),
    ]


def test_download_scoping_matrix(odr_complaint, regulator, other_regulator, shop_merchant):
    attachment = odr_complaint.attachments.get()
    response = assert_scoping_matrix(
        ScopingCase(
            f"/complaints/{odr_complaint.pk}/attachments/{attachment.pk}/",
            f"/complaints/{odr_complaint.pk}/attachments/999999/",
            api=False,
        ),
        permitted=regulator,
        # The respondent merchant sees the complaint but never the complainant's files.
        other_jurisdiction=other_regulator,
        no_permission=shop_merchant,
    )
    assert response.content == png()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E8%B4%AD%E7%89%A9%E5%B0%8F%E7%A5%A8.png"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_download_writes_the_personal_data_audit_event(odr_complaint, regulator):
    attachment = odr_complaint.attachments.get()
    before = AuditEvent.objects.filter(event_type="core.personal_data_viewed").count()
    client_for(regulator).get(f"/complaints/{odr_complaint.pk}/attachments/{attachment.pk}/")
    events = AuditEvent.objects.filter(event_type="core.personal_data_viewed").order_by("sequence")
    assert events.count() == before + 1
    event = events.last()
    assert (event.actor, event.target_type, event.target_id, event.after, event.reason) == (
        regulator,
        "complaints.complaintattachment",
        str(attachment.pk),
        {"fields": ["attachment_content"]},
        "下载证据材料",
    )
    assert event.division_id == odr_complaint.division_id


def test_a_tampered_file_is_not_served_and_not_audited(odr_complaint, regulator, media):
    attachment = odr_complaint.attachments.get()
    (media / attachment.storage_path).write_bytes(png(1))
    before = AuditEvent.objects.count()
    with pytest.raises(attachments.AttachmentIntegrityError):
        client_for(regulator).get(f"/complaints/{odr_complaint.pk}/attachments/{attachment.pk}/")
    assert AuditEvent.objects.count() == before


def test_handler_page_lists_attachments_with_a_download_link(odr_complaint, regulator):
    attachment = odr_complaint.attachments.get()
    page = client_for(regulator).get(f"/complaints/{odr_complaint.pk}/").content.decode()
    assert f'href="/complaints/{odr_complaint.pk}/attachments/{attachment.pk}/"' in page
    for text in (
        "购物小票.png",
        "image/png",
        str(len(png())),
        attachment.sha256,
        "投诉人（举报人）",
    ):
        assert text in page


def test_respondent_adds_its_own_file_in_odr_and_sees_only_that(
    odr_complaint, shop_merchant, regulator
):
    complainant_file = odr_complaint.attachments.get()
    own = actions.add_attachment(
        actor=shop_merchant,
        complaint=odr_complaint,
        name="退款记录.pdf",
        content=pdf(),
        source="respondent",
    )
    assert (own.source, own.uploaded_by, own.sha256) == (
        "respondent",
        shop_merchant,
        hashlib.sha256(pdf()).hexdigest(),
    )
    event = AuditEvent.objects.filter(event_type="complaints.attachment_added").get()
    assert (event.actor, event.after["attachment"], event.after["source"]) == (
        shop_merchant,
        own.pk,
        "respondent",
    )
    with pytest.raises(actions.ComplaintError) as refused:
        actions.add_attachment(
            actor=shop_merchant,
            complaint=odr_complaint,
            name="x.png",
            content=png(9),
            source="complainant",
        )
    assert (refused.value.field, refused.value.rule) == ("source", "respondent_source")
    client = client_for(shop_merchant)
    page = client.get(f"/complaints/{odr_complaint.pk}/").content.decode()
    assert "退款记录.pdf" in page
    assert "购物小票.png" not in page
    assert complainant_file.sha256 not in page
    api = client.get(f"/api/v1/complaints/complaints/{odr_complaint.pk}/").json()
    assert [(row["name"], row["source"]) for row in api["attachments"]] == [
        ("退款记录.pdf", "respondent")
    ]
    # Listing its own upload is not downloading it: downloads need the personal-data capability.
    url = f"/complaints/{odr_complaint.pk}/attachments/{own.pk}/"
    assert client.get(url).status_code == 404
    assert client_for(regulator).get(url).content == pdf()


def test_regulator_records_a_file_and_the_limits_count_per_source(
    odr_complaint, regulator, other_regulator
):
    row = actions.add_attachment(
        actor=regulator,
        complaint=odr_complaint,
        name="现场照片.png",
        content=png(7),
        source="complainant",
    )
    assert (row.source, row.uploaded_by) == ("complainant", regulator)
    with pytest.raises(actions.ComplaintError) as duplicate:
        actions.add_attachment(
            actor=regulator,
            complaint=odr_complaint,
            name="again.png",
            content=png(),
            source="complainant",
        )
    assert duplicate.value.rule == "duplicate"
    for number in range(10, 17):
        actions.add_attachment(
            actor=regulator,
            complaint=odr_complaint,
            name=f"{number}.png",
            content=png(number),
            source="complainant",
        )
    with pytest.raises(actions.ComplaintError) as full:
        actions.add_attachment(
            actor=regulator,
            complaint=odr_complaint,
            name="tenth.png",
            content=png(99),
            source="complainant",
        )
    assert full.value.rule == "max_files"
    assert (
        f"{odr_complaint.receipt_number} 字段 content：每件每方最多提交9个证据材料文件（已有9个）"
        in (str(full.value))
    )
    # The complainant's nine do not use up the regulator's own share.
    actions.add_attachment(
        actor=regulator,
        complaint=odr_complaint,
        name="tenth.png",
        content=png(99),
        source="regulator",
    )
    with pytest.raises(actions.ComplaintError) as elsewhere:
        actions.add_attachment(
            actor=other_regulator,
            complaint=odr_complaint,
            name="x.png",
            content=png(98),
            source="regulator",
        )
    assert elsewhere.value.rule == "jurisdiction"
    assert odr_complaint.attachments.filter(source="complainant").count() == 9
    assert odr_complaint.attachments.filter(source="regulator").count() == 1


def test_add_attachment_page_scoping_matrix(odr_complaint, regulator, other_regulator, consumer):
    assert_scoping_matrix(
        ScopingCase(
            f"/complaints/{odr_complaint.pk}/attachments/add/",
            "/complaints/999999/attachments/add/",
            method="post",
            data={"file": Rewinding("调解笔录.pdf", pdf()), "source": "regulator"},
            permitted_status=302,
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    row = odr_complaint.attachments.get(source="regulator")
    assert (row.name, row.content_type, row.uploaded_by) == (
        "调解笔录.pdf",
        "application/pdf",
        regulator,
    )


def test_api_intake_with_base64_attachments(world, regulator):
    client = client_for(regulator)
    body = {
        "kinds": ["complaint"],
        "respondent_name": "甲乙食品旗舰店",
        "shop_url": world["yangpu_shop"].url,
        "facts": FACTS,
        "complainant_name": "陈晓明",
        "complainant_phone": "13812345678",
        "attachments": [
            {"name": "收据.png", "content_base64": base64.b64encode(png()).decode()},
            {"name": "发票.pdf", "content_base64": base64.b64encode(pdf()).decode()},
        ],
    }
    created = client.post("/api/v1/complaints/complaints/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    complaint = Complaint.objects.get(pk=created.json()["records"][0]["id"])
    assert sorted(complaint.attachments.values_list("name", "sha256", "uploaded_by")) == sorted(
        [
            ("收据.png", hashlib.sha256(png()).hexdigest(), regulator.pk),
            ("发票.pdf", hashlib.sha256(pdf()).hexdigest(), regulator.pk),
        ]
    )
    detail = client.get(f"/api/v1/complaints/complaints/{complaint.pk}/").json()
    assert sorted(
        (row["name"], row["size"], row["content_type"]) for row in detail["attachments"]
    ) == [
        ("发票.pdf", len(pdf()), "application/pdf"),
        ("收据.png", len(png()), "image/png"),
    ]
    assert all("content" not in row and "storage_path" not in row for row in detail["attachments"])

    malformed = client.post(
        "/api/v1/complaints/complaints/",
        {**body, "external_id": "X-2", "attachments": [{"name": "坏.png", "content_base64": "@@"}]},
        content_type="application/json",
    )
    assert malformed.status_code == 400
    assert (
        "证据材料“坏.png” 字段 content_base64：不是有效的base64编码" in malformed.content.decode()
    )

    wrong_type = client.post(
        "/api/v1/complaints/complaints/",
        {
            **body,
            "external_id": "X-3",
            "attachments": [
                {"name": "发票.jpg", "content_base64": base64.b64encode(EXECUTABLE).decode()}
            ],
        },
        content_type="application/json",
    )
    assert wrong_type.status_code == 400
    assert "证据材料“发票.jpg” 字段 attachments" in wrong_type.content.decode()
    assert Complaint.objects.count() == 1


def test_api_detail_withholds_file_names_from_staff_without_personal_data_access(
    odr_complaint, system_admin
):
    detail = (
        client_for(system_admin).get(f"/api/v1/complaints/complaints/{odr_complaint.pk}/").json()
    )
    attachment = odr_complaint.attachments.get()
    [row] = detail["attachments"]
    assert dt.datetime.fromisoformat(row.pop("uploaded_at")) == attachment.uploaded_at
    assert row == {
        "id": attachment.pk,
        "name": None,
        "content_type": "image/png",
        "size": len(png()),
        "sha256": attachment.sha256,
        "source": "complainant",
    }
