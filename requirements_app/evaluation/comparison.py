"""Comparing tenders by the evaluation model: jämförelsetal, ranking, the
worked example the document states, and the warnings for the working group.

Mervärde (the default): a tender's jämförelsetal is its price minus the
mervärde it earns, each criterion's value times the level reached, in whole
kronor; the lowest jämförelsetal wins. Points: price scores the model's price
points times the lowest price over the tender's price; the total adds each
criterion's value times the level reached; the highest total wins. Ties go to
the model's tie-break, then to lot.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rapidfuzz import fuzz

from .. import scale
from ..amounts import kronor, points_text
from ..catalogue import standards as catalogue
from ..kravgranskning.quality import comparable
from ..models import EvaluationModel, Requirement
from ..permissions import Action, require
from ..writes import write


@dataclass(frozen=True)
class Criterion:
    """A tilldelningskriterium: its number, title, maximum value and scale."""

    number: str
    title: str
    value: int
    area_code: str = ""
    levels: tuple = field(default_factory=lambda: tuple(scale.met_or_not()))
    verification: str = ""  # how the level is established (Requirement.Verification)


@dataclass
class Tender:
    """A tender, real or imagined: its price and the level (per cent) it reaches per criterion."""

    name: str
    price: int
    levels: dict  # criterion number -> percent


@dataclass
class Result:
    tender: Tender
    quality: Decimal  # mervärde in kronor, or quality points
    price_score: Decimal  # points model: the price's points (0 for mervärde)
    comparison: Decimal  # jämförelsetal (mervärde) or total points
    rank: int = 0
    tied: bool = False  # still tied after the tie-break: decided by lot


def criteria_of(items):
    """Criteria from evaluated requirements or edition items (anything with
    number, title, weight, scale and area_code)."""
    return [
        Criterion(item.number, item.title, item.weight or 0, item.area_code, tuple(scale.parse(item.scale)),
                  item.verification)
        for item in items if item.kind == Requirement.Kind.EVALUATED
    ]


def _whole(value, places="1"):
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def evaluate(model, criteria, tenders):
    """Each tender's Result, best first, ranked. `model` is an EvaluationModel or its snapshot dict."""
    settings = model if isinstance(model, dict) else model.snapshot()
    points = settings["method"] == EvaluationModel.Method.POINTS
    places = "0.01" if points else "1"
    lowest = min((t.price for t in tenders), default=0)
    results = []
    for tender in tenders:
        quality = sum(
            (_whole(Decimal(c.value) * tender.levels.get(c.number, 0) / 100, places) for c in criteria), Decimal(0)
        )
        if points:
            price_score = _price_points(settings, tender.price, lowest, places)
            results.append(Result(tender, quality, price_score, price_score + quality))
        else:
            results.append(Result(tender, quality, Decimal(0), Decimal(tender.price) - quality))
    by_quality = settings["tie_break"] == EvaluationModel.TieBreak.HIGHEST_QUALITY

    def order(result):
        # Best first, then the tie-break; what is still equal is drawn by lot.
        return (-result.comparison if points else result.comparison,
                -result.quality if by_quality else result.tender.price)

    results.sort(key=order)
    position = 0
    for _key, equal in groupby(results, key=order):
        equal = list(equal)
        for result in equal:
            result.rank, result.tied = position + 1, len(equal) > 1
        position += len(equal)
    return results


def _price_points(settings, price, lowest, places):
    """The points a price gets: the price points × the reference ÷ the price, at
    most the price points. The reference is the stated reference price
    (absolute), or the lowest tendered price (relative: the default of
    editions frozen before the formula could be chosen)."""
    maximum = Decimal(settings["price_points"])
    absolute = settings.get("price_formula") == EvaluationModel.PriceFormula.ABSOLUTE
    reference = settings.get("reference_price") if absolute else lowest
    if not price:
        return maximum
    return min(maximum, _whole(maximum * reference / price, places))


def decisive(model, criteria, tenders):
    """The criteria that alone decide the winner: without each, another tender
    would win. [(criterion, the tender that would win without it)]."""
    if len(tenders) < 2:
        return []
    winner = evaluate(model, criteria, tenders)[0]
    if winner.tied:
        return []
    found = []
    for criterion in criteria:
        others = [c for c in criteria if c.number != criterion.number]
        first = evaluate(model, others, tenders)[0]
        if first.tender is not winner.tender:
            found.append((criterion, first.tender))
    return found


def model_for(procurement):
    """The procurement's evaluation model (the default one, created on first use)."""
    model, _created = EvaluationModel.objects.get_or_create(procurement=procurement)
    return model


