"""The tenders received for a publication edition: the opening, each tender
as imported from its filled svarsmall, the examination (marks, clarifications,
demonstrations), the evaluation runs, the award decision and the individual
report. Tenders are secret until the award decision (OSL 19 kap. 3 §): every
access is logged in TenderAccess."""

import reversion
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..text import LineField, TextField
from .core import Procurement
from .edition import Edition


class TenderOpening(models.Model):
    """The opening of the tenders for one publication edition: when, the two
    people taking part (LOU 12 kap. 10 §) and the tenders received, the list
    sealed with its SHA-256 (of its canonical JSON)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="openings")
    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="opening")
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    witness = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("second person present"))
    # [{"tenderer": name, "received_at": ISO time}] as opened: what the digest seals.
    received = models.JSONField(default=list)
    digest = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opening of tenders")
        verbose_name_plural = _("openings of tenders")
        constraints = [
            models.CheckConstraint(condition=~Q(opened_by=models.F("witness")), name="opening_by_two_people"),
        ]

    def __str__(self):
        return f"{self.edition}: {_('opening')}"


class TenderQuerySet(models.QuerySet):
    def for_procurement(self, procurement):
        # The file is read only when it is downloaded.
        return (self.filter(procurement=procurement).select_related("opening__edition", "imported_by")
                .defer("file").order_by("opening", "tenderer"))


@reversion.register()
class Tender(models.Model):
    """One tender as received and, once imported, as its svarsmall answers it:
    every re-import of a corrected file is a new version, with its reason."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="tenders")
    opening = models.ForeignKey(TenderOpening, on_delete=models.PROTECT, related_name="tenders")
    tenderer = LineField(_("tenderer"), max_length=200)
    received_at = models.DateTimeField(_("received"))
    organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    # 0 until its svarsmall is imported; grows with each import.
    version_no = models.PositiveIntegerField(default=0)
    # {number: {"answer", "level", "description", "attachment", "equivalent"}}
    answers = models.JSONField(default=dict, blank=True)
    # The unit prices of the edition's price components, in its order (null where not given).
    unit_prices = models.JSONField(default=list, blank=True)
    # [{"criterion", "requirements", "answer", "comment"}]: the WCAG conformance rows.
    conformance = models.JSONField(default=list, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    file = models.BinaryField(blank=True, default=b"")
    file_sha256 = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    objects = TenderQuerySet.as_manager()

    class Meta:
        ordering = ["tenderer"]
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        constraints = [
            models.UniqueConstraint(fields=["opening", "tenderer"], name="one_tender_per_tenderer"),
            models.CheckConstraint(condition=Q(version_no=0) | ~Q(file_sha256=""), name="imported_tender_has_file"),
        ]

    def __str__(self):
        return self.tenderer

    @property
    def imported(self):
        return self.version_no > 0


@reversion.register()
class ExaminationMark(models.Model):
    """An evaluator's mark of a qualification requirement, ska-krav or
    contract condition for one tender: met or not, with the reason."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="marks")
    number = models.CharField(_("requirement"), max_length=20)
    met = models.BooleanField(_("met"))
    reason = TextField(_("reason"), max_length=2000)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)
    version_no = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["tender", "pk"]
        constraints = [models.UniqueConstraint(fields=["tender", "number"], name="one_mark_per_requirement")]

    def __str__(self):
        return f"{self.tender}: {self.number}"


@reversion.register()
class Clarification(models.Model):
    """A request to a tenderer to clarify or complete its tender (LOU 4 kap.
    9 §), with the tenderer's answer once it came."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="clarifications")
    number = models.CharField(_("requirement"), max_length=20, blank=True)
    request = TextField(_("request"), max_length=5000)
    requested_at = models.DateTimeField(_("sent"))
    answer = TextField(_("answer"), blank=True, max_length=10000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        constraints = [
            models.CheckConstraint(condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                                   name="answered_clarification_has_answer"),
        ]

    def __str__(self):
        return f"{self.tender}: {self.number or '–'}"


@reversion.register()
class Demonstration(models.Model):
    """The protocol of a demonstration of one requirement by one tenderer:
    what was shown, the level reached and the outcome. It counts once a
    second evaluator has signed it; a change takes the second signature away."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="demonstrations")
    number = models.CharField(_("requirement"), max_length=20)
    held_on = models.DateField(_("held on"))
    shown = TextField(_("what was shown"), max_length=5000)
    level = models.PositiveSmallIntegerField(_("level reached (%)"), validators=[MaxValueValidator(100)])
    outcome = TextField(_("outcome"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    second_signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    second_signed_at = models.DateTimeField(null=True, blank=True)
    version_no = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["tender", "number"]
        verbose_name = _("demonstration")
        verbose_name_plural = _("demonstrations")
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="one_demonstration_per_requirement"),
            models.CheckConstraint(condition=~Q(second_signer=models.F("recorded_by")),
                                   name="demonstration_signed_by_two"),
            models.CheckConstraint(condition=Q(level__lte=100), name="demonstration_level_at_most_100"),
        ]

    def __str__(self):
        return f"{self.tender}: {self.number}"

    @property
    def signed(self):
        return self.second_signer_id is not None


class EvaluationRun(models.Model):
    """The frozen evaluation model of the edition run on the tenders: the
    result as stored, with its digest. A changed examination record marks
    every run of the edition out of date, in the same transaction."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="evaluation_runs")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="evaluation_runs")
    ran_at = models.DateTimeField(auto_now_add=True)
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result = models.JSONField()
    digest = models.CharField(max_length=64)
    out_of_date = models.BooleanField(default=False)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("evaluation of tenders")
        verbose_name_plural = _("evaluations of tenders")

    def __str__(self):
        return f"{self.edition}: {self.ran_at:%Y-%m-%d %H:%M}"


class IssuedDocument(models.Model):
    """A document rendered once and kept as issued: its HTML, the tagged PDF
    made from it, and the content digest it prints."""

    html = models.BinaryField()
    pdf = models.BinaryField()
    digest = models.CharField(max_length=64)

    class Meta:
        abstract = True


class AwardDecision(IssuedDocument):
    """The tilldelningsbeslut (LOU 12 kap. 12 §) as sent to every tenderer,
    kept as its bytes; the standstill runs from the day it was sent."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="award_decisions")
    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="award_decision")
    run = models.ForeignKey(EvaluationRun, on_delete=models.PROTECT, related_name="+")
    winner = LineField(_("winning tenderer"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    decided_by_name = LineField(_("decided by"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    sent_on = models.DateField(_("sent electronically on"), null=True, blank=True)

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")

    def __str__(self):
        return f"{self.edition}: {self.winner}"


class IndividualReport(IssuedDocument):
    """The individual report (LOU 12 kap. 14–16 §§) as frozen and sealed."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="individual_reports")
    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="individual_report")
    # What the coordinator completed: what the workbench cannot know.
    completed = models.JSONField(default=dict)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("individual report")
        verbose_name_plural = _("individual reports")

    def __str__(self):
        return f"{self.edition}: {_('individual report')}"


class TenderAccess(models.Model):
    """Who looked at which tender material, and when: kept after the award decision too."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="+")
    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, null=True, blank=True, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=100)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to tenders")
        verbose_name_plural = _("accesses to tenders")

    def __str__(self):
        return f"{self.user}: {self.what}"
