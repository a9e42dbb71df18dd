"""Every state change of the demonstration-zone lifecycle, by topic: ``application``
(申报 and approval), ``creation`` (创建 tasks, progress, guidance, acceptance), ``evaluation``
(third-party evaluation), ``designation`` (public notice, objections, decision, support),
``management`` (dynamic management), ``indicators`` (the indicator board) and ``programmes``
(loading the programme and indicator files); the actor checks
and the step record shared by all of them live in ``common``.

Each action takes a keyword-only ``actor``, checks the step (``lifecycle.check_step``: role and
state), checks who the actor is for this application (the applicant's own division, the
city-level bureau above it, the programme's authority, the entrusted evaluator), then changes
the rows, writes a ``StepRecord`` and an audit event in one transaction. Dates are passed in
(``on``) because bureaus record steps taken on paper on the day they were taken. Every public
name is re-exported here, so ``from wangjian.zones.actions import x`` keeps working.
"""

from wangjian.zones.actions.application import (
    approve_creation,
    prepare_application,
    record_consent,
    reject_application,
    review_application,
    submit_application,
)
from wangjian.zones.actions.common import (
    MATERIAL_LABELS,
    SANCTION_LABELS,
    TWO_PLACES,
    require_applicant,
    require_authority,
    require_city_bureau,
    require_evaluator,
)
from wangjian.zones.actions.creation import (
    add_creation_task,
    apply_for_acceptance,
    give_guidance,
    report_task_progress,
)
from wangjian.zones.actions.designation import (
    answer_objection,
    designate_zone,
    record_support,
    start_public_notice,
    submit_objection,
)
from wangjian.zones.actions.evaluation import (
    declare_conflict_of_interest,
    entrust_evaluator,
    evaluation_figures,
    issue_evaluation_report,
    open_questionnaire,
    record_public_feedback,
    score_item,
    social_score,
    submit_questionnaire_response,
)
from wangjian.zones.actions.indicators import enter_indicator_value
from wangjian.zones.actions.management import (
    apply_for_reevaluation,
    impose_sanction,
    mark_expired,
    renew_designation,
    submit_annual_summary,
)
from wangjian.zones.actions.programmes import (
    load_indicators,
    load_programme_document,
    load_programmes,
)

__all__ = [
    "MATERIAL_LABELS",
    "SANCTION_LABELS",
    "TWO_PLACES",
    "add_creation_task",
    "answer_objection",
    "apply_for_acceptance",
    "apply_for_reevaluation",
    "approve_creation",
    "declare_conflict_of_interest",
    "designate_zone",
    "enter_indicator_value",
    "entrust_evaluator",
    "evaluation_figures",
    "give_guidance",
    "impose_sanction",
    "issue_evaluation_report",
    "load_indicators",
    "load_programme_document",
    "load_programmes",
    "mark_expired",
    "open_questionnaire",
    "prepare_application",
    "record_consent",
    "record_public_feedback",
    "record_support",
    "reject_application",
    "renew_designation",
    "report_task_progress",
    "require_applicant",
    "require_authority",
    "require_city_bureau",
    "require_evaluator",
    "review_application",
    "score_item",
    "social_score",
    "start_public_notice",
    "submit_annual_summary",
    "submit_application",
    "submit_objection",
    "submit_questionnaire_response",
]
