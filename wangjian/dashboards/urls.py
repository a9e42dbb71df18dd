from django.urls import path

from wangjian.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.board, name="board"),
    path("tables/<slug:key>/export.xlsx", views.table_export, name="table-export"),
    path("drill/<slug:key>/", views.drill, name="drill"),
    path("drill/<slug:key>/export.xlsx", views.drill_export, name="drill-export"),
]
