"""factory-boy factories for Orbit's models."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications.models import (
    Application,
    Event,
    EventKind,
    EventSource,
    SavedView,
    Source,
    Tag,
    WorkMode,
)
from applications.status import Status
from orbit.models import User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    timezone = "UTC"  # an account that has one; a brand-new one is UserFactory(timezone="")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"tag-{n}")
    color = "blue"


class ApplicationFactory(DjangoModelFactory):
    """An application row without events; use create_application() when the timeline matters."""

    class Meta:
        model = Application

    user = factory.SubFactory(UserFactory)
    company = factory.Faker("company")
    role = factory.Faker("job")
    location = factory.Faker("city")
    work_mode = factory.Iterator([mode for mode, _ in WorkMode.choices])
    source = factory.Iterator([Source.LINKEDIN, Source.REFERRAL, Source.COMPANY_SITE])
    status = Status.APPLIED
    applied_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    salary_currency = "USD"


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    application = factory.SubFactory(ApplicationFactory)
    user = factory.LazyAttribute(lambda event: event.application.user)
    kind = EventKind.NOTE
    source = EventSource.MANUAL
    note = factory.Faker("sentence")
    occurred_at = factory.LazyFunction(timezone.now)


class SavedViewFactory(DjangoModelFactory):
    class Meta:
        model = SavedView

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"View {n}")
    query = "status=applied"
    pinned = True
