from mail_sync import urls_account, urls_inbox

app_name = "mail_sync"
urlpatterns = urls_account.urlpatterns + urls_inbox.urlpatterns
