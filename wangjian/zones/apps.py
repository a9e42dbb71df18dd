from django.apps import AppConfig


class ZonesConfig(AppConfig):
    name = "wangjian.zones"
    label = "zones"
