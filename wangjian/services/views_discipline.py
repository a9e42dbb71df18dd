"""Self-discipline pages: an entity's commitments (signing), the public pages of industry
associations and their documents, and the association's own page of members and their
commitment status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from wangjian.core.access import get_visible_or_404, not_found
from wangjian.core.messages import show_error
from wangjian.services import access, discipline
from wangjian.services.actions import discipline as actions
from wangjian.services.choices import AssociationDocumentKind
from wangjian.services.models import AssociationMembership, Commitment, IndustryAssociation


@login_required
def entity_commitments(request, entity_id: int):
    """The entity's account: its commitments, and the templates in force to sign."""
    from wangjian.registry.models import OnlineShop

    entity = access.get_entity_for(request.user, entity_id, "services.sign_commitment")
    shops = OnlineShop.objects.visible_to(request.user).filter(entity=entity).active()
    if request.method == "POST":
        shop = None
        if request.POST.get("shop"):
            shop = shops.filter(pk=request.POST["shop"]).first()
            if shop is None:
                raise not_found()
        try:
            actions.sign_commitment(
                actor=request.user,
                entity=entity,
                template_key=request.POST.get("template", ""),
                shop=shop,
            )
        except PermissionDenied as error:
            raise not_found() from error
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(request, "承诺已签署，并在您的市场主体身份码页面公示。")
            return redirect("services:entity-commitments", entity.pk)
    return render(
        request,
        "services/commitments.html",
        {
            "entity": entity,
            "commitments": Commitment.objects.filter(entity=entity).select_related("shop"),
            "templates": discipline.templates(timezone.localdate()),
            "shops": shops.select_related("platform"),
        },
    )


def association_list(request):
    """Public: industry associations and their published documents."""
    associations = IndustryAssociation.objects.prefetch_related("documents")
    return render(request, "services/associations.html", {"associations": associations})


def association_detail(request, association_id: int):
    """Public: an association's 自律公约 and standards."""
    association = IndustryAssociation.objects.filter(pk=association_id).first()
    if association is None:
        raise not_found()
    return render(
        request,
        "services/association.html",
        {
            "association": association,
            "documents": association.documents.all(),
            "can_manage": request.user.is_authenticated
            and request.user.has_capability("services.manage_association")
            and IndustryAssociation.objects.visible_to(request.user)
            .filter(pk=association.pk)
            .exists(),
        },
    )


@login_required
def association_manage(request, association_id: int):
    """The association's account or bureau staff: members and their commitment status; add a
    member; the association publishes a document."""
    user = request.user
    association = get_visible_or_404(
        IndustryAssociation.objects, user, "services.manage_association", pk=association_id
    )
    if request.method == "POST":
        try:
            if request.POST.get("operation") == "publish":
                actions.publish_association_document(
                    actor=user,
                    association=association,
                    kind=request.POST.get("kind", ""),
                    title=request.POST.get("title", ""),
                    version=request.POST.get("version", ""),
                    body=request.POST.get("body", ""),
                )
            else:
                actions.add_association_member(
                    actor=user, association=association, uscc=request.POST.get("uscc", "")
                )
        except PermissionDenied as error:
            raise not_found() from error
        except ValidationError as error:
            show_error(request, error)
        else:
            return redirect("services:association-manage", association.pk)
    memberships = list(
        AssociationMembership.objects.visible_to(user)
        .filter(association=association)
        .select_related("entity")
    )
    commitments: dict[int, list] = {}
    for commitment in Commitment.objects.filter(
        entity_id__in=[m.entity_id for m in memberships]
    ).select_related("shop"):
        commitments.setdefault(commitment.entity_id, []).append(commitment)
    for membership in memberships:
        membership.commitment_list = commitments.get(membership.entity_id, [])
    return render(
        request,
        "services/association_manage.html",
        {
            "association": association,
            "memberships": memberships,
            "can_publish": user.has_capability("services.publish_association_document"),
            "kinds": AssociationDocumentKind.choices,
        },
    )
