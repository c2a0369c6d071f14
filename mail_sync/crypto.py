"""OAuth tokens at rest: MultiFernet with keys from the environment, newest key first."""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "decrypt", "encrypt", "rotate"]


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "ORBIT_ENCRYPTION_KEYS must hold at least one Fernet key "
            "(generate one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`)."
        )
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    # Keyed on the tuple so override_settings in tests (and a rotated environment) take effect.
    return _fernet(tuple(settings.ORBIT_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    """Encrypt under the newest key; an empty secret stays empty (nothing to protect)."""
    if not plaintext:
        return ""
    return _current().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    """Decrypt with whichever configured key made it; raises InvalidToken if none did."""
    if not ciphertext:
        return ""
    return _current().decrypt(ciphertext.encode()).decode()


def rotate(ciphertext: str) -> str:
    """Re-encrypt under the newest key (keeps the original timestamp)."""
    if not ciphertext:
        return ""
    return _current().rotate(ciphertext.encode()).decode()
