"""Re-encrypt every stored Gmail token under the newest ORBIT_ENCRYPTION_KEYS key.

Rotation: put the new key first in ORBIT_ENCRYPTION_KEYS (keep the old ones after it), run
this command, then drop the old keys. Safe to run any number of times.
"""

from django.core.management.base import BaseCommand

from mail_sync import services


class Command(BaseCommand):
    help = "Re-encrypt all Gmail tokens under the newest encryption key."

    def handle(self, *args, **options) -> None:
        count = services.rotate_encryption_keys()
        self.stdout.write(f"Re-encrypted tokens of {count} Gmail account(s) under the newest key.")
