from django.urls import path

from mail_sync import views_corrections, views_inbox

urlpatterns = [
    path("", views_inbox.inbox, name="inbox"),
    path("<int:pk>/", views_inbox.message_detail, name="message"),
    path("<int:pk>/link", views_inbox.message_link, name="message-link"),
    path("<int:pk>/unlink", views_inbox.message_unlink, name="message-unlink"),
    path("<int:pk>/correct", views_corrections.message_correct, name="message-correct"),
    path("changes/<int:pk>/undo", views_corrections.event_undo, name="change-undo"),
    path("review/", views_inbox.review, name="review"),
    path("review/decide", views_corrections.review_decide, name="review-decide"),
    path("review/<int:pk>/accept", views_inbox.review_accept, name="review-accept"),
    path("review/<int:pk>/dismiss", views_inbox.review_dismiss, name="review-dismiss"),
]
