"""Evaluating the tenders with the edition's frozen evaluation model (the
same arithmetic as the document's worked example: evaluation.evaluate), the
award decision with its standstill, and the individual report."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import scale
from ..deliberation import declarations
from ..documents import seal
from ..evaluation import comparison as evaluation, price_model
from ..models import AwardDecision, EvaluationRun, IndividualReport, Tender
from ..permissions import Action, require
from ..writes import write
from ..tender_period import calendar
from . import documents
from .examination import EXAMINED
from .receiving import lock_undecided, not_decided

# What the individual report needs that the workbench cannot know: the
# coordinator writes it (LOU 12 kap. 14–16 §§, as Upphandlingsmyndigheten's
# page "Innehåll i individuell rapport och dokumentationsplikt" lists them).
REPORT_FIELDS = ("address", "contract_value", "subcontracting", "conflict_measures", "other")


def _number(value):
    """A Decimal as JSON: an int when whole."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _levels(tender, criteria, items, demonstrations):
    """{criterion number: (percent, evidence)}: a signed demonstration's level, else the tender's own claim."""
    found = {}
    for criterion in criteria:
        protocol = demonstrations.get((tender.pk, criterion.number))
        if protocol is not None:
            if not protocol.signed:
                raise ValidationError(_("The demonstration protocol of %(number)s for %(tenderer)s is not signed by a "
                                        "second evaluator.") % {"number": criterion.number,
                                                                "tenderer": tender.tenderer})
            found[criterion.number] = (protocol.level, _("demonstration %(date)s") % {
                "date": protocol.held_on.isoformat()})
            continue
        answer = tender.answers.get(criterion.number, {})
        if scale.parse(items[criterion.number].scale) != scale.met_or_not() or answer.get("level") is not None:
            found[criterion.number] = (answer.get("level") or 0, _("the tender's stated level"))
        else:
            found[criterion.number] = (100 if answer.get("answer") == "Ja" else 0, _("the tender's answer"))
    return found


def compute(edition, tenders):
    """The evaluation of `tenders` (with marks and demonstrations prefetched)
    under the edition's frozen model, as a JSON-ready dict. ValidationError
    while an examined requirement of a tender is unmarked."""
    if "evaluation" not in edition.context:
        raise ValidationError(_("This edition was frozen before the evaluation model: it cannot be evaluated here."))
    if not tenders:
        raise ValidationError(_("No tenders are opened for this edition."))
    items = {item.number: item for item in edition.items.all()}
    settings = edition.context["evaluation"]
    criteria = evaluation.criteria_of(items.values())
    components = edition.context.get("price_model") or []
    demonstrations = {(t.pk, d.number): d for t in tenders for d in t.demonstrations.all()}
    examined = [item for item in items.values() if item.kind in EXAMINED]
    unmarked, rows, compared = [], [], []
    for tender in tenders:
        if not tender.imported:
            unmarked.append(_("%(tenderer)s: the svarsmall is not imported.") % {"tenderer": tender.tenderer})
            continue
        marks = {m.number: m for m in tender.marks.all()}
        missing = [item.number for item in examined if item.number not in marks]
        if missing:
            unmarked.append(_("%(tenderer)s: %(numbers)s not examined.") % {"tenderer": tender.tenderer,
                                                                            "numbers": ", ".join(missing)})
            continue
        reasons = [f"{item.number}: {marks[item.number].reason}" for item in examined if not marks[item.number].met]
        prices = [None if p is None else Decimal(p) for p in tender.unit_prices[:len(components)]]
        unpriced = [c["label"] for c, p in zip(components, prices) if c["evaluated"] and p is None]
        if unpriced:
            reasons.append(_("No price is given for %(labels)s.") % {"labels": ", ".join(unpriced)})
        row = {"tenderer": tender.tenderer, "organisationsnummer": tender.organisation_number,
               "version": tender.version_no, "rejected": bool(reasons), "reasons": reasons, "price": None,
               "quality_value": None, "price_points": None, "comparison": None, "rank": None, "tied": False,
               "price_lines": [{"label": c["label"], "quantity": c["quantity"], "evaluated": c["evaluated"],
                                "unit_price": None if p is None else _number(p),
                                "sum": None if p is None else _number(p * c["quantity"])}
                               for c, p in zip(components, prices)],
               "levels": [], "examination": [
                   {"number": item.number, "kind": item.kind, "answer": tender.answers.get(item.number, {}).get(
                       "answer", ""), "met": marks[item.number].met, "reason": marks[item.number].reason}
                   for item in examined]}
        rows.append(row)
        if not reasons:
            levels = _levels(tender, criteria, items, demonstrations)
            compared.append((row, evaluation.Tender(tender.tenderer, price_model.evaluation_price(components, prices),
                                                    {n: level for n, (level, _e) in levels.items()}), levels))
    if unmarked:
        raise ValidationError(unmarked)
    results = {r.tender.name: r for r in evaluation.evaluate(settings, criteria, [t for _r, t, _l in compared])}
    points = settings["method"] == "points"
    for row, tender, levels in compared:
        result = results[tender.name]
        row.update(price=_number(tender.price), quality_value=_number(result.quality),
                   price_points=_number(result.price_score) if points else None,
                   comparison=_number(result.comparison), rank=result.rank, tied=result.tied)
        row["levels"] = [{"number": c.number, "title": c.title, "value": c.value, "level": levels[c.number][0],
                          "evidence": levels[c.number][1],
                          "earned": _number(Decimal(c.value) * levels[c.number][0] / 100)} for c in criteria]
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["tenderer"]))
    return {"edition": edition.label, "model": settings, "price_formula": price_model.formula_text(components),
            "criteria": [{"number": c.number, "title": c.title, "value": c.value} for c in criteria], "tenders": rows}