def save_model(membership, fields, comment="", expected_version=None):
    """Save the evaluation model's settings as a new version (coordinator only),
    unless it was saved since `expected_version` (the version the coordinator saw)."""
    require(membership, Action.COORDINATE)
    if fields.get("method") == EvaluationModel.Method.POINTS:
        check_points_scale(fields.get("price_points") or 0, Requirement.objects.for_procurement(
            membership.procurement).live().filter(kind=Requirement.Kind.EVALUATED).values_list("weight", flat=True))

    def lock():
        model_for(membership.procurement)
        return EvaluationModel.objects.select_for_update().get(procurement=membership.procurement)

    def change(locked):
        if all(getattr(locked, name) == value for name, value in fields.items()):
            return False
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.version_no += 1
        locked.full_clean()
        locked.save()

    def stale(locked):
        return ValidationError(_("Someone saved the evaluation model after you opened it. Its settings as saved "
                                 "are shown: make your change again."), code="stale")

    return write(membership, Action.COORDINATE, lock, change, comment or _("Evaluation model changed"),
                 expected_version=expected_version, conflict=stale)


def record_at_freeze(procurement, requirements):
    """The evaluation model as an edition freezes it, for the beslutsunderlag: its version, the expected price
    and warning level (internal), and the warnings shown at freeze."""
    model = model_for(procurement)
    return {"version_no": model.version_no, "expected_price": model.expected_price, "max_share": model.max_share,
            "warnings": [str(warning) for warning in warnings(model, list(requirements.select_related("area")))]}


def check_points_scale(price_points, values):
    """ValidationError unless price points and the criteria's values add up to
    POINTS_TOTAL: the points model publishes one scale, never kronor as points."""
    quality = sum(value or 0 for value in values)
    if price_points + quality != EvaluationModel.POINTS_TOTAL:
        raise ValidationError(
            _("In the points model price and quality share %(total)s points, but price has %(price)s and the award "
              "criteria's values add up to %(quality)s (kept from the mervärde model, they are kronor). Give the "
              "criteria %(left)s points together first, or keep mervärde in kronor.")
            % {"total": EvaluationModel.POINTS_TOTAL, "price": price_points, "quality": points_text(quality),
               "left": EvaluationModel.POINTS_TOTAL - price_points})


def warnings(model, requirements):
    """What the working group should balance before freezing, as sentences."""
    found = []
    criteria = criteria_of(requirements)
    total = sum(c.value for c in criteria)
    if model.method == EvaluationModel.Method.VALUE_ADDED and model.expected_price and criteria:
        limit = model.expected_price * model.max_share / 100
        if total > limit:
            found.append(_("The added values add up to %(total)s, more than %(share)s %% of the expected price "
                           "(%(limit)s): quality could outweigh any difference in price.")
                         % {"total": kronor(total), "share": model.max_share, "limit": kronor(int(limit))})
    if model.method == EvaluationModel.Method.POINTS:
        if model.price_formula == EvaluationModel.PriceFormula.RELATIVE:
            found.append(_("Price points relative to the lowest price can reverse the order of two tenders when a "
                           "third, losing one is added. The absolute formula, against a stated reference price, "
                           "cannot."))
        if model.price_points + total != EvaluationModel.POINTS_TOTAL:
            found.append(_("Price (%(price)s points) and the criteria (%(quality)s) do not add up to %(total)s "
                           "points: the document would state mixed scales.")
                         % {"price": model.price_points, "quality": points_text(total),
                            "total": EvaluationModel.POINTS_TOTAL})
    by_area = {}
    for criterion in criteria:
        by_area.setdefault(criterion.area_code, []).append(criterion)
    for criterion in criteria:
        rest = total - criterion.value
        if len(criteria) > 1 and criterion.value > rest:
            found.append(_("%(number)s alone is worth more than all other criteria together (%(value)s against "
                           "%(rest)s): it decides the award by itself.")
                         % {"number": criterion.number, "value": amount(model, criterion.value),
                            "rest": amount(model, rest)})
        for code, others in by_area.items():
            area_total = sum(c.value for c in others)
            if code != criterion.area_code and criterion.value > area_total:
                found.append(_("%(number)s is worth more than all criteria of %(area)s together (%(value)s against "
                               "%(total)s).") % {"number": criterion.number, "area": code,
                                                  "value": amount(model, criterion.value),
                                                  "total": amount(model, area_total)})
    mandatory = [r for r in requirements if r.kind in Requirement.Kind.checked_at_tender()]
    evaluated = [r for r in requirements if r.kind == Requirement.Kind.EVALUATED]
    # Each requirement's WCAG criteria, read once (not once per pair), from one reading of the catalogue.
    entries = catalogue.current()
    wcag = {r.pk: catalogue.wcag_numbers(r.references, entries) for r in mandatory + evaluated}
    # Statements compared on bounded texts, each folded once, with a cut-off
    # that lets rapidfuzz stop early: 200 × 200 long statements stay cheap.
    texts = {r.pk: comparable(r.statement) for r in mandatory + evaluated}
    for scored in evaluated:
        # The same WCAG criteria (cited, or within a cited level), or nearly the same statement. One warning
        # per criterion, naming every such ska-krav: one per pair grew with their product (250 × 750).
        overlapping = [other.number for other in mandatory if wcag[scored.pk] & wcag[other.pk]
                       or fuzz.token_sort_ratio(texts[scored.pk], texts[other.pk], score_cutoff=90)]
        if overlapping:
            found.append(_("%(evaluated)s rewards what %(mandatory)s already requires: a ska-krav is met by "
                           "every tender, so it cannot also be scored.")
                         % {"evaluated": scored.number, "mandatory": ", ".join(overlapping)})
    return found


