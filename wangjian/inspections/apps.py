from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "wangjian.inspections"
    label = "inspections"
