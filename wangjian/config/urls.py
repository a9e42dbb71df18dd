from django.urls import include, path

from wangjian.core.api.docs import DocsView, SchemaView

urlpatterns = [
    path("", include("wangjian.core.urls")),
    path("registry/", include("wangjian.registry.urls")),
    path("monitoring/", include("wangjian.monitoring.urls")),
    path("evidence/", include("wangjian.evidence.urls")),
    path("zones/", include("wangjian.zones.urls")),
    path("inspections/", include("wangjian.inspections.urls")),
    path("credit/", include("wangjian.credit.urls")),
    path("complaints/", include("wangjian.complaints.urls")),
    path("services/", include("wangjian.services.urls")),
    path("platforms/", include("wangjian.platforms.urls")),
    path("collaboration/", include("wangjian.collaboration.urls")),
    path("dashboards/", include("wangjian.dashboards.urls")),
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
    path("api/v1/services/", include("wangjian.services.api.urls")),
    path("api/v1/platforms/", include("wangjian.platforms.api.urls")),
    path("api/v1/collaboration/", include("wangjian.collaboration.api.urls")),
    path("api/v1/enforcement/", include("wangjian.enforcement.api.urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
]

handler403 = "wangjian.core.views.permission_denied"
handler404 = "wangjian.core.views.page_not_found"
handler500 = "wangjian.core.views.server_error"
