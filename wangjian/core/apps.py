from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wangjian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from wangjian.core import checks  # noqa: F401  (registers the system checks)

        # Each app's roles.py adds capabilities and jobs.py registers job runners; both must be
        # known before any request or task runs.
        autodiscover_modules("roles", "jobs", "navigation", "home")
