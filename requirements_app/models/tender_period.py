"""The tender period's records: suppliers' questions with their answers, the
numbered batches that publish answers to everyone, and the decisions that
extend the tender deadline."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..text import LineField, TextField
from .core import Procurement
from .requirement import Requirement


class AnswerBatch(models.Model):
    """"Frågor och svar N": answers published together to every supplier,
    kept as the bytes that went out."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="answer_batches")
    number = models.PositiveIntegerField(_("number"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pdf = models.BinaryField()
    html = models.BinaryField()

    class Meta:
        ordering = ["number"]
        verbose_name = _("batch of answers")
        verbose_name_plural = _("batches of answers")
        constraints = [
            models.UniqueConstraint(fields=["procurement", "number"], name="one_batch_per_number"),
        ]

    def __str__(self):
        return f"{self.procurement} – {_('Questions and answers')} {self.number}"


class QuestionQuerySet(models.QuerySet):
    def for_procurement(self, procurement):
        # A requirement's number reads its area.
        requirements = models.Prefetch("requirements", queryset=Requirement.objects.select_related("area"))
        return (self.filter(procurement=procurement).select_related("approved_by", "drafted_by", "batch")
                .prefetch_related(requirements).order_by("number"))

    def unpublished(self):
        return self.filter(batch__isnull=True)


@reversion.register(follow=[])
class Question(models.Model):
    """A supplier's question, registered by the coordinator as it came in
    through the e-procurement system, and its answer."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="questions")
    number = models.PositiveIntegerField(_("number"))
    received_at = models.DateTimeField(_("received"))
    # Internal, never on a public page or document: answers go to everyone without naming who asked.
    asker = LineField(_("asked by (organisation)"), max_length=200,
                      help_text=_("Kept internal: never shown to suppliers."))
    text = TextField(_("question"), max_length=5000,
                     help_text=_("As it will be published: leave out anything that tells who asked."))
    requirements = models.ManyToManyField(Requirement, blank=True, related_name="questions",
                                          verbose_name=_("requirements it concerns"))
    # The document sections it concerns, by kind (DocumentSection.Kind).
    sections = models.JSONField(_("sections it concerns"), default=list, blank=True)
    answer = TextField(_("answer"), blank=True, max_length=10000)
    # Grows with every saved answer text: an approval is of one version.
    answer_version = models.PositiveIntegerField(default=0, editable=False)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    approved_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    # Why it was approved although the identity check found something.
    approval_note = TextField(blank=True, max_length=1000)
    # A published answer never changes: a revised answer is a new question that points to it.
    revises = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions",
                                verbose_name=_("revises the answer to"))
    batch = models.ForeignKey(AnswerBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="questions")
    # What may tell who asked ([kind, word], identity.py), stored whenever the
    # question, its answer or the document's words change; unpublished questions only.
    identity = models.JSONField(default=list, blank=True, editable=False)
    # A requirement the answer refers to changed after the answer was written.
    suspect_since = models.DateTimeField(null=True, blank=True)
    suspect_reason = models.CharField(max_length=300, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["procurement", "number"], name="one_question_per_number"),
            # Only an approved answer is published, and an approval is of the answer as it stands.
            models.CheckConstraint(condition=Q(batch__isnull=True) | Q(approved_version__isnull=False),
                                   name="published_answer_is_approved"),
            models.CheckConstraint(condition=Q(approved_version__isnull=True) | Q(approved_version=models.F(
                "answer_version")), name="approval_is_of_the_current_answer"),
        ]

    def __str__(self):
        return f"{_('Question')} {self.number}"

    @property
    def is_approved(self):
        return self.approved_version is not None


class DeadlineExtension(models.Model):
    """A decision to move the tender deadline, with its reason: the only way
    the deadline moves once an edition is published."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="deadline_extensions")
    previous_deadline = models.DateTimeField(_("previous tender deadline"))
    new_deadline = models.DateTimeField(_("new tender deadline"))
    reason = TextField(_("reason"), max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.CheckConstraint(condition=Q(new_deadline__gt=models.F("previous_deadline")),
                                   name="extension_moves_the_deadline_later"),
        ]

    def __str__(self):
        return f"{self.previous_deadline:%Y-%m-%d} → {self.new_deadline:%Y-%m-%d}"
