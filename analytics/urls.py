from django.urls import path

from analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("summary/", views.card, {"card": "summary"}, name="summary"),
    path("funnel/", views.card, {"card": "funnel"}, name="funnel"),
    path("flow/", views.card, {"card": "flow"}, name="flow"),
    path("trends/", views.card, {"card": "trends"}, name="trends"),
    path("insights/", views.card, {"card": "insights"}, name="insights"),
]
