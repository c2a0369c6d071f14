from applications import urls_detail, urls_lists

app_name = "applications"
urlpatterns = urls_lists.urlpatterns + urls_detail.urlpatterns
