"""The catalogue of standards and laws, and reading a requirement's references
against it.

A requirement's `references` stay one text, a reference a line, versioned with
the rest. Each line is either a citation of the catalogue ("WCAG 2.1 1.4.3",
"EN 301 549 kap. 9", "Barnkonventionen art. 12 och 13", "GDPR art. 6–7",
"Lag (2018:1937) 12 §"), which must name something the catalogue holds, or free
text ("Offentlighets- och sekretesslagen 40 kap. 3 §"). The citations are
stored as `Citation` rows for coverage, renewed on every save.
"""

import functools
import json
from pathlib import Path

from django.core.exceptions import ValidationError

from .. import bulk

# Reading a reference lives with the entries it reads (a requirement's validation
# needs it); the views, forms and imports reach it through this module.
from ..models.catalogue import (  # noqa: F401  (re-exported)
    Catalogue, check_references, citing_lines, current, lines, pinned, whole_level,
)

DATA = Path(__file__).parent.parent / "data"
UNDERSTANDING = "https://www.w3.org/WAI/WCAG{version}/Understanding/{slug}"
LAW_URL = "https://www.riksdagen.se/sv/dokument-och-lagar/?doktyp=sfs&q={number}"
CRC_URL = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/_sfs-2018-1197/"
GDPR_URL = "https://eur-lex.europa.eu/legal-content/SV/TXT/?uri=CELEX:32016R0679"
# W3C's erratum of 2023 to WCAG 2.1 (and 2.0), in the note under 4.1.1.
PARSING_NOTE = ("Rättelse från W3C 2023: kriteriet ska anses alltid uppfyllt för innehåll i HTML eller XML. "
                "I WCAG 2.2 är det borttaget.")
# SFS 2018:1197 gives the articles numbers, not titles: our texts summarise them.
CRC_NOTE = "Sammanfattning, inte lagtext."
# Short names people use for the laws of the catalogue.





def cited(text, catalogue=None):
    """The entries `text` cites; lines the catalogue cannot resolve are left out."""
    found = []
    for _line, entries in named_references(text, catalogue):
        found.extend(e for e in entries if e not in found)
    return found


def named_references(text, catalogue=None):
    """Each reference line with the catalogue entries it names: [(line,
    [entry])]; free text and lines the catalogue cannot resolve name nothing."""
    citing = set(citing_lines(text))
    if citing:
        catalogue = catalogue or current()
    named = []
    for line in lines(text):
        entries = []
        if line in citing:
            try:
                entries = [e for e in catalogue.resolve(line) if e is not None]
            except ValidationError:
                pass
        named.append((line, entries))
    return named


def link(requirements, prepared=None):
    """Store the citations of these requirements anew, read from their
    references (`prepared`: each one's cited entries, read beforehand)."""
    from ..models import Citation

    if prepared is None:
        catalogue = current()
        prepared = [cited(r.references, catalogue) for r in requirements]
    Citation.objects.filter(requirement__in=[r.pk for r in requirements]).delete()
    bulk.insert(Citation(requirement=r, entry=entry) for r, entries in zip(requirements, prepared) for entry in entries)


