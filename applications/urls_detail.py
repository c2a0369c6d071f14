from django.urls import path

from applications.views import board, detail, tags

urlpatterns = [
    path("new/", detail.application_create, name="create"),
    path("<int:pk>/", detail.application_detail, name="detail"),
    path("<int:pk>/edit/", detail.application_edit, name="edit"),
    path("<int:pk>/note/", detail.add_note, name="note"),
    path("<int:pk>/interview/", detail.add_interview, name="interview"),
    path("<int:pk>/status/", detail.change_status, name="status"),
    path("<int:pk>/archive/", detail.archive, name="archive"),
    path("<int:pk>/unarchive/", detail.unarchive, name="unarchive"),
    path("board/", board.board, name="board"),
    path("board/<int:pk>/move/", board.board_move, name="board-move"),
    path("tags/", tags.tag_list, name="tags"),
    path("tags/new/", tags.tag_create, name="tag-create"),
    path("tags/<int:pk>/", tags.tag_edit, name="tag-edit"),
    path("tags/<int:pk>/delete/", tags.tag_delete, name="tag-delete"),
]
