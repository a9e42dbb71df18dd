"""Settings for the test suite: the production settings with test-only conveniences."""

from wangjian.config.settings import *  # noqa: F403

# Tests exercise server start-up paths (the worker) with the demo secret; the refusal itself
# is tested with override_settings.
ALLOW_INSECURE = True
# Hashing passwords at full strength would dominate the run time of tests that create users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The suite runs on a fixed day (conftest.py) while the browser keeps the real date: cookies
# without an expiry date stay valid in the browser whatever that date is.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_AGE = None
