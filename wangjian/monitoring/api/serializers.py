from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wangjian.core.api.serializers import MAX_ID
from wangjian.monitoring.actions import MAX_FEED_RECORDS
from wangjian.monitoring.choices import DismissalReason
from wangjian.monitoring.models import Clue, Finding, ScanBatch


class LegalBasisSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="条文键，如 ad-law-2021:9.3 / article key")
    citation = serializers.CharField(help_text="引用文本 / citation")


def _citations(keys, context) -> list[dict]:
    from wangjian.core.legal_catalogue import LegalBasisNotFound, cite

    # One lookup per article key per response: a page of findings cites a handful of articles.
    cache = context.setdefault("citations", {})
    cited = []
    for key in keys:
        if key not in cache:
            try:
                cache[key] = cite(key)
            except LegalBasisNotFound:
                cache[key] = ""
        cited.append({"key": key, "citation": cache[key]})
    return cited


class FindingSerializer(serializers.ModelSerializer):
    """One rule firing on one text, with where it matched and how it was triaged."""

    legal_basis = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()
    shop_name = serializers.CharField(
        source="shop.name", default=None, read_only=True, allow_null=True
    )
    division_code = serializers.CharField(source="division.code", read_only=True)
    span = serializers.SerializerMethodField()
    clue_number = serializers.CharField(
        source="clue.number", default=None, read_only=True, allow_null=True
    )
    triaged_by = serializers.CharField(
        source="triaged_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "batch",
            "rule",
            "family",
            "verdict",
            "severity",
            "legal_basis",
            "field",
            "span",
            "match",
            "context",
            "explanation",
            "rule_pack",
            "item",
            "shop",
            "shop_name",
            "entity",
            "division_code",
            "state",
            "dismissal_reason",
            "triage_note",
            "triaged_by",
            "triaged_at",
            "clue",
            "clue_number",
            "created_at",
        ]

    @extend_schema_field(LegalBasisSerializer(many=True))
    def get_legal_basis(self, finding) -> list[dict]:
        return _citations(finding.legal_basis, self.context)

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}},
            "description": "命中位置（原文 field 字段中的字符下标，end 不含）/ span in the "
            "original field, end exclusive",
        }
    )
    def get_span(self, finding) -> dict:
        return {"start": finding.start, "end": finding.end}

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                name: {"type": "string"}
                for name in ("external_id", "source_type", "category", "shop_reference", "title")
            }
            | {"observed_on": {"type": "string", "format": "date", "nullable": True}},
        }
    )
    def get_item(self, finding) -> dict:
        item = finding.item
        return {
            "external_id": item.external_id,
            "source_type": item.source_type,
            "category": item.category,
            "shop_reference": item.shop_reference,
            "title": item.title,
            "observed_on": item.observed_on.isoformat() if item.observed_on else None,
        }


class BatchErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="记录序号（文件行号或列表位置）/ record position")
    field = serializers.CharField()
    message = serializers.CharField()


class ScanBatchSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)
    platform_name = serializers.CharField(
        source="platform.name", default=None, read_only=True, allow_null=True
    )
    batch_id = serializers.CharField(source="external_id", read_only=True)
    errors = BatchErrorSerializer(many=True, read_only=True)

    class Meta:
        model = ScanBatch
        fields = [
            "id",
            "source",
            "state",
            "batch_id",
            "file_name",
            "platform",
            "platform_name",
            "division_code",
            "rule_pack",
            "records",
            "malformed",
            "findings",
            "new_findings",
            "routed_elsewhere",
            "errors",
            "summary",
            "failure",
            "job",
            "created_at",
            "finished_at",
        ]


class ClueSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)
    legal_basis = serializers.SerializerMethodField()
    shop_name = serializers.CharField(
        source="shop.name", default=None, read_only=True, allow_null=True
    )
    entity_name = serializers.CharField(
        source="entity.name", default=None, read_only=True, allow_null=True
    )
    findings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Clue
        fields = [
            "id",
            "number",
            "state",
            "summary",
            "legal_basis",
            "shop",
            "shop_name",
            "entity",
            "entity_name",
            "division_code",
            "discovered_on",
            "due_on",
            "extended",
            "extension_reason",
            "rules_version",
            "decided_on",
            "decision_note",
            "findings",
        ]

    @extend_schema_field(LegalBasisSerializer(many=True))
    def get_legal_basis(self, clue) -> list[dict]:
        return _citations(clue.legal_basis, self.context)


# --- Requests ------------------------------------------------------------------------------------


class FeedRecordSerializer(serializers.Serializer):
    """One listing, ad, shop page, live-stream transcript line or review (schema only: records
    are checked one by one by the scan, and a malformed one is reported, not fatal)."""

    id = serializers.CharField(help_text="信息编号（批次内唯一）/ record id")
    text = serializers.CharField(help_text="正文 / text")
    source_type = serializers.ChoiceField(
        choices=["listing", "ad", "shop_page", "live_transcript", "review"],
        required=False,
        help_text="默认 listing / default listing",
    )
    category = serializers.CharField(required=False, help_text="类目，如 食品、保健食品 / category")
    shop_id = serializers.CharField(required=False, help_text="平台内店铺编号 / shop id")
    title = serializers.CharField(required=False)
    url = serializers.CharField(
        required=False,
        max_length=500,
        help_text="信息所在页面网址（取证用）/ the page the text was taken from (for evidence)",
    )
    price = serializers.FloatField(
        required=False, help_text="详情页面标示的价格 / price shown on the detail page"
    )
    comparison_price = serializers.FloatField(
        required=False, help_text="被比较价格（原价、划线价）/ comparison price"
    )
    display_price = serializers.FloatField(
        required=False,
        help_text="首页、搜索列表页或其他显著位置标示的价格 / price shown on the home page, a "
        "search or list page or another prominent position",
    )
    price_history = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="成交价记录 [{date: YYYY-MM-DD, price}] / price history",
    )
    date = serializers.DateField(required=False, help_text="采集日期 / observed on")


@extend_schema_field(FeedRecordSerializer(many=True))
class FeedRecordsField(serializers.ListField):
    child = serializers.JSONField()


class FeedSerializer(serializers.Serializer):
    batch_id = serializers.CharField(
        max_length=100,
        help_text="报送方的批次号；同一内容重复报送返回首次回执 / the sender's batch id",
    )
    platform = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="平台编号；平台账号可省略（即本平台）/ platform id; optional for a platform "
        "account",
    )
    records = FeedRecordsField(
        help_text=f"待扫描的记录，一次最多 {MAX_FEED_RECORDS} 条；更大的批次请上传文件 / "
        f"records to scan, at most {MAX_FEED_RECORDS} per batch; upload a file for more",
    )


class FeedReceiptSerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    already_received = serializers.BooleanField()
    records = serializers.IntegerField()
    malformed = serializers.IntegerField()
    errors = BatchErrorSerializer(many=True)
    findings = serializers.IntegerField()
    new_findings = serializers.IntegerField()
    routed_elsewhere = serializers.IntegerField()
    rule_pack = serializers.CharField()


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="中文在前，英文在后 / Chinese, then English")
    field = serializers.CharField()
    rule = serializers.CharField()


class DismissSerializer(serializers.Serializer):
    # Checked by the action, whose refusal lists the allowed reasons.
    reason = serializers.CharField(
        help_text="排除理由代码 / reason code: " + ", ".join(DismissalReason.values)
    )
    note = serializers.CharField(help_text="具体理由（至少 4 个字）/ the reason, in words")


class ConfirmSerializer(serializers.Serializer):
    findings = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    clue = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="并入已有的待核查线索 / add to an open clue",
    )
