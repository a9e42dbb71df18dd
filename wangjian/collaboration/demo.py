"""Demo collaboration for Yangpu: the 商务委 as a partner department receiving the serious-list
entry, a 协查 request from Yangpu to Pudong (accepted, with a note), and a first risk
evaluation of the district."""

import datetime as dt

from wangjian.core.demo import DemoContext, demo_step


@demo_step(55)
def load_collaboration(context: DemoContext) -> None:
    from wangjian.collaboration import actions
    from wangjian.collaboration.models import AssistanceRequest, PartnerDepartment
    from wangjian.core.models import Division, OrgUnit, User

    partner_unit = OrgUnit.objects.filter(name="杨浦区商务委员会").first()
    if (
        partner_unit is not None
        and not PartnerDepartment.objects.filter(org_unit=partner_unit).exists()
    ):
        actions.register_partner_department(
            actor=None, org_unit=partner_unit, department="commerce"
        )
    sent, removals = actions.dispatch_list_entries(actor=None)
    context.log(f"  联合惩戒推送 / discipline notices: {sent} sent, {removals} removals")

    regulator = User.objects.filter(username="regulator").first()
    pudong = OrgUnit.objects.filter(name="上海市浦东新区市场监督管理局").first()
    pudong_user = User.objects.filter(username="pudong").first()
    if regulator and pudong and pudong_user and not AssistanceRequest.objects.exists():
        _demo_request(context, regulator, pudong, pudong_user)

    raised, updated = actions.evaluate_risk(actor=None, division=Division.objects.by_code("310110"))
    context.log(f"  风险预警 / risk warnings: {raised} raised, {updated} updated")


def _demo_request(context, regulator, pudong, pudong_user) -> None:
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from wangjian.collaboration import actions
    from wangjian.core.models import Division
    from wangjian.registry.models import OnlineShop

    try:
        shop = OnlineShop.objects.inside(Division.objects.by_code("310115")).first()
        request = actions.send_request(
            actor=regulator,
            receiving_unit=pudong,
            subject_text=shop.name if shop else "浦东新区某网店",
            shop=shop,
            questions="请协助核实该网店的实际经营地址、经营者身份及近三个月的销售记录。",
            requested_by=timezone.localdate() + dt.timedelta(days=30),
        )
        actions.accept_request(actor=pudong_user, request=request, note="已受理，安排张江所核查。")
        actions.post_message(
            actor=pudong_user, request=request, body="预计两周内完成现场核查，届时一并答复。"
        )
        context.log(f"  异地协查 / assistance request: {request.number}")
    except ValidationError as error:
        # Mid-December, before next year's working-day table is entered.
        context.log(f"  跳过异地协查示例 / skipped the assistance example: {error.messages[0]}")
