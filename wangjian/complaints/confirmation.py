"""What the handling pages say before and after an irreversible step: the confirmation page
(what the step will do, the deadline it starts) and the message once it is done.

A decision on a complaint (受理, 不予受理, 终止调解, 调解协议, 立案决定, 移交) cannot be undone
from the page, so the page asks once more and names the consequence; nothing here changes a
record (the actions do)."""

from django.utils.translation import gettext as _

from wangjian.complaints import actions, forms
from wangjian.complaints.choices import NoticeDocument, State
from wangjian.complaints.rules import RulesError, clock_deadline, rule_version
from wangjian.core.documents import missing_calendar_message
from wangjian.core.working_days import CalendarYearNotCovered

IRREVERSIBLE = {
    "accept",
    "reject",
    "terminate",
    "agree",
    "case_filing",
    "advertising_transfer",
    "escalate_odr",
}
# Posted fields carried from the first form to the confirmation (never the CSRF token).
CARRIED = ("on", "ground", "reason", "result", "file_case")


def _titles() -> dict:
    return {
        "accept": _("受理"),
        "reject": _("不予受理"),
        "terminate": _("终止调解"),
        "agree": _("达成调解协议"),
        "case_filing": _("作出立案决定"),
        "advertising_transfer": _("移交广告主所在地"),
        "escalate_odr": _("转入受理审查"),
    }


def _preview_due(complaint, step: str, on):
    """The due date the step would start, or an error text when it cannot be computed."""
    version = rule_version(complaint.rule_version)
    try:
        return clock_deadline(version, step, on).due, ""
    except CalendarYearNotCovered as missing:
        return None, missing_calendar_message(missing.year)


def confirmation_context(complaint, step: str, post, on) -> dict:
    version = rule_version(complaint.rule_version)
    consequences, error, ground_error = [], "", ""
    grounds = []
    if step == "accept":
        due, error = _preview_due(complaint, "mediation_end", on)
        if due:
            consequences.append(
                _("调解期限自受理之日起计算，至 {due} 届满；受理通知书将载明该日期。").format(
                    due=due.isoformat()
                )
            )
        else:
            error = _("不能受理：") + error
    elif step in ("reject", "terminate"):
        termination = step == "terminate"
        grounds = version.termination_grounds if termination else version.non_acceptance_grounds
        chosen = post.get("ground", "")
        try:
            ground = version.ground(chosen, termination=termination) if chosen else None
        except RulesError:
            ground = None
        if ground is None:
            ground_error = _("请选择情形。")
        else:
            consequences.append(_("情形：{label}").format(label=ground.label))
        consequences.append(
            _("本件将办结，{document}可出具并须送达当事人。").format(
                document=NoticeDocument.TERMINATION.label
                if termination
                else NoticeDocument.NON_ACCEPTANCE.label
            )
        )
        if termination:
            due, missing = _preview_due(complaint, "termination_notice", on)
            consequences.append(
                _("终止调解告知期限至 {due}。").format(due=due.isoformat()) if due else missing
            )
    elif step == "agree":
        consequences.append(_("调解成功，本件办结。"))
    elif step == "case_filing":
        consequences.append(_("立案") if post.get("file_case") == "yes" else _("不予立案"))
    elif step == "advertising_transfer":
        target = actions.advertising_transfer_target(complaint)
        if target is not None:
            consequences.append(
                _("本件将移交{division}办理，本局不再可见。").format(division=target.name)
            )
    elif step == "escalate_odr":
        consequences.append(_("ODR和解未成，本件转入受理审查。"))
    return {
        "complaint": complaint,
        "step": step,
        "title": _titles()[step],
        "consequences": consequences,
        "error": error,
        "ground_error": ground_error,
        "grounds": grounds,
        "chosen_ground": post.get("ground", ""),
        "reason": post.get("reason", ""),
        "carried": [
            (name, post[name])
            for name in CARRIED
            if post.get(name) and name not in (("ground", "reason") if grounds else ())
        ],
    }


def done(complaint, step: str) -> str:
    """The success message after ``step``: what happened and the next deadline, if any."""
    complaint.refresh_from_db()
    if step == "reject":
        return _("已决定不予受理。请出具不予受理告知书并记录送达。")
    if step == "terminate":
        clock = complaint.clocks.filter(step="termination_notice").first()
        if clock is not None and clock.due_on:
            return _("已终止调解。终止调解告知书须于 {due} 前送达。").format(
                due=clock.due_on.isoformat()
            )
        return _("已终止调解。终止调解告知书的送达期限待工作日表录入后确定。")
    if step == "agree":
        return _("已记录调解协议，本件办结。")
    if step == "case_filing":
        if complaint.state == State.CASE_FILED:
            return _("已决定立案。")
        return _("已决定不予立案。")
    if step == "escalate_odr":
        return _("已转入受理审查。")
    if step == "session":
        return _("已记录调解。")
    if step == "testing_start":
        return _("已开始检测鉴定，调解期限暂停计算。")
    if step == "testing_end":
        return _("检测鉴定已结束，调解期限已顺延。")
    return _("已办理。")


def handling_forms(complaint, assign_form=None, delivery_form=None) -> dict:
    """The 承办人 and 送达记录 forms of the record page (bound ones carry their errors)."""
    documents = [
        document for document, states in actions.DELIVERABLE.items() if complaint.state in states
    ]
    return {
        "assign_form": assign_form
        or forms.AssignHandlerForm(
            candidates=actions.handler_candidates(complaint),
            initial={"handler": complaint.handler_id},
        ),
        "delivery_form": (delivery_form or forms.NoticeDeliveryForm(documents=documents))
        if documents
        else None,
        "deliveries": complaint.deliveries.select_related("recorded_by"),
    }
