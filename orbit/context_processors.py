from django.conf import settings
from django.http import HttpRequest


def orbit(request: HttpRequest) -> dict:
    return {"google_login_enabled": bool(settings.GOOGLE_CLIENT_ID)}
