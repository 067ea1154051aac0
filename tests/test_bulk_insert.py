"""`bulk.insert` stores what `bulk_create` would, field for field."""

import json

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from reversion.models import Revision, Version

from requirements_app import bulk
from requirements_app.models import Requirement, StoredReport


def stored(model, **where):
    return [{k: v for k, v in row.items() if k != "id"} for row in model.objects.filter(**where).order_by("pk").values()]


def test_rows_inserted_read_back_as_bulk_created_ones(make_requirement, member):
    first, second = make_requirement(title="Ett"), make_requirement(title="Två")
    StoredReport.objects.filter(requirement__in=[first, second]).delete()
    findings = [{"code": "VAGUE", "message": "Ordet “lätt” är vagt.", "words": ["lätt"]}]

    def reports(requirement):
        return [StoredReport(requirement=requirement, version_no=3, findings=findings, codes="VAGUE")]

    StoredReport.objects.bulk_create(reports(first))
    bulk.insert(reports(second))
    made, inserted = stored(StoredReport, requirement=first), stored(StoredReport, requirement=second)
    assert inserted == [{**made[0], "requirement_id": second.pk}]
    assert StoredReport.objects.get(requirement=second).findings == findings  # JSON, not its text

    revision = Revision.objects.create(date_created=timezone.now(), user=member.user, comment="Importerad")
    content_type = ContentType.objects.get_for_model(Requirement)

    def version(requirement):
        return Version(revision=revision, object_id=str(requirement.pk), content_type=content_type, db="default",
                       format="json", serialized_data=json.dumps([{"title": "Två"}]), object_repr="LADD-02 Två")

    Version.objects.bulk_create([version(first)])
    bulk.insert([version(second)])
    made, inserted = (stored(Version, revision=revision, object_id=str(r.pk)) for r in (first, second))
    assert inserted == [{**made[0], "object_id": str(second.pk)}]


def test_nothing_to_insert_is_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        bulk.insert([])
