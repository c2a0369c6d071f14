from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MailSyncConfig(AppConfig):
    name = "mail_sync"
    verbose_name = "Gmail sync"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from applications.timeline import register_event_linker
        from mail_sync.schedule import ensure_sync_schedule
        from mail_sync.timeline import message_links

        register_event_linker(message_links)

        post_migrate.connect(ensure_sync_schedule, sender=self, dispatch_uid="mail_sync-schedule")
