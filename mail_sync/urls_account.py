from django.urls import path

from mail_sync import views_account

urlpatterns = [
    path("settings/", views_account.gmail_settings, name="settings"),
    path("settings/sync", views_account.sync_now, name="sync-now"),
    path("settings/disconnect", views_account.disconnect, name="disconnect"),
    path("runs/<int:pk>/progress", views_account.run_progress, name="run-progress"),
]
