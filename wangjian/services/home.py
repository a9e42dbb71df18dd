"""Home-page cards of the services app: objections awaiting an answer, gig-worker
applications awaiting a decision."""

from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card


@home_card(250)
def objections_card(user):
    from wangjian.services.models import Objection

    if not user.has_capability("services.answer_objection"):
        return None
    waiting = Objection.objects.visible_to(user).filter(state="pending").count()
    return HomeCard(_("待答复的信用异议"), waiting, url="services:objection-queue")


@home_card(251)
def gig_applications_card(user):
    from wangjian.services.models import GigApplication

    if not user.has_capability("services.decide_gig_application"):
        return None
    waiting = GigApplication.objects.visible_to(user).filter(state="pending").count()
    return HomeCard(_("待核准的灵活就业登记申请"), waiting, url="services:gig-batches")


@home_card(252)
def service_requests_card(user):
    """Staff: requests awaiting acceptance or an answer in the jurisdiction; a partner body:
    the requests assigned to it that await its answer."""
    from wangjian.services.models import ServiceRequest

    if not user.has_capability("services.answer_service_request"):
        return None
    waiting = (
        ServiceRequest.objects.visible_to(user).filter(state__in=["submitted", "accepted"]).count()
    )
    return HomeCard(_("待办理的知识产权与质量服务请求"), waiting, url="services:service-queue")
