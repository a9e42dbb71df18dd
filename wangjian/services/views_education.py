"""网络消费教育 pages: the public list and article pages (read counted once per session, no
personal data kept), and the staff pages to draft, submit and approve."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wangjian.core.access import get_visible_or_404, not_found, require_capability
from wangjian.core.messages import show_error
from wangjian.services.actions import education as actions
from wangjian.services.choices import EducationKind
from wangjian.services.models import EducationArticle

SESSION_KEY = "services_education_read"


def education_list(request):
    """Public: published articles and campaigns, newest first."""
    articles = EducationArticle.objects.published().select_related("division")
    return render(request, "services/education_list.html", {"articles": articles})


def education_detail(request, article_id: int):
    """Public: one published article. A read is counted once per browser session; the session
    holds only the ids of the articles read."""
    article = EducationArticle.objects.published().filter(pk=article_id).first()
    if article is None:
        raise not_found()
    read = request.session.get(SESSION_KEY, [])
    if article.pk not in read:
        actions.count_education_read(actor=request.user, article=article)
        request.session[SESSION_KEY] = [*read, article.pk][-500:]
        article.refresh_from_db(fields=["read_count"])
    return render(
        request,
        "services/education_detail.html",
        {
            "article": article,
            "warnings": article.warnings.filter(state="published"),
            "hotspots": article.hotspots.all(),
        },
    )


def _date(value: str):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def education_manage(request):
    """Staff: the jurisdiction's articles by state, and the form to draft one."""
    from wangjian.complaints.models import ConsumerWarning, HotSpot

    require_capability(request.user, "services.draft_education")
    user = request.user
    if request.method == "POST":
        warnings = ConsumerWarning.objects.visible_to(user).filter(
            pk__in=[v for v in request.POST.getlist("warnings") if v.isdigit()]
        )
        hotspots = HotSpot.objects.visible_to(user).filter(
            pk__in=[v for v in request.POST.getlist("hotspots") if v.isdigit()]
        )
        try:
            article = actions.draft_education(
                actor=user,
                division=user.jurisdiction,
                kind=request.POST.get("kind", ""),
                title=request.POST.get("title", ""),
                topic=request.POST.get("topic", ""),
                audience=request.POST.get("audience", ""),
                body=request.POST.get("body", ""),
                period_from=_date(request.POST.get("period_from", "")),
                period_to=_date(request.POST.get("period_to", "")),
                warnings=warnings,
                hotspots=hotspots,
            )
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(request, "草稿已保存，请提交审批。")
            return redirect("services:education-manage-detail", article.pk)
    return render(
        request,
        "services/education_manage.html",
        {
            "articles": EducationArticle.objects.visible_to(user).order_by("state", "-id"),
            "kinds": EducationKind.choices,
            "warnings": ConsumerWarning.objects.visible_to(user).published()[:50],
            "hotspots": HotSpot.objects.visible_to(user)[:50],
            "form": request.POST if request.method == "POST" else {},
        },
    )


def _article_for(user, article_id):
    return get_visible_or_404(
        EducationArticle.objects, user, "services.draft_education", pk=article_id
    )


@login_required
def education_manage_detail(request, article_id: int):
    article = _article_for(request.user, article_id)
    user = request.user
    return render(
        request,
        "services/education_manage_detail.html",
        {
            "article": article,
            "can_submit": article.state in ("draft", "returned"),
            "can_approve": article.state == "submitted"
            and user.has_capability("services.approve_education")
            and article.drafted_by_id != user.pk,
        },
    )


def _run(request, article, operation):
    try:
        operation()
    except PermissionDenied as error:
        raise not_found() from error
    except ValidationError as error:
        show_error(request, error)
    return redirect("services:education-manage-detail", article.pk)


@login_required
@require_POST
def education_submit(request, article_id: int):
    article = _article_for(request.user, article_id)
    return _run(
        request, article, lambda: actions.submit_education(actor=request.user, article=article)
    )


@login_required
@require_POST
def education_approve(request, article_id: int):
    require_capability(request.user, "services.approve_education")
    article = _article_for(request.user, article_id)
    return _run(
        request,
        article,
        lambda: actions.approve_education(
            actor=request.user,
            article=article,
            approve=request.POST.get("approve") == "1",
            reason=request.POST.get("reason", ""),
        ),
    )
