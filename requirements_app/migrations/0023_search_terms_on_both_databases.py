"""Both databases index the terms search.py makes (base forms included), and
`body`, which PostgreSQL parsed and stemmed itself, goes."""

from django.db import migrations, models

FTS = "requirements_app_searchentry_fts"
TABLE = "requirements_app_searchentry"
VECTOR = (
    f"ALTER TABLE {TABLE} ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, heading_terms), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_terms), 'B')) STORED"
)
VECTOR_INDEX = f"CREATE INDEX {TABLE}_vector ON {TABLE} USING GIN (vector)"
# 0012's index over the words as written, for going back.
OLD_POSTGRESQL = [
    "CREATE TEXT SEARCH CONFIGURATION swedish_unaccent (COPY = swedish)",
    "ALTER TEXT SEARCH CONFIGURATION swedish_unaccent "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, swedish_stem",
    f"ALTER TABLE {TABLE} ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('swedish_unaccent'::regconfig, heading), 'A') || "
    "setweight(to_tsvector('swedish_unaccent'::regconfig, body), 'B')) STORED",
    VECTOR_INDEX,
]
# On SQLite the FTS5 table and its triggers are made anew after the entries are.
DROP_SQLITE_FTS = [f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")] + [
    f"DROP TABLE IF EXISTS {FTS}"
]
SQLITE_FTS = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(heading_terms, body_terms, content='{TABLE}', "
    "content_rowid='id', tokenize=\"unicode61 remove_diacritics 2 tokenchars '.'\")",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, heading_terms, body_terms) VALUES (new.id, new.heading_terms, new.body_terms); END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, heading_terms, body_terms) "
    "VALUES ('delete', old.id, old.heading_terms, old.body_terms); END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, heading_terms, body_terms) "
    "VALUES ('delete', old.id, old.heading_terms, old.body_terms); "
    f"INSERT INTO {FTS}(rowid, heading_terms, body_terms) VALUES (new.id, new.heading_terms, new.body_terms); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]


def run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        # The rows just written leave deferred foreign-key checks pending, and
        # PostgreSQL alters no table with pending checks: run them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        run(schema_editor, [f"ALTER TABLE {TABLE} DROP COLUMN vector",
                            "DROP TEXT SEARCH CONFIGURATION IF EXISTS swedish_unaccent"])
    elif vendor == "sqlite":
        run(schema_editor, DROP_SQLITE_FTS)


def restore_old_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # 0012's index reads the texts as written.
        SearchEntry = apps.get_model("requirements_app", "SearchEntry")
        entries = list(SearchEntry.objects.select_related("requirement", "insight"))
        for entry in entries:
            r, i = entry.requirement, entry.insight
            texts = [r.statement, r.rationale, r.references, r.verifikat, r.follow_up] if r else [i.text]
            entry.body = "\n".join(filter(None, texts))
        SearchEntry.objects.bulk_update(entries, ["body"], batch_size=500)
        run(schema_editor, OLD_POSTGRESQL)
    elif vendor == "sqlite":
        run(schema_editor, SQLITE_FTS)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        run(schema_editor, [VECTOR, VECTOR_INDEX])
    elif vendor == "sqlite":
        run(schema_editor, SQLITE_FTS)


def drop_new_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        run(schema_editor, [f"ALTER TABLE {TABLE} DROP COLUMN vector"])
    elif vendor == "sqlite":
        run(schema_editor, DROP_SQLITE_FTS)


def refill(apps, schema_editor):
    from requirements_app.search import entry_fields

    SearchEntry = apps.get_model("requirements_app", "SearchEntry")
    Requirement = apps.get_model("requirements_app", "Requirement")
    Insight = apps.get_model("requirements_app", "Insight")
    SearchEntry.objects.all().delete()
    entries = [
        SearchEntry(procurement_id=r.area.procurement_id, requirement=r, **entry_fields(
            f"{r.area.code}-{r.seq:02d}", r.title,
            [r.statement, r.rationale, r.references, r.verifikat, r.follow_up],
        ))
        for r in Requirement.objects.select_related("area")
    ] + [
        SearchEntry(procurement_id=i.workshop.procurement_id, insight=i, **entry_fields(i.key, i.section, [i.text]))
        for i in Insight.objects.select_related("workshop")
    ]
    SearchEntry.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("requirements_app", "0022_estimated_value"),
    ]

    operations = [
        migrations.RunPython(drop_index, restore_old_index),
        # A default, so that going back can add the column to existing rows.
        migrations.AlterField(model_name="searchentry", name="body", field=models.TextField(default="")),
        migrations.RemoveField(model_name="searchentry", name="body"),
        migrations.RunPython(refill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_new_index),
    ]
