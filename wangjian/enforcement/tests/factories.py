"""Cases walked through the enforcement actions (no shortcuts past the approval rounds)."""

import datetime as dt

from wangjian.enforcement import actions
from wangjian.enforcement.choices import Stage, Subject


def file_case(case, officer, reviewer, chief, on: dt.date, articles=None):
    payload = {"file": True}
    if articles:
        payload["violated_articles"] = articles
    actions.approval_step(
        actor=officer,
        case=case,
        subject=Subject.FILING,
        stage=Stage.PROPOSE,
        opinion="违法事实基本清楚，建议立案",
        payload=payload,
        on=on,
    )
    actions.approval_step(
        actor=reviewer,
        case=case,
        subject=Subject.FILING,
        stage=Stage.REVIEW,
        opinion="同意立案",
        on=on,
    )
    return actions.approval_step(
        actor=chief,
        case=case,
        subject=Subject.FILING,
        stage=Stage.APPROVE,
        opinion="同意立案调查",
        on=on,
    )


def propose(case, officer, reviewer, chief, on: dt.date, **proposal):
    actions.approval_step(
        actor=officer,
        case=case,
        subject=Subject.PROPOSAL,
        stage=Stage.PROPOSE,
        opinion="调查终结，提出处理意见",
        payload=proposal,
        on=on,
    )
    actions.approval_step(
        actor=reviewer,
        case=case,
        subject=Subject.PROPOSAL,
        stage=Stage.REVIEW,
        opinion="法制审核：事实清楚，适用依据正确",
        on=on,
    )
    return actions.approval_step(
        actor=chief,
        case=case,
        subject=Subject.PROPOSAL,
        stage=Stage.APPROVE,
        opinion="同意，予以告知",
        on=on,
    )


def decide(case, officer, chief, on: dt.date, education: str = ""):
    actions.approval_step(
        actor=officer,
        case=case,
        subject=Subject.DECISION,
        stage=Stage.PROPOSE,
        opinion="当事人陈述申辩意见不成立，维持处理意见",
        payload={"education_record": education, "reason": "依法作出决定"},
        on=on,
    )
    return actions.approval_step(
        actor=chief,
        case=case,
        subject=Subject.DECISION,
        stage=Stage.APPROVE,
        opinion="同意作出决定",
        on=on,
    )


PENALTY = {
    "outcome": "penalty",
    "penalty_kinds": ["fine"],
    "fine_amount": "200000",
    "penalty_article": "ad-law-2021:57",
}
