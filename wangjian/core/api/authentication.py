"""``Authorization: Token <key>`` against hashed, expiring keys (``core.ApiToken``)."""

import datetime as dt
import hashlib
import hmac

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from wangjian.core.models import ApiToken

# Writing last use on every call would add a write to every request; once a minute is enough
# to tell an operator whether a key is still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_for_key(key: str, now=None) -> ApiToken | None:
    """The usable (not revoked, not expired) token whose key is ``key``, or None."""
    now = now or timezone.now()
    digest = hash_key(key)
    candidates = ApiToken.objects.usable(now).filter(prefix=key[: ApiToken.PREFIX_LENGTH])
    # The user's unit and division come along: every scoped view asks for the jurisdiction.
    for token in candidates.select_related("user__org_unit__division"):
        if hmac.compare_digest(token.key_hash, digest):
            return token
    return None


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        now = timezone.now()
        token = token_for_key(key, now)
        if token is None:
            raise exceptions.AuthenticationFailed(
                "令牌无效、已过期或已作废 / invalid, expired or revoked token"
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("账号已停用 / account disabled")
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
