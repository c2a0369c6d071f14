"""Helpers for bulk writers."""

from django.db import connection, models


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Take `count` ids from the model's sequence (one query); unused ones leave gaps.

    Rows given such ids before they are inserted can be referred to at once: our foreign keys
    are DEFERRABLE INITIALLY DEFERRED, so PostgreSQL checks them at commit.
    """
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_insert(rows: list[models.Model]) -> None:
    """Insert new rows of one model with COPY: a single stream, no SQL to build or parse.

    For large batches of rows whose ids are already set (see `reserve_ids`). Values go
    through each field's own save preparation, as `save()` would send them (auto_now dates
    included); stored generated columns are left to PostgreSQL. Constraints hold as for an
    INSERT: a duplicate key fails the statement and so the caller's transaction.
    """
    if not rows:
        return
    model = type(rows[0])
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    # Django's error wrapper, so a duplicate raises django.db.IntegrityError as INSERT would.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in rows:
            if row.pk is None:
                raise ValueError("copy_insert needs rows with ids")
            copy.write_row(
                [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]
            )
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
