"""URLs of the applications list and what hangs off it: bulk actions, trash, CSV in and out."""

from django.urls import path

from applications.views import lists, saved_views

urlpatterns = [
    path("", lists.application_list, name="list"),
    path("bulk/", lists.bulk, name="bulk"),
    path("<int:pk>/delete/", lists.delete, name="delete"),
    path("<int:pk>/restore/", lists.restore, name="restore"),
    path("restore/", lists.restore_many, name="restore-many"),
    path("trash/", lists.trash, name="trash"),
    path("<int:pk>/purge/", lists.purge, name="purge"),
    path("trash/empty/", lists.empty_trash, name="empty-trash"),
    path("export.csv", lists.export, name="export"),
    path("import/", lists.import_csv, name="import"),
    path("import/bad-rows.csv", lists.import_bad_rows, name="import-bad-rows"),
    path("views/", saved_views.saved_view_list, name="saved-views"),
    path("views/<int:pk>/", saved_views.saved_view_update, name="saved-view-update"),
    path("views/<int:pk>/delete/", saved_views.saved_view_delete, name="saved-view-delete"),
]
