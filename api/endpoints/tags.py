"""/tags: the user's tags with usage counts."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from api.pagination import PageParams, paginate
from api.responses import errors
from api.schemas import TagEnvelope, TagIn, TagList, TagPatch
from applications.models import Tag
from applications.services import tags

router = Router(tags=["tags"])


def user_tags(request: HttpRequest):
    return Tag.objects.for_user(request.auth).with_usage()


@router.get("/tags", response={200: TagList, **errors()})
def list_tags(request: HttpRequest, page: Query[PageParams]):
    """The user's tags by name, each with how many live applications carry it."""
    return paginate(user_tags(request).order_by("name", "id"), page)


@router.post("/tags", response={201: TagEnvelope, **errors()})
def create_tag(request: HttpRequest, payload: TagIn):
    tag = tags.create_tag(user=request.auth, name=payload.name, color=payload.color)
    return 201, {"data": get_object_or_404(user_tags(request), pk=tag.pk)}


@router.patch("/tags/{tag_id}", response={200: TagEnvelope, **errors()})
def update_tag(request: HttpRequest, tag_id: int, payload: TagPatch):
    """Rename or recolour; names stay unique per user, whatever the case."""
    tag = get_object_or_404(Tag.objects.for_user(request.auth), pk=tag_id)
    changes = payload.model_dump(exclude_unset=True)
    tags.update_tag(tag=tag, name=changes.get("name"), color=changes.get("color"))
    return {"data": get_object_or_404(user_tags(request), pk=tag.pk)}


@router.delete("/tags/{tag_id}", response={204: None, **errors()})
def delete_tag(request: HttpRequest, tag_id: int):
    """Delete the tag; applications keep everything else."""
    tags.delete_tag(tag=get_object_or_404(Tag.objects.for_user(request.auth), pk=tag_id))
    return 204, None
