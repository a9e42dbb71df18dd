import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangjian.config.settings")
application = get_wsgi_application()

from wangjian.core.security import refuse_insecure_defaults  # noqa: E402

refuse_insecure_defaults()
