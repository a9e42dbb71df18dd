from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "wangjian.credit"
    label = "credit"
