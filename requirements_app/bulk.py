"""Many new rows of one model in one prepared INSERT, for rows nobody reads back by key.

`bulk_create` compiles each batch of rows anew (on SQLite at most 999 values a
statement) and reads every primary key back, which was most of an import's write
lock. The rows written here (citations, stored findings, reversion's versions, the
requirement–insight links) are new, are not used again by the writer and send no
signals, so one statement executed for each of them stores the same values faster.
Not for a table a trigger indexes per statement (SQLite's full-text search).
Imports django.db only."""

from django.db import connections, router
from django.db.models import AutoField


def insert(objs):
    """Insert `objs`, new instances of one model, as `bulk_create` would store
    them (each field's `pre_save` and database value), without setting their pks."""
    objs = list(objs)
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.generated and not isinstance(f, AutoField)]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in fields] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
