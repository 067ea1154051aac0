"""What each audience's document shows, chosen once from an edition.

The public/internal border lives here. The upphandlingsdokument (PDF, its
HTML twin) and the svarsmall are made from a `PublicDocument`, which holds
only what suppliers may read: no member names, votes, tallies, dissent,
comments, insights or workshop notes, and no rationale (it points at the
workshop). The beslutsunderlag is made from an `InternalRecord`. The renderers
show what they are given and decide nothing about audience.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from ..evaluation import comparison as evaluation
from ..evaluation.price_model import formula_text
from ..language import language_of
from ..models import Requirement
from .tender_terms import public_terms


@dataclass(frozen=True)
class PublicItem:
    """One requirement as suppliers read it."""

    number: str
    area_code: str
    title: str
    statement: str
    kind: str
    weight: int | None
    scale: str
    verification: str
    verifikat: str
    follow_up: str
    references: str
    version_no: int
    status: str
    # "at most 150 000 kr" (or points) when the edition has an evaluation model.
    value_text: str = ""

    def reference_list(self):
        return [line.strip() for line in self.references.splitlines() if line.strip()]

    def references_with_language(self):
        """[(line, "en" or "")]: each reference with its language, for `lang`."""
        return [(line, language_of(line)) for line in self.reference_list()]

    @property
    def verifikat_label(self):
        """A contract condition is accepted by tendering: what it asks to be shown is information only."""
        if self.kind == Requirement.Kind.CONTRACT_CONDITION:
            return _("Verifikat (for information: the condition is accepted by tendering)")
        return _("Verifikat")

    @property
    def verification_label(self):
        return Requirement.Verification(self.verification).label

    @property
    def status_label(self):
        return Requirement.Status(self.status).label

    @property
    def names_a_standard_or_product(self):
        """Whether a supplier may offer an equivalent ("eller likvärdigt"): the
        requirement cites a standard or product, or says so itself."""
        return bool(self.references.strip()) or "likvärdig" in self.statement.lower()


@dataclass
class Chapter:
    """The requirements of one kind, by area (an area's introduction describes)."""

    kind: str
    title: str
    introduction: str
    areas: list  # [(area dict, [PublicItem])]

    @property
    def items(self):
        return [item for _area, items in self.areas for item in items]


@dataclass
class PublicDocument:
    procurement: dict
    label: str
    edition_date: date
    draft: bool
    publication: bool  # frozen for publication: else marked as a remiss edition (or a draft)
    sections: list  # [{"kind", "title", "text"}] in document order
    definitions: list  # [{"term", "meaning", "role"}]
    chapters: list  # [Chapter] in LOU order, empty kinds left out
    # The chapter Utvärdering (evaluation.Chapter); None for an edition frozen
    # before the workbench had an evaluation model (it showed bare weights).
    evaluation: object = None
    # Parties, procedure, dates, secrecy (tender_terms.PublicTerms); None for an
    # edition frozen before the workbench held them.
    terms: object = None
    # A correction's "Ändringar sedan Utgåva X": {"since", "items": [{where, what, before, after}]}; else None.
    changes: dict | None = None
    # The edition's content digest (editions.content_digest), printed at the end; "" for a draft.
    digest: str = ""
    # The price components (terms.price_snapshot) and the utvärderingspris formula; empty before they were kept.
    price_model: list = field(default_factory=list)
    price_formula: str = ""

    @property
    def items(self):
        return [item for chapter in self.chapters for item in chapter.items]

    def evaluated_items(self):
        return [item for item in self.items if item.kind == Requirement.Kind.EVALUATED]


@dataclass
class InternalRecord:
    procurement: dict
    label: str
    edition_date: date
    draft: bool
    traceability: list  # [(insight dict, [numbers])]
    decisions: list  # [(item, decision dict)]
    previous_label: str
    change_log: dict
    authorship: list  # [(number, title, author, proposed_by, recorded_by)]
    items: list = field(default_factory=list)
    # Kravgranskning at freeze: [{number, code, severity, message, status, reason, by}];
    # None for a draft, or an edition frozen before it was recorded.
    review: list | None = None
    # An edition published despite kravgranskning's errors: {"reason", "overridden": [messages]}.
    publication_override: dict | None = None
    # The award criteria: [(number, title, value as text, the reasoning behind the value)].
    criteria: list = field(default_factory=list)
    # The parties with their contacts, and every term with the estimated value
    # and the threshold's source (terms.snapshot); empty before they were held.
    parties: list = field(default_factory=list)
    terms: dict = field(default_factory=dict)
    # The questions so far and the deadline decisions (_tender_period in editions); None before it was kept.
    tender_period: dict | None = None
    # A correction: its changes, each rated, and its eForms fields and decision; else None.
    changes: dict | None = None
    correction: dict | None = None
    digest: str = ""
    # Who decided the publication, with the delegation it rests on; None for a remiss edition.
    adopted: dict | None = None
    # Declarations of interest (declarations.snapshot); None before they were kept.
    declarations: list | None = None
    # The evaluation model at freeze: version, expected price, warnings (evaluation.record_at_freeze).
    evaluation_record: dict | None = None


# The chapters of the public document, in the order LOU has them read.
CHAPTER_KINDS = [
    Requirement.Kind.QUALIFICATION,
    Requirement.Kind.MANDATORY,
    Requirement.Kind.EVALUATED,
    Requirement.Kind.CONTRACT_CONDITION,
    Requirement.Kind.OPTION,
]


def digest_text(digest):
    """The sentence each document of a frozen edition ends with."""
    return _("Content digest (SHA-256) of this edition: %(digest)s. The same edition's files all state it; its "
             "manifest lists each file's own checksum.") % {"digest": digest}


def chapter_texts():
    """(title, what the chapter means for a tender) per kind, in Swedish when drawn."""
    return {
        Requirement.Kind.QUALIFICATION: (
            _("Qualification requirements"),
            # "Utesluts" is for the exclusion grounds; a tenderer who fails these is not qualified.
            _("Requirements on the tenderer. A tenderer who does not meet every qualification requirement is not "
              "qualified, and its tender is not evaluated."),
        ),
        Requirement.Kind.MANDATORY: (
            _("Mandatory requirements"),
            _("Requirements on what is bought, checked when the tenders are opened. A tender that does not meet every "
              "mandatory requirement is rejected."),
        ),
        Requirement.Kind.EVALUATED: (
            _("Evaluated requirements (award criteria)"),
            _("Not required. Each is evaluated as the chapter on the evaluation says. A bör-krav the tenderer says it "
              "meets becomes an obligation under the contract: it is followed up during the contract, with the "
              "sanctions the contract terms set."),
        ),
        Requirement.Kind.CONTRACT_CONDITION: (
            _("Special contract conditions"),
            _("Obligations of the supplier during the contract. The tenderer accepts them by submitting a tender, and a "
              "tender with reservations against them is rejected. The contracting authority follows them up during "
              "the contract as each condition says."),
        ),
        Requirement.Kind.OPTION: (
            _("Options"),
            _("What the contracting authority may call off later. The tenderer prices each option in the tender."),
        ),
    }


def _public_item(item, settings=None):
    value = (_("at most %(value)s") % {"value": evaluation.amount(settings, item.weight)}
             if settings and item.weight else "")
    return PublicItem(value_text=value,
        number=item.number, area_code=item.area_code, title=item.title, statement=item.statement, kind=item.kind,
        weight=item.weight, scale=item.scale, verification=item.verification, verifikat=item.verifikat, follow_up=item.follow_up,
        references=item.references, version_no=item.version_no, status=item.status,
    )


def _evaluation_chapter(data):
    """The chapter Utvärdering; with a price model, it says the price compared is the utvärderingspris."""
    if "evaluation" not in data.context:
        return None
    chapter = evaluation.chapter(data.context["evaluation"], evaluation.criteria_of(data.items))
    formula = formula_text(data.context.get("price_model", []))
    if formula:
        chapter.paragraphs.insert(1, _("The price compared is the utvärderingspris, made from the price model "
                                       "(the section Prismodell): %(formula)s") % {"formula": formula})
    return chapter


def public_document(data):
    """The upphandlingsdokument of a TenderData: only what suppliers may read."""
    texts = chapter_texts()
    chapters = []
    for kind in CHAPTER_KINDS:
        areas = []
        for area, items in data.items_by_area():
            chosen = [_public_item(item, data.context.get("evaluation")) for item in items if item.kind == kind]
            if chosen:
                areas.append(({"code": area["code"], "name": area["name"], "description": area["description"]}, chosen))
        if kind == Requirement.Kind.QUALIFICATION and areas:
            # Requirements on the tenderer, not on what is bought: one list, without the areas' headings.
            areas = [({"code": "", "name": "", "description": ""}, [item for _area, items in areas for item in items])]
        if areas:
            title, introduction = texts[kind]
            chapters.append(Chapter(kind=kind, title=title, introduction=introduction, areas=areas))
    procurement = data.context["procurement"]
    return PublicDocument(
        procurement={"name": procurement["name"], "reference": procurement["reference"],
                     "organisation": procurement["organisation"]},
        label=data.label, edition_date=data.edition_date, draft=data.draft, publication=data.publication,
        sections=[{"kind": s["kind"], "title": s["title"], "text": s["text"]} for s in data.context.get("sections", [])],
        definitions=list(data.context.get("definitions", [])), chapters=chapters,
        evaluation=_evaluation_chapter(data),
        terms=public_terms(data.context),
        changes=({"since": data.context["changes"]["since"],
                  "items": [{key: change[key] for key in ("where", "what", "before", "after")}
                            for change in data.context["changes"]["items"]]}
                 if data.context.get("changes") else None),
        digest=data.digest,
        price_model=list(data.context.get("price_model", [])),
        price_formula=formula_text(data.context.get("price_model", [])),
    )


def internal_record(data):
    """The beslutsunderlag of a TenderData: traceability, decisions, changes, who did what."""
    return InternalRecord(
        procurement=dict(data.context["procurement"]), label=data.label, edition_date=data.edition_date,
        draft=data.draft, traceability=data.traceability(),
        decisions=[(item, item.decision) for item in data.items if item.decision],
        previous_label=data.previous_label, change_log=data.change_log() if data.previous_label else {},
        authorship=[
            (item.number, item.title, (item.authorship or {}).get("author", ""),
             (item.authorship or {}).get("proposed_by", ""), (item.decision or {}).get("recorded_by", ""))
            for item in data.items
        ],
        items=list(data.items),
        review=data.context.get("review"),
        publication_override=data.context.get("publication_override"),
        criteria=[
            (item.number, item.title,
             evaluation.amount(data.context["evaluation"], item.weight or 0) if data.context.get("evaluation")
             else str(item.weight or 0), item.value_reason)
            for item in data.items if item.kind == Requirement.Kind.EVALUATED
        ],
        parties=list(data.context.get("parties", [])), terms=dict(data.context.get("terms", {})),
        tender_period=data.context.get("tender_period"),
        changes=data.context.get("changes"), correction=data.context.get("correction"), digest=data.digest,
        adopted=data.context.get("adopted"), declarations=data.context.get("declarations"),
        evaluation_record=data.context.get("evaluation_record"),
    )
