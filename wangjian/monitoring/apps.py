from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "wangjian.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        from wangjian.core.actions.calendar import YEAR_ENTERED_SUBSCRIBERS
        from wangjian.monitoring.actions import date_pending_clues

        # Clues registered while their deadline reached an uncovered year wait for its table.
        if date_pending_clues not in YEAR_ENTERED_SUBSCRIBERS:
            YEAR_ENTERED_SUBSCRIBERS.append(date_pending_clues)
