from django.contrib import admin
from django.urls import include, path

from orbit import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("accounts/", include("orbit.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("applications/", include("applications.urls")),
    path("analytics/", include("analytics.urls")),
    path("mail/", include("mail_sync.urls")),
    path("api/v1/", include("api.urls")),
]
