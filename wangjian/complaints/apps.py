from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "wangjian.complaints"
    label = "complaints"

    def ready(self) -> None:
        from wangjian.complaints import credit_feed  # noqa: F401  (subscribes to outcomes)
