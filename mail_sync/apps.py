from django.apps import AppConfig


class MailSyncConfig(AppConfig):
    name = "mail_sync"
    verbose_name = "Gmail sync"
    default_auto_field = "django.db.models.BigAutoField"
