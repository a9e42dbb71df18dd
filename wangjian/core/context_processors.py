from wangjian import __version__


def platform(request):
    return {"wangjian_version": __version__}
