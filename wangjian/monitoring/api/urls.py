from rest_framework.routers import SimpleRouter

from wangjian.monitoring.api import views

router = SimpleRouter()
router.register("feeds", views.FeedViewSet, basename="monitoring-feed")
router.register("findings", views.FindingViewSet, basename="monitoring-finding")
router.register("batches", views.ScanBatchViewSet, basename="monitoring-batch")
router.register("clues", views.ClueViewSet, basename="monitoring-clue")
urlpatterns = router.urls
