from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("wangjian.core.urls")),
    path("registry/", include("wangjian.registry.urls")),
    path("monitoring/", include("wangjian.monitoring.urls")),
    path("evidence/", include("wangjian.evidence.urls")),
    path("zones/", include("wangjian.zones.urls")),
    path("inspections/", include("wangjian.inspections.urls")),
    path("credit/", include("wangjian.credit.urls")),
    path("complaints/", include("wangjian.complaints.urls")),
    path("enforcement/", include("wangjian.enforcement.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("wangjian.core.api.urls")),
    path("api/v1/registry/", include("wangjian.registry.api.urls")),
    path("api/v1/monitoring/", include("wangjian.monitoring.api.urls")),
    path("api/v1/evidence/", include("wangjian.evidence.api.urls")),
    path("api/v1/zones/", include("wangjian.zones.api.urls")),
    path("api/v1/inspections/", include("wangjian.inspections.api.urls")),
    path("api/v1/credit/", include("wangjian.credit.api.urls")),
    path("api/v1/complaints/", include("wangjian.complaints.api.urls")),
    path("api/v1/enforcement/", include("wangjian.enforcement.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
