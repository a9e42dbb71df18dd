"""The board's figures: each is one set-based aggregate query over a scoped queryset, and a
drill-down that lists exactly the rows behind one of its cells.

Scoping: every figure starts from the app's own ``visible_to(user)`` and narrows it to the
board's division by path prefix, so a figure never counts a row its viewer could not open.
A figure whose app capability the viewer lacks is left off the board.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import Substr, TruncMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangjian.core.access import not_found

# A division path is "/<12-digit code>/…/": each level adds 13 characters.
LEVEL_WIDTH = 13


@dataclass
class Row:
    params: dict
    cells: tuple
    count: int


@dataclass
class Table:
    key: str
    title: str
    headers: tuple
    rows: list[Row] = field(default_factory=list)
    note: str = ""


class Figure:
    key = ""
    title = ""
    capability = ""
    path_lookup = "division__path"
    street_lookup = "division__path"
    drill_headers: tuple = ()

    def model(self):
        raise NotImplementedError

    def base(self, user, division):
        queryset = self.model().objects.visible_to(user)
        return queryset.filter(**{f"{self.path_lookup}__startswith": division.path})

    def table(self, base) -> Table:
        raise NotImplementedError

    def filter(self, base, params: dict):
        """The rows behind one cell; unknown parameters answer 404."""
        raise NotImplementedError

    def drill(self, base, params: dict):
        street = params.get("street", "")
        if street:
            base = base.filter(**{f"{self.street_lookup}__startswith": street})
        cell = {k: v for k, v in params.items() if k != "street"}
        return self.filter(base, cell).order_by("-pk")

    def drill_row(self, obj) -> tuple[tuple, str]:
        raise NotImplementedError


def _month_bounds(month: str) -> tuple[dt.datetime, dt.datetime]:
    zone = ZoneInfo(settings.TIME_ZONE)
    try:
        start = dt.datetime.strptime(month, "%Y-%m").replace(tzinfo=zone)
    except ValueError as error:
        raise not_found() from error
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following


class FindingsByFamily(Figure):
    key = "findings"
    title = _("监测发现：按规则族和月份")
    capability = "monitoring.view_finding"
    drill_headers = (_("发现日期"), _("规则族"), _("规则"), _("判定"), _("命中内容"), _("状态"))

    def model(self):
        from wangjian.monitoring.models import Finding

        return Finding

    def base(self, user, division):
        # 适用例外 verdicts are the engine saying "no violation": not findings to act on.
        return super().base(user, division).exclude(verdict="exempt")

    def table(self, base) -> Table:
        from wangjian.monitoring.rulebook import family_label

        zone = ZoneInfo(settings.TIME_ZONE)
        grouped = (
            base.annotate(month=TruncMonth("created_at", tzinfo=zone))
            .values("family", "month")
            .annotate(n=Count("id"))
            .order_by("month", "family")
        )
        rows = [
            Row(
                {"family": g["family"], "month": g["month"].strftime("%Y-%m")},
                (g["month"].strftime("%Y-%m"), family_label(g["family"])),
                g["n"],
            )
            for g in grouped
        ]
        return Table(self.key, self.title, (_("月份"), _("规则族"), _("发现数")), rows)

    def filter(self, base, params):
        if not params:
            return base
        if set(params) != {"family", "month"}:
            raise not_found()
        start, end = _month_bounds(params["month"])
        return base.filter(family=params["family"], created_at__gte=start, created_at__lt=end)

    def drill_row(self, finding):
        from wangjian.monitoring.rulebook import family_label

        cells = (
            finding.created_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date(),
            family_label(finding.family),
            finding.rule,
            finding.get_verdict_display(),
            finding.match,
            finding.get_state_display(),
        )
        return cells, reverse("monitoring:finding-detail", args=[finding.pk])


class CluesByState(Figure):
    key = "clues"
    title = _("线索转化：按核查状态")
    capability = "monitoring.view_finding"
    drill_headers = (_("线索编号"), _("发现日期"), _("状态"), _("决定日期"))

    def model(self):
        from wangjian.monitoring.models import Clue

        return Clue

    def table(self, base) -> Table:
        from wangjian.monitoring.choices import ClueState

        counts = dict(base.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
        rows = [
            Row({"state": state.value}, (state.label,), counts.get(state.value, 0))
            for state in ClueState
        ]
        referred = counts.get(ClueState.REFERRED, 0)
        decided = referred + counts.get(ClueState.NO_CASE, 0)
        share = f"{referred / decided:.0%}" if decided else "—"
        note = _(
            "已决定的线索中拟立案（移交办案）的比例：{share}。立案后的案件办理由执法办案模块统计，"
            "该模块上线前此处只按线索状态统计。"
        ).format(share=share)
        return Table(self.key, self.title, (_("状态"), _("线索数")), rows, note)

    def filter(self, base, params):
        from wangjian.monitoring.choices import ClueState

        if not params:
            return base
        if set(params) != {"state"} or params["state"] not in ClueState.values:
            raise not_found()
        return base.filter(state=params["state"])

    def drill_row(self, clue):
        cells = (clue.number, clue.discovered_on, clue.get_state_display(), clue.decided_on or "")
        return cells, reverse("monitoring:clue-detail", args=[clue.pk])


class ComplaintsByCategory(Figure):
    key = "complaints"
    title = _("投诉举报：按商品或服务类别及办理时效")
    capability = "complaints.view_complaint"
    drill_headers = (_("登记编号"), _("类型"), _("收到日期"), _("类别"), _("状态"))

    def model(self):
        from wangjian.complaints.models import Complaint

        return Complaint

    def table(self, base) -> Table:
        from wangjian.complaints.models import ClockStep

        counts = base.values("category").annotate(n=Count("id")).order_by("-n", "category")
        step_counts = (
            ClockStep.objects.filter(complaint__in=base.values("pk"))
            .values("complaint__category")
            .annotate(
                on_time=Count("id", filter=Q(timely=True)),
                finished=Count("id", filter=Q(timely__isnull=False)),
            )
        )
        steps = {
            row["complaint__category"]: (row["on_time"], row["finished"]) for row in step_counts
        }
        rows = []
        for row in counts:
            timely, finished = steps.get(row["category"], (0, 0))
            rate = f"{timely / finished:.0%}" if finished else "—"
            label = row["category"] or str(_("未填类别"))
            rows.append(
                Row({"category": row["category"]}, (label, timely, finished, rate), row["n"])
            )
        headers = (_("类别"), _("按时办结环节"), _("已办结环节"), _("按时率"), _("件数"))
        return Table(self.key, self.title, headers, rows)

    def filter(self, base, params):
        if not params:
            return base
        if set(params) != {"category"}:
            raise not_found()
        return base.filter(category=params["category"])

    def drill_row(self, complaint):
        cells = (
            complaint.receipt_number,
            complaint.get_kind_display(),
            complaint.received_on,
            complaint.category or str(_("未填类别")),
            complaint.get_state_display(),
        )
        return cells, reverse("complaints:detail", args=[complaint.pk])


class CreditTiers(Figure):
    key = "tiers"
    title = _("信用风险分类分布（内部参考，不对外公开）")
    capability = "credit.view_tier"
    path_lookup = "entity__division__path"
    street_lookup = "entity__division__path"
    drill_headers = (_("市场主体"), _("统一社会信用代码"), _("分类"), _("风险分"), _("分类基准日"))

    def model(self):
        from wangjian.credit.models import TierAssessment

        return TierAssessment

    def base(self, user, division):
        return super().base(user, division).filter(is_current=True)

    def table(self, base) -> Table:
        from wangjian.credit.choices import Tier

        counts = dict(base.values_list("tier").annotate(n=Count("id")).values_list("tier", "n"))
        rows = [Row({"tier": t.value}, (t.label,), counts.get(t.value, 0)) for t in Tier]
        return Table(self.key, self.title, (_("分类"), _("主体数")), rows)

    def filter(self, base, params):
        from wangjian.credit.choices import Tier

        if not params:
            return base
        if set(params) != {"tier"} or params["tier"] not in Tier.values:
            raise not_found()
        return base.filter(tier=params["tier"])

    def drill(self, base, params):
        return super().drill(base, params).select_related("entity", "run")

    def drill_row(self, assessment):
        cells = (
            assessment.entity.name,
            assessment.entity.uscc,
            assessment.get_tier_display(),
            assessment.score,
            assessment.run.as_of,
        )
        return cells, reverse("credit:entity", args=[assessment.entity_id])


class ComplaintHotSpots(Figure):
    key = "hotspots"
    title = _("投诉热点：按维度")
    capability = "complaints.view_complaint"
    drill_headers = (_("维度"), _("对象"), _("窗口"), _("件数"), _("前期均值"))

    def model(self):
        from wangjian.complaints.models import HotSpot

        return HotSpot

    def table(self, base) -> Table:
        from wangjian.complaints.choices import HotSpotDimension

        counts = dict(
            base.values_list("dimension").annotate(n=Count("id")).values_list("dimension", "n")
        )
        rows = [
            Row({"dimension": d.value}, (d.label,), counts.get(d.value, 0))
            for d in HotSpotDimension
        ]
        return Table(self.key, self.title, (_("维度"), _("热点数")), rows)

    def filter(self, base, params):
        from wangjian.complaints.choices import HotSpotDimension

        if not params:
            return base
        if set(params) != {"dimension"} or params["dimension"] not in HotSpotDimension.values:
            raise not_found()
        return base.filter(dimension=params["dimension"])

    def drill_row(self, spot):
        cells = (
            spot.get_dimension_display(),
            spot.value,
            f"{spot.window_start} — {spot.window_end}",
            spot.count,
            round(spot.baseline, 1),
        )
        return cells, reverse("complaints:hotspots")


class TierMovement(Figure):
    key = "tier_movement"
    title = _("信用风险分类变动（与上一次分类相比，内部参考）")
    capability = "credit.view_tier"
    path_lookup = "entity__division__path"
    street_lookup = "entity__division__path"
    drill_headers = (*CreditTiers.drill_headers, _("上次分类"))
    MOVES = {
        "worse": (_("风险上升（分类变差）"), Q(tier__gt=F("previous"))),
        "better": (_("风险下降（分类变好）"), Q(tier__lt=F("previous"))),
        "same": (_("分类不变"), Q(tier=F("previous"))),
        "new": (_("首次分类"), Q(previous=None)),
    }

    def model(self):
        from wangjian.credit.models import TierAssessment

        return TierAssessment

    def base(self, user, division):
        from django.db.models import OuterRef, Subquery

        from wangjian.credit.models import TierAssessment

        previous = TierAssessment.objects.filter(
            entity=OuterRef("entity"), is_current=False
        ).order_by("-run__as_of", "-pk")
        return (
            super()
            .base(user, division)
            .filter(is_current=True)
            .annotate(previous=Subquery(previous.values("tier")[:1]))
        )

    def table(self, base) -> Table:
        totals = base.aggregate(**{m: Count("id", filter=q) for m, (_l, q) in self.MOVES.items()})
        rows = [Row({"move": m}, (label,), totals[m]) for m, (label, _q) in self.MOVES.items()]
        return Table(self.key, self.title, (_("变动"), _("主体数")), rows)

    def filter(self, base, params):
        if not params:
            return base
        if set(params) != {"move"} or params["move"] not in self.MOVES:
            raise not_found()
        return base.filter(self.MOVES[params["move"]][1])

    def drill(self, base, params):
        return super().drill(base, params).select_related("entity", "run")

    def drill_row(self, assessment):
        cells, url = CreditTiers().drill_row(assessment)
        return (*cells, assessment.previous or str(_("无"))), url


class InspectionsPublished(Figure):
    key = "inspections"
    title = _("双随机抽查：检查完成与按时公示")
    capability = "inspections.view"
    path_lookup = "task__plan__division__path"
    street_lookup = "task__entity__division__path"
    drill_headers = (_("检查对象"), _("检查结果"), _("检查结束日期"), _("公示期限"), _("公示日期"))
    MEASURES = {
        "done": (_("已完成检查"), Q()),
        "published": (_("已公示"), Q(published_on__isnull=False)),
        "on_time": (_("按时公示"), Q(published_on__lte=F("publish_due_on"))),
        "late": (_("逾期公示"), Q(published_on__gt=F("publish_due_on"))),
        "overdue": (_("逾期未公示"), None),
    }

    def model(self):
        from wangjian.inspections.models import InspectionResult

        return InspectionResult

    def _q(self, measure: str, today: dt.date):
        query = self.MEASURES[measure][1]
        if query is None:
            return Q(published_on__isnull=True, publish_due_on__lt=today)
        return query

    def table(self, base) -> Table:
        from django.utils import timezone

        today = timezone.localdate()
        totals = base.aggregate(**{m: Count("id", filter=self._q(m, today)) for m in self.MEASURES})
        rows = [
            Row({"measure": m}, (label,), totals[m]) for m, (label, _q) in self.MEASURES.items()
        ]
        return Table(self.key, self.title, (_("项目"), _("结果数")), rows)

    def filter(self, base, params):
        from django.utils import timezone

        if not params:
            return base
        if set(params) != {"measure"} or params["measure"] not in self.MEASURES:
            raise not_found()
        return base.filter(self._q(params["measure"], timezone.localdate()))

    def drill(self, base, params):
        return super().drill(base, params).select_related("task__entity")

    def drill_row(self, result):
        cells = (
            result.task.entity.name,
            result.outcome_label,
            result.result_on,
            result.publish_due_on,
            result.published_on or str(_("未公示")),
        )
        return cells, reverse("inspections:task-detail", args=[result.task_id])


class WarningsIssued(Figure):
    key = "warnings"
    title = _("风险预警：按处理状态")
    capability = "collaboration.view_warning"
    drill_headers = (_("市场主体"), _("风险分"), _("预警理由"), _("预警日期"), _("状态"))

    def model(self):
        from wangjian.collaboration.models import RiskAlert

        return RiskAlert

    def table(self, base) -> Table:
        from wangjian.collaboration.choices import AlertState

        counts = dict(base.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
        rows = [Row({"state": s.value}, (s.label,), counts.get(s.value, 0)) for s in AlertState]
        from django.utils import timezone

        from wangjian.collaboration.risk import precision

        clues = counts.get(AlertState.CLUE_OPENED, 0)
        closed = clues + counts.get(AlertState.DISMISSED, 0)
        share = f"{clues / closed:.0%}" if closed else "—"
        # Precision: alerts followed by a case (立案) about the same entity within the window.
        measured = precision(base, timezone.localdate())
        rows.append(
            Row(
                {"precision": "led"},
                (_("预警后{window}日内对同一主体立案").format(window=measured.window_days),),
                measured.led,
            )
        )
        rows.append(Row({"precision": "judged"}, (_("可判断准确率的预警"),), measured.judged))
        note = _(
            "已处理的预警中转为线索的比例：{share}；预警准确率（预警后{window}日内对同一主体立案）："
            "{precision}（{led} / {judged}，另有 {pending} 条仍在观察期内）。"
        ).format(
            share=share,
            window=measured.window_days,
            precision=measured.share,
            led=measured.led,
            judged=measured.judged,
            pending=measured.pending,
        )
        return Table(self.key, self.title, (_("状态"), _("预警数")), rows, note)

    def filter(self, base, params):
        from django.utils import timezone

        from wangjian.collaboration.choices import AlertState
        from wangjian.collaboration.risk import precision_subset

        if not params:
            return base
        if set(params) == {"precision"} and params["precision"] in ("led", "judged"):
            return precision_subset(base, timezone.localdate(), params["precision"])
        if set(params) != {"state"} or params["state"] not in AlertState.values:
            raise not_found()
        return base.filter(state=params["state"])

    def drill(self, base, params):
        return super().drill(base, params).select_related("entity")

    def drill_row(self, alert):
        cells = (
            alert.entity.name,
            alert.score,
            "、".join(r["label"] for r in alert.reasons),
            alert.raised_on,
            alert.get_state_display(),
        )
        return cells, reverse("collaboration:alert-detail", args=[alert.pk])


class ClueConversion(Figure):
    """线索 → 案件: clues referred for a case (拟立案), clues a case source was registered from,
    and clues whose case was filed (立案). Rows are clues; each measure is one Exists filter."""

    key = "conversion"
    title = _("线索转化为案件")
    capability = "enforcement.view_case"
    drill_headers = CluesByState.drill_headers
    MEASURES = {
        "referred": _("拟立案，移交办案的线索"),
        "case_opened": _("已登记案源的线索"),
        "case_filed": _("已立案的线索"),
    }

    def model(self):
        from wangjian.monitoring.models import Clue

        return Clue

    def base(self, user, division):
        from django.db.models import Exists, OuterRef

        from wangjian.enforcement.models import Case

        cases = Case.objects.filter(clue=OuterRef("pk"))
        return (
            super()
            .base(user, division)
            .annotate(
                has_case=Exists(cases),
                has_filed_case=Exists(cases.filter(filed_on__isnull=False)),
            )
        )

    def _q(self, measure):
        return {
            "referred": Q(state="referred"),
            "case_opened": Q(has_case=True),
            "case_filed": Q(has_filed_case=True),
        }[measure]

    def table(self, base) -> Table:
        totals = base.aggregate(**{m: Count("id", filter=self._q(m)) for m in self.MEASURES})
        rows = [Row({"measure": m}, (label,), totals[m]) for m, label in self.MEASURES.items()]
        referred = totals["referred"]
        share = f"{totals['case_filed'] / referred:.0%}" if referred else "—"
        note = _("已立案的线索与拟立案线索之比：{share}。").format(share=share)
        return Table(self.key, self.title, (_("项目"), _("线索数")), rows, note)

    def filter(self, base, params):
        if not params:
            return base
        if set(params) != {"measure"} or params["measure"] not in self.MEASURES:
            raise not_found()
        return base.filter(self._q(params["measure"]))

    def drill_row(self, clue):
        return CluesByState().drill_row(clue)


class _Cases(Figure):
    capability = "enforcement.view_case"
    drill_headers = (
        _("案源登记号"),
        _("立案号"),
        _("当事人"),
        _("状态"),
        _("处理结果"),
        _("处罚依据"),
    )

    def model(self):
        from wangjian.enforcement.models import Case

        return Case

    def drill_row(self, case):
        cells = (
            case.source_number,
            case.number or str(_("未立案")),
            case.party_name,
            case.get_state_display(),
            case.get_outcome_display() or str(_("未决定")),
            article_in_words(case.penalty_article) or str(_("未填")),
        )
        return cells, reverse("enforcement:case-detail", args=[case.pk])


def _exempt_share(no_penalty: int, decided: int) -> str:
    return f"{no_penalty / decided:.0%}" if decided else "—"


class CasesByOutcome(_Cases):
    """Cases by their decision: 行政处罚, 不予行政处罚 (免罚), and not yet decided."""

    key = "case_outcomes"
    title = _("案件：按处理结果")

    def table(self, base) -> Table:
        from wangjian.enforcement.choices import Outcome

        counts = dict(
            base.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
        )
        rows = [Row({"outcome": o.value}, (o.label,), counts.get(o.value, 0)) for o in Outcome]
        rows.append(Row({"outcome": "none"}, (str(_("尚未决定")),), counts.get("", 0)))
        no_penalty = counts.get(Outcome.NO_PENALTY, 0)
        decided = no_penalty + counts.get(Outcome.PENALTY, 0)
        note = _("免罚占比（不予行政处罚决定 / 全部决定）：{share}。").format(
            share=_exempt_share(no_penalty, decided)
        )
        return Table(self.key, self.title, (_("处理结果"), _("案件数")), rows, note)

    def filter(self, base, params):
        from wangjian.enforcement.choices import Outcome

        if not params:
            return base
        if set(params) != {"outcome"}:
            raise not_found()
        outcome = params["outcome"]
        if outcome == "none":
            return base.filter(outcome="")
        if outcome not in Outcome.values:
            raise not_found()
        return base.filter(outcome=outcome)


class CasesByArticle(_Cases):
    """Decided cases by their 处罚依据 (the article applied), with the 免罚 share per article."""

    key = "case_articles"
    title = _("案件：按处罚依据条文（含免罚占比）")

    def base(self, user, division):
        return super().base(user, division).exclude(outcome="")

    def table(self, base) -> Table:
        grouped = (
            base.values("penalty_article")
            .annotate(
                n=Count("id"),
                no_penalty=Count("id", filter=Q(outcome="no_penalty")),
            )
            .order_by("-n", "penalty_article")
        )
        rows = [
            Row(
                {"article": g["penalty_article"]},
                (
                    article_in_words(g["penalty_article"]) or str(_("未填处罚依据")),
                    g["no_penalty"],
                    _exempt_share(g["no_penalty"], g["n"]),
                ),
                g["n"],
            )
            for g in grouped
        ]
        headers = (_("处罚依据"), _("不予处罚决定"), _("免罚占比"), _("决定数"))
        return Table(self.key, self.title, headers, rows)

    def filter(self, base, params):
        if not params:
            return base
        if set(params) != {"article"}:
            raise not_found()
        return base.filter(penalty_article=params["article"])


class GuidanceIssued(Figure):
    """警示、提醒告诫 and the other non-penalty tools issued, by kind."""

    key = "guidance"
    title = _("警示、提醒告诫等行政指导：按种类")
    capability = "enforcement.view_case"
    drill_headers = (_("文书编号"), _("种类"), _("对象"), _("状态"))

    def model(self):
        from wangjian.enforcement.models import Guidance

        return Guidance

    def table(self, base) -> Table:
        from wangjian.enforcement.choices import GuidanceKind

        counts = dict(base.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
        rows = [Row({"kind": k.value}, (k.label,), counts.get(k.value, 0)) for k in GuidanceKind]
        return Table(self.key, self.title, (_("种类"), _("发出件数")), rows)

    def filter(self, base, params):
        from wangjian.enforcement.choices import GuidanceKind

        if not params:
            return base
        if set(params) != {"kind"} or params["kind"] not in GuidanceKind.values:
            raise not_found()
        return base.filter(kind=params["kind"])

    def drill_row(self, guidance):
        cells = (
            guidance.number,
            guidance.get_kind_display(),
            guidance.recipient_name,
            guidance.get_state_display(),
        )
        return cells, reverse("enforcement:guidance-detail", args=[guidance.pk])


FIGURES: dict[str, Figure] = {
    figure.key: figure
    for figure in (
        FindingsByFamily(),
        CluesByState(),
        ClueConversion(),
        CasesByOutcome(),
        CasesByArticle(),
        GuidanceIssued(),
        ComplaintsByCategory(),
        ComplaintHotSpots(),
        CreditTiers(),
        TierMovement(),
        InspectionsPublished(),
        WarningsIssued(),
    )
}
# The figures compared across the streets (or districts): one count per child division.
COMPARED = ("findings", "clues", "complaints", "inspections")


def figures_for(user) -> list[Figure]:
    return [f for f in FIGURES.values() if user.has_capability(f.capability)]


def comparison(user, division) -> Table:
    """One row per child division (街道 for a district, 区 for a province's city…): the count of
    each compared figure's rows there, grouped by the path prefix in one query per figure."""
    from wangjian.core.models import Division

    # A level with a single child (上海市 → 市辖区) is skipped, so a province compares districts.
    children = list(Division.objects.filter(parent=division).order_by("code"))
    while len(children) == 1 and Division.objects.filter(parent=children[0]).exists():
        children = list(Division.objects.filter(parent=children[0]).order_by("code"))
    width = len(children[0].path) if children else len(division.path) + LEVEL_WIDTH
    figures = [FIGURES[k] for k in COMPARED if user.has_capability(FIGURES[k].capability)]
    counts = {}
    for figure in figures:
        grouped = (
            figure.base(user, division)
            .annotate(child=Substr(figure.street_lookup, 1, width))
            .values("child")
            .annotate(n=Count("id"))
        )
        counts[figure.key] = {g["child"]: g["n"] for g in grouped}
    rows = []
    for child in children:
        cells = (child.name, *(counts[f.key].get(child.path, 0) for f in figures))
        rows.append(Row({"street": child.path}, cells, 0))
    # Rows placed at the board's own level (not in any child division) are shown apart.
    own = tuple(
        sum(n for path, n in counts[f.key].items() if len(path or "") < width) for f in figures
    )
    rows.append(Row({}, (str(_("本级（未细分到下级区划）")), *own), 0))
    headers = (_("区划"), *(FIGURES[f.key].title for f in figures))
    return Table("comparison", _("各下级区划比较"), headers, rows), figures


def article_in_words(value: str) -> str:
    """An article key (``ad-law-2021:57``) as the reader knows it (《广告法》第五十七条); text that
    is not a catalogued key is shown as it was entered."""
    from wangjian.core.legal_catalogue import LegalBasisNotFound, get_article

    if not value or ":" not in value:
        return value
    try:
        article = get_article(value)
    except LegalBasisNotFound:
        return value
    return f"《{article.instrument.short_title or article.instrument.title}》{article.label}"
