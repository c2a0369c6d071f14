"""Error responses every operation documents, so clients and the schema agree."""

from __future__ import annotations

from api.schemas import ErrorOut

COMMON_ERRORS = (401, 404, 422, 429, 500)


def errors(*extra: int) -> dict[int, type[ErrorOut]]:
    return {status: ErrorOut for status in (*COMMON_ERRORS, *extra)}
