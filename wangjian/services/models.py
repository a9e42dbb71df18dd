"""服务: 专用信用报告 issuances, 市场主体身份码 keys and codes, merchants' 异议 (objections), and
gig workers' 个体工商户 registration batches filed by platforms.

Legal bases: 《企业信息公示暂行条例》(国务院令第654号); 《市场监督管理信用修复管理办法》;
《促进个体工商户发展条例》(国务院令第755号, 2022); 《个体工商户登记管理办法》(总局令第68号, 2022);
《企业名称登记管理规定》(国务院令第734号, 2020). Articles are cited in ``data/*.yaml``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.services.choices import (
    DeregistrationState,
    GigApplicationState,
    GigNoticeKind,
    IssueChannel,
    ObjectionState,
    ObjectionTarget,
)
from wangjian.services.querysets import (
    EntityServiceQuerySet,
    GigApplicationQuerySet,
    GigBatchQuerySet,
    GigDeregistrationQuerySet,
    GigNoticeQuerySet,
)

ENTITY = "registry.MarketEntity"


class ReportIssue(models.Model):
    """专用信用报告的出具记录: who issued which report for which entity and period, and the
    signed payload its QR code carries. The PDF itself is not kept: the payload's SHA-256 of the
    content and the PDF's own digest identify it."""

    number = models.CharField(_("报告编号"), max_length=32, unique=True)
    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="credit_reports")
    period_from = models.DateField(_("报告期起"))
    period_to = models.DateField(_("报告期止"))
    as_of = models.DateTimeField(_("数据截止时间"))
    content_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    key_id = models.CharField(_("签名密钥"), max_length=64)
    payload = models.TextField(_("签名载荷"))
    channel = models.CharField(_("渠道"), max_length=20, choices=IssueChannel.choices)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    objects = EntityServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("专用信用报告")
        verbose_name_plural = _("专用信用报告")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number


class IdCodeKey(models.Model):
    """身份码签名密钥: an Ed25519 key (private half in a 0600 file beside the evidence platform
    key). One key is current; older keys still verify until revoked."""

    key_id = models.CharField(_("密钥标识"), max_length=16, unique=True)
    public_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(_("当前签发密钥"), default=False)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revocation_reason = models.CharField(_("吊销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("身份码签名密钥")
        verbose_name_plural = _("身份码签名密钥")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.key_id


class IdCodeIssue(models.Model):
    """A 市场主体身份码 issued for an entity."""

    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="id_codes")
    key = models.ForeignKey(IdCodeKey, on_delete=models.PROTECT, related_name="issues")
    token = models.TextField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EntityServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("市场主体身份码")
        verbose_name_plural = _("市场主体身份码")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.issued_at:%Y-%m-%d}"


