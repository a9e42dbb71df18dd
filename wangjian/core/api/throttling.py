"""API rate limits per signed-in user and per anonymous address.

DRF's rate classes read their rates once, at import; these read ``settings.API_THROTTLE_RATES``
on every request so that an operator's environment and the tests' overrides both apply. The
counters live in Django's default cache, which is the database (shared by every worker).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)
