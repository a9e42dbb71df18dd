from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "wangjian.complaints"
    label = "complaints"

    def ready(self) -> None:
        from wangjian.complaints import credit_feed  # noqa: F401  (subscribes to outcomes)
        from wangjian.complaints.actions import recompute_clocks
        from wangjian.core.actions.calendar import YEAR_ENTERED_SUBSCRIBERS

        # Clocks left without a date wait for the year's working-day table.
        if recompute_clocks not in YEAR_ENTERED_SUBSCRIBERS:
            YEAR_ENTERED_SUBSCRIBERS.append(recompute_clocks)