def amount(model, value):
    """A value in the model's unit: kronor, or points."""
    method = model["method"] if isinstance(model, dict) else model.method
    if method == EvaluationModel.Method.POINTS:
        return _("%(points)s points") % {"points": points_text(value)}
    return kronor(value)


@dataclass
class Chapter:
    """The document's chapter Utvärdering: the model in words, the criteria, and a worked example."""

    paragraphs: list
    criteria: list  # [(number, title, value as text, scale as text)]
    total: str
    example_intro: str = ""
    example_levels_header: list = field(default_factory=list)  # criterion, then each tender
    example_levels: list = field(default_factory=list)  # [(number, level of A, of B, of C)], as "50 %"
    example: list = field(default_factory=list)  # [(name, price, [price points,] quality, comparison, rank)]
    example_outcome: str = ""
    example_header: list = field(default_factory=list)  # the columns, named for the model


ESTABLISHED = {
    Requirement.Verification.CONFIRM: gettext_lazy("from the tender's answer"),
    Requirement.Verification.DESCRIBE: gettext_lazy("from the tender's description"),
    Requirement.Verification.ATTACH: gettext_lazy("from what the tender attaches"),
    Requirement.Verification.DEMONSTRATE: gettext_lazy("at a demonstration"),
    Requirement.Verification.TESTED: gettext_lazy("by the authority's own test"),
}


def _levels_text(criterion):
    levels = "; ".join(f"{level.percent}\u00a0%: {level.meaning}" for level in criterion.levels)
    if criterion.verification in ESTABLISHED:
        levels += ". " + _("Established %(how)s.") % {"how": ESTABLISHED[criterion.verification]}
    return levels


def chapter(settings, criteria):
    """The chapter Utvärdering for a model snapshot and the edition's criteria,
    in the active language (Swedish when the document is drawn)."""
    Basis, Method = EvaluationModel.Basis, EvaluationModel.Method
    points = settings["method"] == Method.POINTS
    paragraphs = [{
        Basis.PRICE_QUALITY: _("The contract is awarded to the tender that is economically most advantageous for the "
                               "contracting authority on the basis of the best price-quality ratio (LOU 16 kap. 1 §)."),
        Basis.PRICE: _("The contract is awarded to the tender with the lowest price (LOU 16 kap. 1 §). No award "
                       "criteria are scored."),
        Basis.COST: _("The contract is awarded to the tender with the lowest cost (LOU 16 kap. 1 §). No award "
                      "criteria are scored."),
    }[settings["basis"]]]
    if settings["basis"] != Basis.PRICE_QUALITY:
        return Chapter(paragraphs, [], "")
    if points:
        if settings.get("price_formula") == EvaluationModel.PriceFormula.ABSOLUTE:
            price_rule = _("Price and quality share %(total)s points: price at most %(points)s, the award criteria at "
                           "most %(quality)s. A tender gets %(points)s × %(reference)s ÷ its price in price points, at "
                           "most %(points)s; its points depend on its own price only.") % {
                "total": EvaluationModel.POINTS_TOTAL, "points": settings["price_points"],
                "quality": EvaluationModel.POINTS_TOTAL - settings["price_points"],
                "reference": kronor(settings["reference_price"] or 0)}
        else:
            price_rule = _("Price and quality share %(total)s points: price at most %(points)s, the award criteria at "
                           "most %(quality)s. The lowest tendered price gets %(points)s points; any other tender gets "
                           "%(points)s × the lowest price ÷ its price.") % {
                "total": EvaluationModel.POINTS_TOTAL, "points": settings["price_points"],
                "quality": EvaluationModel.POINTS_TOTAL - settings["price_points"]}
        paragraphs += [
            price_rule,
            _("Each award criterion gives at most the points stated below, times the level the tender reaches. "
              "Total = price points + quality points, to two decimals. The tender with the highest total wins."),
        ]
    else:
        paragraphs += [
            _("Quality is valued in kronor, as added value (mervärde): each award criterion below is worth at most "
              "the amount stated. What a tender earns is deducted from its tendered price to give its comparison "
              "figure (jämförelsetal). The deduction is fictive: the tendered price is what the contract costs."),
            _("Jämförelsetal = tendered price − the sum of the added value earned. Added value earned for a criterion "
              "= the criterion's value × the level the tender reaches, rounded to whole kronor. The tender with the "
              "lowest jämförelsetal wins."),
        ]
    paragraphs.append(_("A criterion without a scale is met or not met (0 or 100 per cent of its value). A graded criterion "
                        "is scored at the highest level of its scale that the tender fully meets: a level met only in "
                        "part counts as the level below. Each level says what it means."))
    paragraphs.append(_("The level is established as each criterion states below: from the tender's answer and what it "
                        "attaches, at a demonstration, or by the authority's own assessment or test."))
    paragraphs.append({
        EvaluationModel.TieBreak.LOWEST_PRICE: _(
            "If two or more tenders are equal, the one with the lowest tendered price wins. If they are still equal, "
            "the winner is drawn by lot, with a witness present."),
        EvaluationModel.TieBreak.HIGHEST_QUALITY: _(
            "If two or more tenders are equal, the one that earned the most for quality wins. If they are still "
            "equal, the winner is drawn by lot, with a witness present."),
    }[settings["tie_break"]])
    rows = [(c.number, c.title, amount(settings, c.value), _levels_text(c)) for c in criteria]
    result = Chapter(paragraphs, rows, amount(settings, sum(c.value for c in criteria)))
    if criteria:
        _worked_example(result, settings, criteria)
    return result


