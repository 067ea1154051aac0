"""Catalogue corrections: a note beside an entry's title (W3C's 2023 erratum
to 4.1.1; Barnkonventionen's texts are summaries), EN 301 549 clauses only for
WCAG 2.1's A and AA criteria (the 28 derived from AAA criteria do not exist),
9.5 and 11.8.1–11.8.5, two GDPR titles as the Swedish text has them."""

from django.db import migrations, models


def reload_catalogue(apps, schema_editor):
    from requirements_app.catalogue.standards import load

    load(apps.get_model("requirements_app", "CatalogueEntry"))


class Migration(migrations.Migration):

    dependencies = [
        ("requirements_app", "0017_cache_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogueentry",
            name="note",
            field=models.CharField(blank=True, max_length=300, verbose_name="note"),
        ),
        migrations.RunPython(reload_catalogue, migrations.RunPython.noop),
    ]
