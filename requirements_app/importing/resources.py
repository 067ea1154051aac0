"""django-import-export resources: requirements and insights as spreadsheet rows.

Columns are in Swedish (what the working group sees in Excel). Requirements
are matched by kravnummer; every created or changed requirement is saved
through `drafting`, so it gets its version, its revision ("Importerad från
FILNAMN") and stale votes like any edit. A row whose Version is older than the
requirement's is refused when it would change it: nothing is overwritten unseen.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from ..drafting import requirements as drafting
from ..models import Area, Insight, Requirement
from ..text import normalise
from ..versions import compare
from ..xlsx import starts_like_formula
from ..writes import EditConflict

class SafeTextWidget(widgets.CharWidget):
    """Text that a spreadsheet would run as a formula is exported with a leading
    apostrophe, which the import takes off again (so a round trip changes nothing).
    Imported text is normalised as every text is (see `text.normalise`)."""

    def __init__(self, one_line=False, **kwargs):
        self.one_line = one_line
        super().__init__(**kwargs)

    def render(self, value, obj=None, **kwargs):
        value = "" if value is None else str(value)
        return "'" + value if starts_like_formula(value) else value

    def clean(self, value, row=None, **kwargs):
        value = "" if value is None else str(value)
        if value.startswith("'") and starts_like_formula(value[1:]):
            value = value[1:]
        return normalise(value, self.one_line)


class ChoiceWidget(widgets.Widget):
    """A TextChoices field, written as its Swedish label and read from its code or
    its label in any of the workbench's languages."""

    def __init__(self, choices, allow_blank=False, **kwargs):
        self.choices, self.allow_blank = choices, allow_blank
        super().__init__(**kwargs)

    def _names(self):
        names = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for code, label in self.choices.choices:
                    names[str(label).lower()] = code
        return {**names, **{code: code for code in self.choices.values}}

    def clean(self, value, row=None, **kwargs):
        text = ("" if value is None else str(value)).strip().lower()
        if not text and self.allow_blank:
            return None
        if text in self._names():
            return self._names()[text]
        with translation.override("sv"):
            known = ", ".join(str(label) for _code, label in self.choices.choices)
        raise ValueError(_("Unknown value “%(value)s”. Use one of: %(known)s.") % {"value": value or "", "known": known})

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        with translation.override("sv"):
            return str(self.choices(value).label)


class WeightWidget(widgets.Widget):
    """A criterion's value, a whole number (kronor or points, as the evaluation
    model says; the column is still called Vikt); a clear message rather than a
    conversion error. Spaces between thousands are allowed: "150 000"."""

    def clean(self, value, row=None, **kwargs):
        text = ("" if value is None else str(value)).strip()
        if not text:
            return None
        try:
            number = float(re.sub(r"[\s\u00a0]|kr$", "", text).replace(",", "."))
        except ValueError:
            raise ValueError(_("The value must be a whole number, not “%(value)s”.") % {"value": text})
        if not number.is_integer():
            raise ValueError(_("The value must be a whole number, not “%(value)s”.") % {"value": text})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return value  # a number, so XLSX stores a number


class AreaWidget(widgets.ForeignKeyWidget):
    def __init__(self, procurement):
        super().__init__(Area, field="code")
        self.procurement = procurement

        self._areas = None  # code -> Area, read once per import

    def get_queryset(self, value, row, *args, **kwargs):
        return self.procurement.areas.all()

    def clean(self, value, row=None, **kwargs):
        code = ("" if value is None else str(value)).strip().upper()
        if not code:
            raise ValueError(_("The area is missing."))
        if self._areas is None:
            self._areas = {area.code: area for area in self.get_queryset(value, row)}
        area = self._areas.get(code)
        if area is None:
            known = ", ".join(self._areas)
            raise ValueError(_("Unknown area “%(code)s”. Known areas: %(known)s.") % {"code": code, "known": known})
        return area


class InsightsWidget(widgets.ManyToManyWidget):
    """Insight keys, comma-separated; an unknown key is an error, not silently dropped."""

    def __init__(self, procurement):
        super().__init__(Insight, separator=",", field="key")
        self.procurement = procurement
        self._insights = None  # key -> Insight, read once per import

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip().upper() for key in re.split(r"[,;\n]", "" if value is None else str(value)) if key.strip()]
        if self._insights is None:
            self._insights = {i.key: i for i in Insight.objects.for_procurement(self.procurement)}
        unknown = [key for key in keys if key not in self._insights]
        if unknown:
            raise ValueError(_("Unknown insight: %(keys)s.") % {"keys": ", ".join(unknown)})
        return [self._insights[key] for key in dict.fromkeys(keys)]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(sorted(i.key for i in value.all())) if value is not None else ""


class RowRefused(Exception):
    """A checked row could not be written; nothing of the import was."""

    def __init__(self, number, error):
        super().__init__(number, error)
        self.number, self.messages = number, error.messages


