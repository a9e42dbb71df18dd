from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "wangjian.platforms"
    label = "platforms"

    def ready(self) -> None:
        # Apps beside this one (services) raise take-down requests through monitoring's hook;
        # they may not import platforms (architecture.md §3).
        from wangjian.monitoring import takedown
        from wangjian.platforms.takedown import takedown_from_finding

        if takedown_from_finding not in takedown.TAKEDOWN_REQUESTERS:
            takedown.TAKEDOWN_REQUESTERS.append(takedown_from_finding)