class Objection(models.Model):
    """异议: a merchant disputes one of its credit records; a regulator answers by ``due_on``
    (the period is data: ``data/objections.yaml``)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="objections")
    target_kind = models.CharField(_("异议对象"), max_length=20, choices=ObjectionTarget.choices)
    target_id = models.BigIntegerField()
    target_summary = models.CharField(_("记录摘要"), max_length=300)
    reason = models.TextField(_("异议理由"))
    filed_on = models.DateField(_("提出日期"))
    due_on = models.DateField(_("答复期限"))
    due_basis = models.JSONField(_("期限依据"), default=dict)
    state = models.CharField(
        _("状态"), max_length=10, choices=ObjectionState.choices, default=ObjectionState.PENDING
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EntityServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_target_kind_display()} {self.target_summary[:40]}"


class ObjectionAttachment(models.Model):
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="services/objections/%Y/")
    name = models.CharField(_("附件名称"), max_length=200)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class GigBatch(models.Model):
    """灵活就业人员登记申请批次: one file or API call of a platform; ``content_sha256`` makes
    filing the same batch again a no-op."""

    platform = models.ForeignKey(
        "registry.Platform", on_delete=models.PROTECT, related_name="gig_batches"
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    content_sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(_("申请数"), default=0)
    error_count = models.PositiveIntegerField(_("有误申请数"), default=0)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)

    objects = GigBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("灵活就业登记批次")
        verbose_name_plural = _("灵活就业登记批次")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "content_sha256"], name="gig_batch_unique_content"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.file_name}"


class GigApplication(models.Model):
    """One gig worker's application to register as a 个体工商户 with the platform's address
    (住所托管). The ID number is kept only as a keyed hash and a masked form."""

    batch = models.ForeignKey(GigBatch, on_delete=models.CASCADE, related_name="applications")
    row_number = models.PositiveIntegerField(_("行号"))
    applicant_name = models.CharField(_("经营者姓名"), max_length=100)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_masked = models.CharField(_("身份证号码（脱敏）"), max_length=18, blank=True)
    business_name = models.CharField(_("个体工商户名称"), max_length=200)
    scope = models.JSONField(_("经营范围"), default=list)
    shop_id = models.CharField(_("平台店铺编号"), max_length=100)
    hosting_agreement = models.CharField(_("住所托管协议编号"), max_length=100, blank=True)
    errors = models.JSONField(_("校验错误"), default=list)
    state = models.CharField(_("状态"), max_length=10, choices=GigApplicationState.choices)
    entity = models.ForeignKey(
        ENTITY, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.CharField(_("决定理由"), max_length=300, blank=True)

    objects = GigApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("灵活就业人员登记申请")
        verbose_name_plural = _("灵活就业人员登记申请")
        ordering = ["batch_id", "row_number"]

    def __str__(self) -> str:
        return self.business_name


class MerchantLinkCode(models.Model):
    """关联码: a one-time code the bureau hands to an entity's representative (after checking
    the business licence and identity at the window); the merchant enters it with the USCC to
    link its account. Only the SHA-256 of the code is kept."""

    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="link_codes")
    code_sha256 = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    objects = EntityServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("账号关联码")
        verbose_name_plural = _("账号关联码")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.issued_at:%Y-%m-%d}"


class GigDeregistration(models.Model):
    """简易注销 of a registered gig worker's 个体工商户: requested (the worker left the platform
    or asked), sent to the other departments, and completed when no objection came within the
    period (``data/gig_registration.yaml``)."""

    application = models.OneToOneField(
        GigApplication, on_delete=models.PROTECT, related_name="deregistration"
    )
    reason = models.CharField(_("注销原因"), max_length=200)
    requested_on = models.DateField(_("申请日期"))
    objection_until = models.DateField(_("异议期至"))
    state = models.CharField(
        _("状态"),
        max_length=12,
        choices=DeregistrationState.choices,
        default=DeregistrationState.PENDING,
    )
    objection = models.CharField(_("有关部门异议"), max_length=300, blank=True)
    left_platform_on = models.DateField(_("退出平台日期"), null=True, blank=True)
    completed_on = models.DateField(_("注销日期"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GigDeregistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("简易注销")
        verbose_name_plural = _("简易注销")
        ordering = ["objection_until", "id"]

    def __str__(self) -> str:
        return f"{self.application} {self.get_state_display()}"


class GigNotice(models.Model):
    """A notice addressed to a gig worker, who may have no account: the platform forwards it,
    and the worker opens it on the public page with the receipt code printed on it. Made by the
    actions (approval, annual-report reminders, 简易注销); one per application, kind and year."""

    application = models.ForeignKey(
        GigApplication, on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("通知类型"), max_length=16, choices=GigNoticeKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), default=0)  # 0: not a yearly notice
    receipt_code = models.CharField(_("回执码"), max_length=12, unique=True, editable=False)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    deadline = models.DateField(_("期限"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GigNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("经营者通知")
        verbose_name_plural = _("经营者通知")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "year"], name="services_gig_notice_once"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def receipt_display(self) -> str:
        code = self.receipt_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


from wangjian.services.models_discipline import (  # noqa: E402
    AssociationDocument as AssociationDocument,
)
from wangjian.services.models_discipline import (  # noqa: E402
    AssociationMembership as AssociationMembership,
)
from wangjian.services.models_discipline import (  # noqa: E402
    Commitment as Commitment,
)
from wangjian.services.models_discipline import (  # noqa: E402
    IndustryAssociation as IndustryAssociation,
)
from wangjian.services.models_education import (  # noqa: E402
    EducationArticle as EducationArticle,
)
from wangjian.services.models_requests import (  # noqa: E402
    ServiceAttachment as ServiceAttachment,
)
from wangjian.services.models_requests import (  # noqa: E402
    ServiceMessage as ServiceMessage,
)
from wangjian.services.models_requests import (  # noqa: E402
    ServiceRequest as ServiceRequest,
)
from wangjian.services.models_requests import (  # noqa: E402
    ServiceTakedown as ServiceTakedown,
)
