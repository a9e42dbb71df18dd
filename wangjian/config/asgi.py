import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangjian.config.settings")
application = get_asgi_application()

from wangjian.core.security import refuse_insecure_defaults  # noqa: E402

refuse_insecure_defaults()
