from django.core import checks

from wangjian.core.security import insecure_default_problems, insecure_override_warning


@checks.register(checks.Tags.security)
def check_insecure_defaults(app_configs, **kwargs):
    """Refuse ``migrate``/``runserver``/``check`` with demo defaults when DEBUG is off."""
    found = [checks.Error(problem, id="wangjian.E001") for problem in insecure_default_problems()]
    warning = insecure_override_warning()
    if warning:
        found.append(checks.Warning(warning, id="wangjian.W010"))
    return found
