from wangjian import __version__
from wangjian.core.navigation import items_for


def platform(request):
    return {
        "wangjian_version": __version__,
        "nav_items": items_for(getattr(request, "user", None)),
    }
