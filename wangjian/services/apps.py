from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "wangjian.services"
    label = "services"

    def ready(self) -> None:
        # Registers revoke_commitments_on_listing in credit.consequences.LISTING_CONSEQUENCES:
        # credit's decide_listing calls it inside the listing's transaction.
        from wangjian.services.actions import discipline  # noqa: F401
