"""Orbit users: email is the login."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from orbit.user_agents import describe_user_agent


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)
    # Blank until the user's browser says (static/js/timezone.js) or they choose; until then
    # dates are shown in UTC.
    timezone = models.CharField(max_length=64, blank=True, default="")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email


class SessionRecordQuerySet(models.QuerySet["SessionRecord"]):
    def for_user(self, user) -> "SessionRecordQuerySet":
        return self.filter(user=user)

    def live(self) -> "SessionRecordQuerySet":
        """Records whose session still exists and has not expired (database session engine)."""
        alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
        return self.filter(session_key__in=alive)

    @transaction.atomic
    def sign_out(self) -> int:
        """End these sessions for good: the session data goes, so do the records."""
        store = import_module(settings.SESSION_ENGINE).SessionStore
        keys = list(self.values_list("session_key", flat=True))
        for key in keys:
            # Through the engine rather than the Session table, so a cache engine works too.
            store(session_key=key).delete()
        count, _ = self.model.objects.filter(session_key__in=keys).delete()
        return count


class SessionRecord(models.Model):
    """What we know about a signed-in session: device and last activity, for the sessions page."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="session_records")
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=400, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    objects = SessionRecordQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "-last_seen"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.device}"

    @property
    def device(self) -> str:
        return describe_user_agent(self.user_agent)
