"""Core pages: sign-in, home, jobs and the audit log. Views parse input, read through
querysets and access functions, and call actions; they hold no domain rules."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import get_job_for, not_found
from wangjian.core.actions.jobs import start_job
from wangjian.core.actions.signin import client_address, record_sign_in
from wangjian.core.audit_types import event_label, event_type_choices, is_registered
from wangjian.core.choices import Role
from wangjian.core.forms import SignInForm
from wangjian.core.home import cards_for
from wangjian.core.models import AuditEvent, Job


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True
    form_class = SignInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        record_sign_in(actor=form.get_user(), address=client_address(self.request))
        return response


def public_home(request):
    """The home page of people without an account: consumers, the public, a merchant checking a
    身份码 — every page open without signing in, as each app lists it (``public_link``)."""
    from wangjian.core.navigation import public_links

    return render(request, "core/public_home.html", {"entries": public_links()})


@login_required
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "cards": cards_for(request.user),
            "jurisdiction": request.user.jurisdiction,
            "missing_calendar_year": _missing_calendar_year(request.user),
        },
    )


# Those who must act (administrators enter the table) or plan around it (chiefs sign notices).
CALENDAR_REMINDED_ROLES = {Role.SYSTEM_ADMIN, Role.PROVINCE_ADMIN, Role.SECTION_CHIEF}


def _missing_calendar_year(user) -> int | None:
    from wangjian.core.working_days import missing_next_year

    if user.role not in CALENDAR_REMINDED_ROLES:
        return None
    return missing_next_year(timezone.localdate())


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user).select_related("created_by")
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    template = "core/jobs/_table.html" if request.htmx else "core/jobs/list.html"
    return render(
        request,
        template,
        {"page": page, "can_verify_audit": request.user.has_capability("core.view_audit_event")},
    )


@login_required
def job_detail(request, job_id: int):
    job = get_job_for(request.user, job_id)
    template = "core/jobs/_detail_body.html" if request.htmx else "core/jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def start_audit_verification(request):
    try:
        job = start_job(actor=request.user, kind="core.verify_audit_chain", title=_("审计链校验"))
    except PermissionDenied as error:
        raise not_found() from error
    messages.success(request, _("已提交审计链校验任务。"))
    return redirect("core:job-detail", job_id=job.pk)


@login_required
def audit_list(request):
    if not request.user.has_capability("core.view_audit_event"):
        raise not_found()
    events = AuditEvent.objects.visible_to(request.user).select_related("actor").order_by("-id")
    event_type = request.GET.get("event_type", "").strip()
    if event_type:
        events = events.filter(event_type=event_type)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    choices = event_type_choices()
    if event_type and not is_registered(event_type):
        # Filtering on a historic, unlabelled type keeps that type selectable.
        choices.append((event_type, event_label(event_type)))
    return render(
        request,
        "core/audit/list.html",
        {"page": page, "event_type": event_type, "event_type_choices": choices},
    )


def _error_page(request, template: str, status: int):
    return render(request, template, {"status": status}, status=status)


def permission_denied(request, exception=None):
    """403 in the site's layout, in the reader's language, saying where to go next."""
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception=None):
    """404 — also what a record outside the reader's jurisdiction answers (same page, same
    words, so the answer does not tell whether it exists)."""
    return _error_page(request, "404.html", 404)


def server_error(request):
    """500 without touching the database or the session: either may be what failed."""
    from django.http import HttpResponseServerError
    from django.template import loader

    # The error page must never fail in turn.
    try:
        body = loader.get_template("500.html").render({"request": request})
    except Exception:
        body = "500"
    return HttpResponseServerError(body)
