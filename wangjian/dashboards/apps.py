from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "wangjian.dashboards"
    label = "dashboards"