def catalogue_rows():
    """Every entry of the catalogue as field dicts: WCAG from W3C's wcag.json
    (unmodified, beside its notice), the rest from our catalogue.json."""
    wcag = json.loads((DATA / "wcag.json").read_text("utf-8"))
    ours = json.loads((DATA / "catalogue.json").read_text("utf-8"))
    rows, order = [], 0

    def add(**fields):
        nonlocal order
        order += 1
        rows.append({"level": "", "url": "", "note": "", "wcag": None, "order": order, **fields})

    for version, source in (("2.1", "wcag21"), ("2.2", "wcag22")):
        slug_version = version.replace(".", "")
        add(source=source, kind="whole", number="", title=f"Web Content Accessibility Guidelines {version}",
            url=f"https://www.w3.org/TR/WCAG{slug_version}/")
        for level in ("A", "AA", "AAA"):
            add(source=source, kind="level", number=level, level=level,
                title=f"All success criteria at level {level} and below")
        for principle in wcag["principles"]:
            for guideline in principle["guidelines"]:
                for criterion in guideline["successcriteria"]:
                    if version not in criterion["versions"]:
                        continue
                    # 4.1.1 Parsing has no level in the file, whose handle says what 2.2 did:
                    # in 2.1 it is still level A, always met by HTML and XML since the erratum.
                    level = criterion["level"] or "A"
                    slug = criterion["id"].split(":", 1)[1]
                    title, note = criterion["handle"], ""
                    if criterion["num"] == "4.1.1":
                        title, note = "Parsing", PARSING_NOTE
                    add(source=source, kind="part", number=criterion["num"], level=level, title=title, note=note,
                        url=UNDERSTANDING.format(version=slug_version, slug=slug))
    add(source="en301549", kind="whole", number="", title="EN 301 549 V3.2.1 (2021-03)")
    for clause in ours["en301549"]:
        add(source="en301549", kind="part", number=clause["number"], title=clause["title"])
    for row in [r for r in rows if r["source"] == "wcag21" and r["kind"] == "part" and r["level"] != "AAA"]:
        # Clause 9.x.y.z is WCAG 2.1's x.y.z, one to one, for levels A and AA only:
        # the AAA criteria are merely recommended (9.5), and their numbers are void.
        add(source="en301549", kind="part", number=f"9.{row['number']}", level=row["level"], title=row["title"],
            note=row["note"], wcag=row["number"])
    add(source="crc", kind="whole", number="", title="FN:s konvention om barnets rättigheter", url=CRC_URL)
    for article in ours["crc"]:
        add(source="crc", kind="part", number=article["number"], title=article["title"], url=CRC_URL, note=CRC_NOTE)
    add(source="gdpr", kind="whole", number="", title="Dataskyddsförordningen (EU) 2016/679", url=GDPR_URL)
    for article in ours["gdpr"]:
        add(source="gdpr", kind="part", number=article["number"], title=article["title"], url=GDPR_URL)
    for law in ours["laws"]:
        add(source="law", kind="part", number=law["number"], title=law["title"],
            url=LAW_URL.format(number=law["number"]))
    return rows


def load(CatalogueEntry=None):
    """Bring the catalogue in the database up to date with the data files: new
    entries added, changed ones updated, those no longer there removed.
    (`CatalogueEntry` is given by a migration, as the model was then.)"""
    if CatalogueEntry is None:
        from ..models import CatalogueEntry
    # The fields the model has (a migration's model may lack later ones); the
    # row's "wcag" is a criterion number, linked below.
    names = {f.name for f in CatalogueEntry._meta.concrete_fields} - {"id", "wcag"}
    rows = [{**{k: v for k, v in row.items() if k in names}, "wcag": row["wcag"]} for row in catalogue_rows()]
    # An entry no longer in the data never existed in its source (EN 301 549 has
    # no clause for a AAA criterion): it goes, and with it the citations read
    # from references that named it, which a save now refuses.
    keys = {(row["source"], row["number"]) for row in rows}
    existing = {(e.source, e.number): e for e in CatalogueEntry.objects.all()}
    stale = [e.pk for key, e in existing.items() if key not in keys]
    CatalogueEntry.objects.filter(pk__in=stale).delete()
    fresh = [CatalogueEntry(**{k: v for k, v in row.items() if k != "wcag"})
             for row in rows if (row["source"], row["number"]) not in existing]
    CatalogueEntry.objects.bulk_create(fresh)
    entries = {(e.source, e.number): e for e in CatalogueEntry.objects.all()}
    changed = []
    for row in rows:
        entry = entries[(row["source"], row["number"])]
        wcag = entries[("wcag21", row["wcag"])] if row["wcag"] else None
        new = {**{k: v for k, v in row.items() if k != "wcag"}, "wcag_id": wcag.pk if wcag else None}
        if any(getattr(entry, k) != v for k, v in new.items()):
            for k, v in new.items():
                setattr(entry, k, v)
            changed.append(entry)
    CatalogueEntry.objects.bulk_update(changed, sorted(names - {"source", "number"}) + ["wcag"])
    return len(fresh), len(changed) + len(stale)


