from django.contrib.auth import views as auth_views
from django.urls import path

from wangjian.core import calendar_views, people_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("public/", views.public_home, name="public-home"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/<int:job_id>/", views.job_detail, name="job-detail"),
    path("jobs/verify-audit/", views.start_audit_verification, name="job-verify-audit"),
    path("audit/", views.audit_list, name="audit-list"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path(
        "calendar/<int:year>/recompute/",
        calendar_views.recompute_year,
        name="calendar-recompute",
    ),
    path("people/", people_views.people, name="people"),
    path("people/users/<int:user_id>/", people_views.person, name="person"),
    path("people/users/<int:user_id>/<slug:step>/", people_views.person_step, name="person-step"),
    path("people/units/<int:unit_id>/<slug:step>/", people_views.unit_step, name="unit-step"),
]
