"""The refusals core actions raise, coded with ``CoreErrorCode``."""

from wangjian.core.error_codes import CoreErrorCode
from wangjian.core.errors import WrittenPermissionRefusal, WrittenRefusal


class CoreRefused(WrittenRefusal):
    """A refused core change: bad input or a state that does not allow it."""

    codes = CoreErrorCode


class CoreNotPermitted(WrittenPermissionRefusal):
    """A core change refused because of who asks (capability or jurisdiction)."""

    codes = CoreErrorCode
