from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card


@home_card(100)
def entities_card(user):
    from wangjian.registry.models import MarketEntity

    if not user.has_capability("registry.view_entity"):
        return None
    count = MarketEntity.objects.visible_to(user).count()
    # Someone outside a jurisdiction (a merchant, a partner department) sees the entities linked
    # to their account, not a district's.
    label = _("辖区市场主体") if user.jurisdiction is not None else _("我的市场主体")
    return HomeCard(label, count, url="registry:entity-list")


@home_card(110)
def open_flags_card(user):
    from wangjian.registry.models import Flag

    if user.has_capability("registry.respond_flag"):
        count = Flag.objects.visible_to(user).filter(state="open").count()
        return HomeCard(_("本平台店铺待更正提示"), count, url="registry:flag-list")
    if not user.has_capability("registry.view_flag"):
        return None
    count = Flag.objects.visible_to(user).open().count()
    return HomeCard(_("待处理提示"), count, url="registry:flag-list")


@home_card(120)
def pending_links_card(user):
    from wangjian.registry.models import EntityLink

    if not user.has_capability("registry.resolve_entities"):
        return None
    count = EntityLink.objects.visible_to(user).pending().count()
    return HomeCard(_("待确认主体关联"), count, url="registry:link-queue")