COLUMNS = {
    "number": "Kravnummer",
    "area": "Kravområde",
    "title": "Rubrik",
    "statement": "Kravtext",
    "rationale": "Motivering",
    "kind": "Typ",
    "weight": "Vikt",
    "verification": "Verifiering",
    "status": "Status",
    "insights": "Insikter",
    "references": "Referenser",
    "version": "Version",
    # Added later; after Version, so files in the earlier format still read.
    "verifikat": "Verifikat",
    "follow_up": "Uppföljning",
    "scale": "Skala",
}
REQUIRED_COLUMNS = {COLUMNS[name] for name in ("number", "area", "title", "statement", "kind", "verification")}


class RequirementResource(resources.ModelResource):
    """Requirements of one procurement, saved as `membership` through `drafting`."""

    def __init__(self, membership, filename="", **kwargs):
        super().__init__(**kwargs)
        self.membership = membership
        self.procurement = membership.procurement
        self.comment = _("Imported from %(file)s") % {"file": filename}
        text = SafeTextWidget()
        self.fields = {
            "number": fields.Field(attribute="number", column_name=COLUMNS["number"], readonly=True),
            "area": fields.Field(attribute="area", column_name=COLUMNS["area"], widget=AreaWidget(self.procurement)),
            "title": fields.Field(attribute="title", column_name=COLUMNS["title"], widget=SafeTextWidget(one_line=True)),
            "statement": fields.Field(attribute="statement", column_name=COLUMNS["statement"], widget=text),
            "rationale": fields.Field(attribute="rationale", column_name=COLUMNS["rationale"], widget=text),
            "kind": fields.Field(attribute="kind", column_name=COLUMNS["kind"], widget=ChoiceWidget(Requirement.Kind)),
            "weight": fields.Field(attribute="weight", column_name=COLUMNS["weight"], widget=WeightWidget()),
            "verification": fields.Field(
                attribute="verification", column_name=COLUMNS["verification"],
                widget=ChoiceWidget(Requirement.Verification),
            ),
            "status": fields.Field(attribute="status", column_name=COLUMNS["status"], widget=ChoiceWidget(Requirement.Status, allow_blank=True)),
            "insights": fields.Field(
                attribute="insights", column_name=COLUMNS["insights"], widget=InsightsWidget(self.procurement)
            ),
            "references": fields.Field(attribute="references", column_name=COLUMNS["references"], widget=text),
            "version": fields.Field(attribute="version_no", column_name=COLUMNS["version"], readonly=True),
            "verifikat": fields.Field(attribute="verifikat", column_name=COLUMNS["verifikat"], widget=text),
            "follow_up": fields.Field(attribute="follow_up", column_name=COLUMNS["follow_up"], widget=text),
            "scale": fields.Field(attribute="scale", column_name=COLUMNS["scale"], widget=text),
        }

    class Meta:
        model = Requirement
        fields = ()
        import_id_fields = ("number",)
        skip_unchanged = True
        report_skipped = True
        # skip_row compares with the content captured in import_instance; the
        # library's diff would copy and re-read every row for nothing.
        skip_diff = True
        clean_model_instances = True
        use_transactions = True

    def get_queryset(self):
        return Requirement.objects.for_procurement(self.procurement).for_list()

    def get_instance(self, instance_loader, row):
        number = str(row.get(COLUMNS["number"]) or "").strip()
        if not number:
            return None
        instance = Requirement.objects.for_procurement(self.procurement).with_number(number).select_related("area").first()
        if instance is None:
            raise ValidationError(
                _("There is no requirement %(number)s. Leave the number empty for a new requirement.") % {"number": number}
            )
        return instance

    def init_instance(self, row=None):
        return Requirement(status=Requirement.Status.DRAFT)

    def import_instance(self, instance, row, **kwargs):
        original_area, original_status = instance.area_id, instance.status if instance.pk else None
        if instance.pk:
            instance.original = {
                "content": instance.content(), "status": instance.status, "version_no": instance.version_no,
                "number": instance.number, "insights": sorted(instance.insights.values_list("pk", flat=True)),
            }
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.import_insights = self.fields["insights"].clean(row) if COLUMNS["insights"] in row else None
        except ValueError as error:
            errors["insights"] = [str(error)]
            instance.import_insights = None
        if not instance.status:  # no Status column, or left empty: keep it as it is
            instance.status = original_status or Requirement.Status.DRAFT
        if instance.pk and "area" not in errors and instance.area_id != original_area:
            errors["area"] = [_("The area cannot change: the requirement number belongs to it.")]
        if "status" not in errors and instance.status != original_status:
            allowed = drafting.MANUAL_TRANSITIONS.get(instance.status, set())
            if instance.pk is None and instance.status not in (Requirement.Status.DRAFT, Requirement.Status.REVIEW):
                errors["status"] = [_("A new requirement starts as draft or in review; decisions approve or reject.")]
            elif instance.pk and original_status not in allowed:
                errors["status"] = [
                    _("A requirement that is %(current)s cannot become %(new)s by import.")
                    % {"current": Requirement.Status(original_status).label, "new": Requirement.Status(instance.status).label}
                ]
        if errors:
            raise ValidationError(errors)

    def _insights(self, instance):
        if instance.import_insights is not None:
            return instance.import_insights
        return list(instance.insights.all()) if instance.pk else []

    def _changes(self, instance):
        """(content or insights changed, status changed) against the row as read."""
        before = instance.original
        content = instance.content() != before["content"]
        content |= sorted(i.pk for i in self._insights(instance)) != before["insights"]
        return content, instance.status != before["status"]

    @staticmethod
    def _moved_on(number, file_version, current):
        return ValidationError({
            "version_no": _(
                "%(number)s has changed since the file was exported (version %(file)s, now %(current)s). "
                "Export again and make your change in the new file."
            ) % {"number": number, "file": file_version, "current": current}
        })

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        if not any(self._changes(instance)):
            return True
        before = instance.original
        file_version = str(row.get(COLUMNS["version"]) or "").strip()
        if file_version and file_version != str(before["version_no"]):
            raise self._moved_on(before["number"], file_version, before["version_no"])
        return False

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            # Number, author and version are given by `drafting` on save.
            instance.full_clean(
                exclude=[*errors, "area", "seq", "author", "version_no", "proposed_by"],
                validate_unique=False, validate_constraints=False,
            )
            instance.check_insights_for_status(instance.status, self._insights(instance))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_import(self, dataset, **kwargs):
        # Nothing is written while the rows are read and checked: `apply` writes
        # them afterwards in one short transaction (on SQLite a write transaction
        # holds every other writer back).
        self.new_rows = []  # (row number, instance)
        self.changed_rows = []  # (row number, instance)
        self.changes = {}  # row number -> what the row changes (versions.compare)

    def save_instance(self, instance, is_create, row, **kwargs):
        number = kwargs["row_number"]
        if is_create:
            self.new_rows.append((number, instance))
            return
        self.changed_rows.append((number, instance))
        before = instance.original
        changes = compare(
            {**before["content"], "status": before["status"], "insights": before["insights"]},
            {**instance.content(), "status": instance.status,
             "insights": sorted(i.pk for i in self._insights(instance))},
        )
        changes["reopens"] = before["status"] == Requirement.Status.APPROVED and self._changes(instance)[0]
        self.changes[number] = changes

    def apply(self):
        """Write what the checked rows ask for, in one transaction: all or nothing.

        Raises RowRefused (nothing written) when a row can no longer be applied,
        e.g. its requirement was edited after the rows were checked."""
        drafts = [
            (instance.area, instance.content(), self._insights(instance), instance.status)
            for _number, instance in self.new_rows
        ]
        try:
            # Numbers aside, the new rows are readied (validated, their search terms and
            # findings made) before the write transaction opens: it holds the lock briefly.
            creation = drafting.prepare_creation(self.membership, drafts) if drafts else None
        except ValidationError as error:
            raise RowRefused(self.new_rows[0][0], error)
        with transaction.atomic():
            for number, instance in self.changed_rows:
                try:
                    self._save_changed(instance)
                except ValidationError as error:
                    raise RowRefused(number, error)
            try:
                drafting.create_requirements(self.membership, drafts, self.comment, creation)
            except ValidationError as error:
                raise RowRefused(self.new_rows[0][0] if self.new_rows else 0, error)

    def _save_changed(self, instance):
        before = instance.original
        content_changed, status_changed = self._changes(instance)
        # Save from the status as stored; the file's status is applied after.
        requested_status, instance.status = instance.status, before["status"]
        saved = instance
        if content_changed:
            try:
                # Against the version read when the rows were checked: an edit
                # made since is refused, not overwritten. An approved requirement
                # goes back to review; the preview said so.
                saved = drafting.save_requirement(
                    self.membership, instance, before["version_no"], instance.content(), self._insights(instance),
                    self.comment, reopen_decided=True,
                )
            except EditConflict as conflict:
                raise self._moved_on(before["number"], before["version_no"], conflict.current.version_no)
        if status_changed and requested_status != saved.status:
            drafting.change_status(self.membership, saved, requested_status, self.comment)

    def save_m2m(self, instance, row, **kwargs):
        """Insights are saved by `drafting`, inside the same revision."""


class InsightResource(resources.ModelResource):
    """The workshop's insights of one procurement, by their stable key. An import
    updates existing insights; new ones are added in the admin, to a workshop."""

    def __init__(self, procurement, **kwargs):
        super().__init__(**kwargs)
        self.procurement = procurement

    def get_queryset(self):
        return Insight.objects.for_procurement(self.procurement).order_by("order", "key")

    def init_instance(self, row=None):
        raise ValidationError(_("There is no insight %(key)s.") % {"key": (row or {}).get("Nyckel", "")})

    key = fields.Field(attribute="key", column_name="Nyckel")
    kind = fields.Field(attribute="kind", column_name="Typ", widget=ChoiceWidget(Insight.Kind))
    section = fields.Field(attribute="section", column_name="Avsnitt", widget=SafeTextWidget(one_line=True))
    text = fields.Field(attribute="text", column_name="Text", widget=SafeTextWidget())
    order = fields.Field(attribute="order", column_name="Ordning", widget=widgets.IntegerWidget(coerce_to_string=False))

    class Meta:
        model = Insight
        fields = ("key", "kind", "section", "text", "order")
        import_id_fields = ("key",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