def tenders_of(edition):
    """The edition's tenders with what the evaluation reads, in three queries."""
    return list(Tender.objects.filter(opening__edition=edition).select_related("opening").defer("file")
                .prefetch_related("marks", "demonstrations").order_by("tenderer"))


def run(membership, edition):
    """Evaluate the edition's tenders now and store the result with its digest."""
    require(membership, Action.EVALUATE, edition.procurement_id)
    not_decided(edition.procurement)

    def change(evaluation_run):
        evaluation_run.result = compute(edition, tenders_of(edition))
        evaluation_run.digest = seal.sha256(seal.canonical(evaluation_run.result))
        evaluation_run.save()

    # A run is a record of its own: no revision.
    return write(membership, Action.EVALUATE, lambda: EvaluationRun(
        procurement=edition.procurement, edition=edition, ran_by=membership.user), change,
        procurement_id=edition.procurement_id, revise=False)


def summary(result):
    """The JSON the evaluate_tenders command prints: one object per tenderer."""
    keys = ("tenderer", "organisationsnummer", "rejected", "reasons", "price", "quality_value", "comparison", "rank")
    return [{key: row[key] for key in keys} for row in result["tenders"]]


def latest_run(edition):
    return EvaluationRun.objects.filter(edition=edition).order_by("-ran_at", "-pk").first()


def decide(membership, evaluation_run, decided_on, decided_by_name, lot_winner=""):
    """Record the award decision on an up-to-date evaluation (coordinator and
    evaluator) and render the tilldelningsbeslut every tenderer receives. When
    the first place is tied after the tie-break, `lot_winner` names who won the draw."""
    require(membership, Action.COORDINATE, message=_("The coordinator records the award decision."))
    require(membership, Action.EVALUATE)
    edition = evaluation_run.edition
    _current(evaluation_run)
    first = [row for row in evaluation_run.result["tenders"] if row["rank"] == 1]
    if not first:
        raise ValidationError(_("No tender remains after the examination: there is no one to award the contract."))
    if len(first) > 1:
        names = [row["tenderer"] for row in first]
        if lot_winner not in names:
            raise ValidationError(_("%(names)s are equal after the tie-break: draw lots, with a witness, and say who "
                                    "won the draw.") % {"names": ", ".join(names)})
        winner = lot_winner
    else:
        winner = first[0]["tenderer"]
    if not decided_by_name.strip():
        raise ValidationError(_("Say who made the award decision (name and position)."))
    def undecided():
        lock_undecided(edition.procurement_id)
        _current(EvaluationRun.objects.get(pk=evaluation_run.pk))  # examined again while this waited for the lock?
        return AwardDecision(procurement=edition.procurement, edition=edition, run=evaluation_run, winner=winner,
                             decided_on=decided_on, decided_by_name=decided_by_name.strip(),
                             recorded_by=membership.user)

    def change(decision):
        # The digest the document prints: of what it decides, from the evaluation it rests on.
        decision.digest = seal.sha256(seal.canonical({"edition": edition.label, "evaluation": evaluation_run.digest,
                                                      "winner": winner, "decided_on": decided_on.isoformat()}))
        decision.html, decision.pdf = documents.render_award_decision(
            edition, evaluation_run.result, winner, decided_on, lot=len(first) > 1, digest=decision.digest)
        decision.save()

    # The decision is an issued document, stored as it went out: no revision.
    return write(membership, Action.COORDINATE, undecided, change, procurement_id=edition.procurement_id,
                 revise=False, message=_("The coordinator records the award decision."))