def example_tenders(criteria, price):
    """Three imagined tenders for the worked example, priced around `price`
    and not from the criteria's values, so that no outcome is given in advance:
    A 10 per cent dearer and meeting every criterion fully, B 10 per cent
    cheaper and meeting none, C at `price` and in between (the middle level of
    a graded criterion; every other criterion not met, then met, in turn)."""
    middle = {c.number: c.levels[len(c.levels) // 2].percent if len(c.levels) > 2 else (0 if i % 2 == 0 else 100)
              for i, c in enumerate(criteria)}
    return [
        Tender(_("Tender A"), price * 11 // 10, {c.number: 100 for c in criteria}),
        Tender(_("Tender B"), price * 9 // 10, {}),
        Tender(_("Tender C"), price, middle),
    ]


def _worked_example(result, settings, criteria):
    price = settings.get("example_price", EvaluationModel.EXAMPLE_PRICE)
    tenders = example_tenders(criteria, price)
    points = settings["method"] == EvaluationModel.Method.POINTS
    result.example_intro = _("A worked example with three imagined tenders around %(price)s (not a forecast of prices). "
                             "Tender A is 10 per cent dearer and meets every criterion fully, tender B is 10 per cent "
                             "cheaper and meets none, tender C reaches the levels below:") % {"price": kronor(price)}
    result.example_levels_header = [_("Award criterion"), *(t.name for t in tenders)]
    result.example_levels = [
        (c.number, *(f"{t.levels.get(c.number, 0)}\u00a0%" for t in tenders)) for c in criteria
    ]
    ranked = evaluate(settings, criteria, tenders)
    if points:  # no "mervärde" or "jämförelsetal" in a points model
        result.example_header = [_("Tender"), _("Tendered price"), _("Price points"), _("Quality points"),
                                 _("Total points"), _("Rank")]
    else:
        result.example_header = [_("Tender"), _("Tendered price"), _("Earned for quality"), _("Comparison figure"),
                                 _("Rank")]
    for r in sorted(ranked, key=lambda r: r.tender.name):
        middle = [points_text(r.price_score)] if points else []
        quality = points_text(r.quality) if points else amount(settings, r.quality)
        comparison = points_text(r.comparison) if points else amount(settings, r.comparison)
        result.example.append((r.tender.name, kronor(r.tender.price), *middle, quality, comparison, str(r.rank)))
    first = ranked[0]
    result.example_outcome = (
        _("%(name)s wins, with the lowest jämförelsetal. As in the evaluation, the added value earned is rounded to "
          "whole kronor for each criterion.") if not points else
        _("%(name)s wins, with the highest total. As in the evaluation, points are rounded to two decimals.")
    ) % {"name": first.tender.name}