def wcag_levels(text, catalogue=None):
    """The (WCAG version, level) pairs `text` cites as a whole level."""
    from ..models import CatalogueEntry

    levels = []
    for entry in cited(text, catalogue):
        level = whole_level(entry)
        pair = level and ("2.2" if level[0] == CatalogueEntry.Source.WCAG22 else "2.1", level[1])
        if pair and pair not in levels:
            levels.append(pair)
    return levels


def draft(entry):
    """A ska-krav draft citing `entry` (a WCAG criterion or level, or an EN 301 549
    clause 9.x), for the working group to edit: the requirement form's initial data."""
    from ..models import CatalogueEntry, Requirement

    if entry.source == CatalogueEntry.Source.EN301549 and entry.wcag_id:
        entry = entry.wcag
    version = "2.2" if entry.source == CatalogueEntry.Source.WCAG22 else "2.1"
    # EN 301 549 V3.2.1 requires WCAG 2.1 A and AA (clause 9): its report proves
    # those, and nothing WCAG 2.2 added or a AAA criterion asks.
    in_en = version == "2.1" and (entry.number != "AAA" if entry.kind == CatalogueEntry.Kind.LEVEL
                                  else entry.level != "AAA")
    if in_en:
        verifikat = ("En granskningsrapport enligt EN 301 549 V3.2.1 av en oberoende granskare, gjord på den "
                     "erbjudna lösningen, som visar att kraven är uppfyllda, eller likvärdigt underlag.")
    else:
        tested = ("kriterierna mot WCAG {version} och dess metod för att bedöma överensstämmelse och visar att de är "
                  "uppfyllda" if entry.kind == CatalogueEntry.Kind.LEVEL else
                  "kriteriet mot WCAG {version} och dess metod för att bedöma överensstämmelse och visar att det är "
                  "uppfyllt").format(version=version)
        verifikat = (f"En granskningsrapport av en oberoende granskare, gjord på den erbjudna lösningen, som prövar "
                     f"{tested}, eller likvärdigt underlag. "
                     "En rapport enligt EN 301 549 V3.2.1 räcker inte: den omfattar WCAG 2.1 nivå A och AA.")
    if entry.kind == CatalogueEntry.Kind.LEVEL:
        levels = " och ".join(("A", "AA", "AAA")[: ("A", "AA", "AAA").index(entry.number) + 1])
        title = f"WCAG {version} nivå {entry.number}"
        statement = f"Webbplatsen ska uppfylla samtliga framgångskriterier på nivå {levels} i WCAG {version}"
        references = [f"WCAG {version} nivå {entry.number}"]
        if in_en:
            statement += " enligt EN 301 549 V3.2.1 kapitel 9"
            references.insert(0, "EN 301 549 kap. 9")
    else:
        swedish = swedish_names().get(entry.number)
        if swedish:  # ours: W3C has no authorised Swedish WCAG 2.2
            title = f"{swedish} (WCAG {version} {entry.number})"
            name = f"{entry.title}, på svenska ”{swedish}” i inofficiell översättning"
        else:
            title = f"Framgångskriterium {entry.number} i WCAG {version}"
            name = entry.title
        statement = f"Webbplatsen ska uppfylla framgångskriterium {entry.number} ({name}) på nivå {entry.level} i WCAG {version}"
        references = [f"WCAG {version} {entry.number}"]
        if in_en:
            statement += f" enligt EN 301 549 V3.2.1 avsnitt 9.{entry.number}"
            references.insert(0, f"EN 301 549 9.{entry.number}")
    return {
        "title": title, "statement": statement + ", eller likvärdigt.", "kind": Requirement.Kind.MANDATORY,
        "verification": Requirement.Verification.ATTACH, "verifikat": verifikat, "references": "\n".join(references),
    }


@functools.cache
def swedish_names():
    """Our unofficial Swedish names of the criteria WCAG 2.2 added, by number."""
    names = json.loads((DATA / "catalogue.json").read_text("utf-8"))["wcag_swedish_names"]
    return {number: name for number, name in names.items() if not number.startswith("_")}


def wcag_numbers(text, catalogue=None):
    """The WCAG success criteria (numbers) `text` requires, one by one or
    through a whole level."""
    catalogue = catalogue or current()
    return set().union(*(catalogue.wcag_reach(entry)[0] for entry in cited(text, catalogue)))