def _current(evaluation_run):
    if evaluation_run.out_of_date or evaluation_run != latest_run(evaluation_run.edition):
        raise ValidationError(_("The examination changed after this evaluation: run the evaluation again first."))


def mark_sent(membership, decision, sent_on):
    """Record the day the award decision was sent electronically to every tenderer: the standstill runs from it."""
    def change(locked):
        if locked.sent_on is not None:
            raise ValidationError(_("The day it was sent is recorded already."))
        if sent_on < locked.decided_on:
            raise ValidationError(_("A decision is sent on or after the day it was made."))
        locked.sent_on = sent_on
        locked.save(update_fields=["sent_on"])

    write(membership, Action.COORDINATE,
          lambda: AwardDecision.objects.select_for_update().defer("html", "pdf").get(pk=decision.pk), change,
          procurement_id=decision.procurement_id, revise=False)
    decision.sent_on = sent_on
    return decision


def standstill(decision):
    """(last day of the standstill, first day a contract may be signed), or None until it is sent."""
    return calendar.standstill(decision.sent_on) if decision.sent_on else None


def report_facts(decision):
    """What the workbench knows for the individual report."""
    edition = decision.edition
    procurement = edition.procurement
    return {
        "authorities": [party["legal_name"] for party in edition.context.get("parties", [])],
        "subject": edition.context["procurement"]["name"],
        "description": edition.context["procurement"].get("description", ""),
        "reference": edition.context["procurement"].get("reference", ""),
        "procedure": str(procurement.get_procedure_display()) if procurement.procedure else "",
        "edition": edition.label,
        "tenders": decision.run.result["tenders"],
        "winner": decision.winner,
        "decided_on": decision.decided_on.isoformat(),
        "declarations": [d for d in declarations.snapshot(procurement) if d["has_interest"]],
    }


def freeze_report(membership, decision, completed):
    """Freeze and seal the individual report: what the workbench knows and
    what the coordinator completed. Every field must be written ("–" where nothing applies)."""
    completed = {key: (completed.get(key) or "").strip() for key in REPORT_FIELDS}
    missing = [key for key, value in completed.items() if not value]
    if missing:
        raise ValidationError(_("Complete every part of the report (write “–” where nothing applies)."))
    require(membership, Action.COORDINATE, decision.procurement_id)  # before the facts are gathered
    facts = report_facts(decision)

    def unfrozen():
        AwardDecision.objects.select_for_update().defer("html", "pdf").get(pk=decision.pk)  # one freeze at a time
        if IndividualReport.objects.filter(edition=decision.edition).exists():
            raise ValidationError(_("The individual report is frozen already."))
        return IndividualReport(procurement=decision.procurement, edition=decision.edition, completed=completed,
                                frozen_by=membership.user)

    def change(report):
        # Like an edition's content digest: of what the report says, printed in it.
        report.digest = seal.sha256(seal.canonical({"facts": facts, "completed": completed}))
        report.html, report.pdf = documents.render_report(facts, completed, report.digest)
        report.save()

    # Frozen once, as issued: no revision.
    return write(membership, Action.COORDINATE, unfrozen, change, procurement_id=decision.procurement_id,
                 revise=False)

