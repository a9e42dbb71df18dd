from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.registry.api import views

router = DefaultRouter()
router.register("entities", views.MarketEntityViewSet, basename="registry-entity")
router.register("shops", views.OnlineShopViewSet, basename="registry-shop")
router.register("platforms", views.PlatformViewSet, basename="registry-platform")
router.register("submissions", views.SubmissionViewSet, basename="registry-submission")
router.register("flags", views.FlagViewSet, basename="registry-flag")
router.register("referrals", views.ReferralViewSet, basename="registry-referral")
router.register("links", views.EntityLinkViewSet, basename="registry-link")

urlpatterns = [path("", include(router.urls))]
