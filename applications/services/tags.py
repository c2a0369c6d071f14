"""Tags: create, rename, recolour, delete, and the one way an application's tags are set."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from applications.models import (
    Application,
    Tag,
)
from orbit.cache import bump_user_data_version


@transaction.atomic
def set_tags(*, application: Application, tags: list[Tag]) -> None:
    """Replace the application's tags; the figures filtered by tag change with them."""
    if any(tag.user_id != application.user_id for tag in tags):
        raise ValidationError({"tags": "Choose among your own tags."})
    application.tags.set(tags)
    bump_user_data_version(application.user_id)


def _validate_tag_name(*, user, name: str, exclude_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "A tag needs a name."})
    if len(name) > 50:
        raise ValidationError({"name": "Keep tag names to 50 characters."})
    clash = Tag.objects.for_user(user).filter(name__iexact=name)
    if exclude_id:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise ValidationError({"name": f"You already have a tag called “{name}”."})
    return name


@transaction.atomic
def create_tag(*, user, name: str, color: str = "slate") -> Tag:
    name = _validate_tag_name(user=user, name=name)
    if color not in dict(Tag.COLORS):
        raise ValidationError({"color": "Choose one of the listed colours."})
    tag = Tag.objects.create(user=user, name=name, color=color)
    # Cached pages list the user's tags (the dashboard's tag filter), so a new one invalidates.
    bump_user_data_version(user.pk)
    return tag


@transaction.atomic
def update_tag(*, tag: Tag, name: str | None = None, color: str | None = None) -> Tag:
    if name is not None:
        tag.name = _validate_tag_name(user=tag.user, name=name, exclude_id=tag.pk)
    if color is not None:
        if color not in dict(Tag.COLORS):
            raise ValidationError({"color": "Choose one of the listed colours."})
        tag.color = color
    tag.save()
    bump_user_data_version(tag.user_id)
    return tag


@transaction.atomic
def delete_tag(*, tag: Tag) -> None:
    user_id = tag.user_id
    tag.delete()
    bump_user_data_version(user_id)
