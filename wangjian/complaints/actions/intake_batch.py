"""What the submissions filed together share: registry matches, assignments, ODR participation
and clock computations looked up once, the earlier filings of their external ids read in one
query, receipt numbers checked in one query, and the clock steps and audit events written
together."""

import datetime as dt
import secrets

from wangjian.complaints.actions.clocks import clock_values
from wangjian.complaints.actions.common import ComplaintError
from wangjian.complaints.choices import RecordKind
from wangjian.complaints.jurisdiction import assign, match_respondent
from wangjian.complaints.models import ClockStep, Complaint, OdrParticipant
from wangjian.complaints.rules import citation_for
from wangjian.core.audit import record_events
from wangjian.core.working_days import WorkingDayCalendar

# Values per ``__in`` query: under SQLite's oldest limit on bound parameters (999), so a batch of
# 500 mixed submissions (1,000 records) takes two queries there instead of failing.
IN_CHUNK = 900


def _chunks(values: list) -> list[list]:
    return [values[start : start + IN_CHUNK] for start in range(0, len(values), IN_CHUNK)]


def refuse_repeated_external_ids(external_ids: list[str]) -> None:
    """Refuse a batch that gives one external id to two submissions, naming both.

    An external id names one submission at its source (the 12315 登记编号, the desk's ticket);
    the same id twice in one request is a sender's error, and filing the second as a replay of
    the first would answer it with a record it does not describe.
    """
    first_seen: dict[str, int] = {}
    for position, external_id in enumerate(external_ids, start=1):
        if not external_id:
            continue
        if external_id in first_seen:
            earlier = first_seen[external_id]
            raise ComplaintError(
                f"第 {position} 条投诉举报 字段 external_id：外部编号 {external_id} 与第 {earlier} "
                f"条重复，同一批次中每个外部编号只能出现一次 / submission {position} field "
                f"external_id: external id {external_id} repeats submission {earlier}; each "
                "external id may appear once per batch",
                field="external_id",
                rule="duplicate",
            )
        first_seen[external_id] = position


def existing_records(channel: str, external_ids: list[str]) -> dict[tuple[str, str], Complaint]:
    """The records already filed on ``channel`` under these external ids, by (id, kind): one
    query per batch (a resubmission answers with them instead of filing again)."""
    wanted = sorted({external_id for external_id in external_ids if external_id})
    found = {}
    for chunk in _chunks(wanted):
        rows = Complaint.objects.filter(channel=channel, external_id__in=chunk).select_related(
            "division"
        )
        found.update({(row.external_id, row.kind): row for row in rows})
    return found


def _candidate(complaint: Complaint) -> str:
    prefix = "TS" if complaint.kind == RecordKind.COMPLAINT else "JB"
    code = complaint.division.code[:6]
    return f"{prefix}{code}{complaint.received_on:%Y%m%d}{secrets.randbelow(10**6):06d}"


def number_records(complaints: list[Complaint]) -> None:
    """Give each new record a receipt number used neither by an earlier record nor by another
    record of the batch: random candidates, checked against the table in one query (and again
    only for those that clashed)."""
    used: set[str] = set()
    pending = list(complaints)
    while pending:
        for complaint in pending:
            number = _candidate(complaint)
            while number in used:
                number = _candidate(complaint)
            used.add(number)
            complaint.receipt_number = number
        taken = set()
        for chunk in _chunks([complaint.receipt_number for complaint in pending]):
            taken.update(
                Complaint.objects.filter(receipt_number__in=chunk).values_list(
                    "receipt_number", flat=True
                )
            )
        pending = [complaint for complaint in pending if complaint.receipt_number in taken]


def _odr_applies(match, on: dt.date) -> bool:
    from django.db.models import Q

    participants = OdrParticipant.objects.filter(joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=on)
    )
    checks = Q(pk__in=[])
    if match.entity is not None:
        checks |= Q(entity=match.entity)
    if match.platform is not None:
        checks |= Q(platform=match.platform)
    return participants.filter(checks).exists()


class IntakeBatch:
    """What the submissions of one request share: registry matches and ODR participation
    looked up once per batch, one working-day calendar, and the clock steps and audit events
    written together.
    """

    def __init__(self):
        self.matches: dict[tuple, object] = {}
        self.odr: dict[tuple, bool] = {}
        self.assignments: dict[tuple, tuple] = {}
        self.clock_values: dict[tuple, dict] = {}
        self.calendar = WorkingDayCalendar()
        self.clocks: list = []
        self.events: list[dict] = []

    def assign(self, kind, respondent, match, version, received_by, *, address_shown, advertising):
        """The assignment and its cited reason, computed once per distinct case in the batch
        (advertising reports, which name a publisher, are assigned one by one)."""
        key = (kind, respondent, id(match), version.key, received_by.pk, address_shown)
        if advertising is None and key in self.assignments:
            return self.assignments[key]
        assignment = assign(
            kind,
            respondent,
            match,
            version,
            received_by,
            address_shown=address_shown,
            advertising=advertising,
        )
        answer = (assignment, f"{assignment.reason}（{citation_for(assignment.basis)}）")
        if advertising is None:
            self.assignments[key] = answer
        return answer

    def clock(self, complaint, step: str, on: dt.date):
        key = (complaint.rule_version, step, on)
        if key not in self.clock_values:
            self.clock_values[key] = clock_values(complaint, step, on, self.calendar)
        self.clocks.append(ClockStep(complaint=complaint, step=step, **self.clock_values[key]))

    def record(self, **event) -> None:
        self.events.append(event)

    def write(self) -> None:
        """Write the batch's clock steps and audit events (in the order they happened)."""
        ClockStep.objects.bulk_create(self.clocks)
        record_events(self.events)
        self.clocks, self.events = [], []

    def match(self, **keys):
        key = tuple(sorted(keys.items()))
        if key not in self.matches:
            self.matches[key] = match_respondent(**keys)
        return self.matches[key]

    def odr_applies(self, match, on: dt.date) -> bool:
        key = (getattr(match.entity, "pk", None), getattr(match.platform, "pk", None), on)
        if key not in self.odr:
            self.odr[key] = _odr_applies(match, on)
        return self.odr[key]
