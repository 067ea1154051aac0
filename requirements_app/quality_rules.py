"""Kravgranskning's rules: each with a stable code, a severity, a Swedish
message, an explanation and its source; and the words and patterns they look
for. A coordinator adds words per procurement (`RuleTerm`, in the admin)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    # The values are kravgranskning's Swedish words, stored in findings and
    # dismissals; the labels are what a reader sees, in their language.
    ERROR = "FEL", _("error")
    WARNING = "VARNING", _("warning")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str
    explanation: str
    source: str
    # Whether a coordinator can add words to it (RuleTerm).
    extensible: bool = False

    @property
    def severity_label(self):
        """"error" or "warning", in the reader's language."""
        return Severity(self.severity).label


RULES = {rule.code: rule for rule in [
    Rule("VAGUE", Severity.WARNING, _("Imprecise word"),
         _("Words like “användarvänlig”, “snabb” or “vid behov” mean different things to each reader, so no tender "
           "can be checked against them. Say what is meant: a number, a limit, a standard or a test."),
         _("LOU 4 kap. 1 § (the principle of openness: every supplier must understand the requirements alike); "
           "Upphandlingsmyndigheten, Att formulera krav"), True),
    Rule("EXAMPLE", Severity.WARNING, _("Example in binding text"),
         _("“Till exempel” and “bland annat” in a requirement leave open what is required: is the example the minimum, "
           "or one choice among many? Name everything that is required, or move the example to the rationale."),
         _("LOU 4 kap. 1 § (equal treatment, transparency); Upphandlingsmyndigheten, Att formulera krav"), True),
    Rule("MULTI", Severity.WARNING, _("More than one requirement"),
         _("A statement with two obligations cannot be answered with one yes or no, and a tender that meets half of it "
           "is hard to judge. Split it into one requirement each."),
         _("Upphandlingsmyndigheten, Att formulera krav (one requirement – one thing)")),
    Rule("MODAL", Severity.ERROR, _("Modal verb against the requirement type"),
         _("A ska-krav says “ska”, a bör-krav says “bör”: “ska” in a bör-krav makes it read as mandatory, “bör” in a "
           "ska-krav makes it read as optional, and a tenderer cannot tell which was meant. (“Skall” is a matter of "
           "style: TERM suggests “ska”.)"),
         _("Språklagen 11 § (cultivated, simple and comprehensible); Myndigheternas skrivregler; Upphandlingsmyndigheten")),
    Rule("AFTER_AWARD", Severity.ERROR, _("Can only be checked after award"),
         _("A ska-krav is a ground for rejecting a tender, so it must be possible to check when the tenders are "
           "examined. What can only be shown after the award (a test before launch, an audit, an activity during the "
           "project) cannot reject a tender: make it a särskilt kontraktsvillkor with a follow-up. A service level "
           "during the contract is different: see SERVICE_LEVEL."),
         _("LOU 4 kap. 1 § (equal treatment, openness); LOU 17 kap. 1 § (special contract conditions)"), True),
    Rule("SERVICE_LEVEL", Severity.WARNING, _("A service level: say how it is followed up"),
         _("A service level during the contract (“åtgärda fel av prioritet 1 inom fyra timmar”) is an ordinary "
           "ska-krav: the tenderer confirms it in the tender, and it is followed up under the contract. Keep it a "
           "ska-krav, and say in the contract terms how it is measured and what a breach costs (for example vite)."),
         _("LOU 4 kap. 1 § (openness); Upphandlingsmyndigheten, Avtalsuppföljning")),
    Rule("BRAND", Severity.ERROR, _("Product or trademark without “eller likvärdigt”"),
         _("A requirement on what is bought may name a product, trademark or named service only when what is bought "
           "cannot otherwise be described clearly enough, and then followed by “eller likvärdigt”. A system the "
           "authority already has, that what is bought must work with, is another matter: see INTEGRATION."),
         "LOU 9 kap. 6 §", True),
    Rule("INTEGRATION", Severity.WARNING, _("A system to work with: say why"),
         _("Naming the authority's own installed system that what is bought must integrate with is motivated by "
           "what is bought, and “eller likvärdigt” means nothing there: no supplier can integrate with an equivalent. "
           "Name the system, and say in the rationale that it is the authority's own and why the integration is "
           "needed, so that every supplier can price it."),
         _("LOU 9 kap. 6 § (a reference justified by what is being procured)")),
    Rule("LIKVARDIGT", Severity.WARNING, _("“Eller likvärdigt” with nothing to be equivalent to"),
         _("“Eller likvärdigt” belongs after a standard, a technical reference or a product. Attached to a description "
           "of a function it makes the requirement unclear: equivalent to what?"),
         "LOU 9 kap. 4 och 6 §§"),
    Rule("STANDARD", Severity.WARNING, _("A standard without “eller likvärdigt”"),
         _("A technical specification that refers to a standard (WCAG, EN 301 549, an ISO standard) is followed by "
           "“eller likvärdigt”, so that a tenderer can show that it meets the requirement in another way."),
         "LOU 9 kap. 4 §"),
    Rule("KIND", Severity.WARNING, _("Requirement on the supplier or on what is bought, in the wrong type"),
         _("A kvalificeringskrav is about the supplier (its capacity, experience, certificates) and is checked before "
           "the tenders are compared; a ska-krav is about what is bought. A certificate or years of experience in a "
           "ska-krav, or the website's function in a kvalificeringskrav, is checked at the wrong time and in the wrong "
           "way."),
         _("LOU 14 kap. 1 § (qualification requirements); LOU 9 kap. (technical specifications)")),
    Rule("TURNOVER", Severity.WARNING, _("Turnover above twice the estimated value"),
         _("A requirement on the supplier's yearly turnover may be at most twice the contract's estimated value, "
           "unless there are special reasons, which the procurement documents must state. A higher demand shuts out "
           "suppliers who could do the work."),
         "LOU 14 kap. 3 §"),
    Rule("SCALE", Severity.WARNING, _("A graded award criterion without a scale"),
         _("A bör-krav that is met more or less (“ju fler”, “i vilken grad”) needs a scale that says what each level "
           "gives and how it is established; without one, no tenderer knows what its answer is worth."),
         _("LOU 4 kap. 1 § (openness); LOU 16 kap. (award of contracts)")),
    Rule("CONTAINED", Severity.WARNING, _("Already required by another requirement"),
         _("Every success criterion this requirement cites is already required by another requirement that cites its "
           "whole level. The tender answers it twice, and the two may drift apart: keep one, or make the difference "
           "explicit."),
         _("The catalogue of standards (WCAG levels); Upphandlingsmyndigheten, Att formulera krav")),
    Rule("MEASURE", Severity.WARNING, _("Nothing to check against"),
         _("A ska-krav needs something to check a tender against: a number, a limit, a standard, or a verifikat that "
           "says what the tenderer shows."),
         "LOU 9 kap. 1 §; Upphandlingsmyndigheten, Verifiera krav"),
    Rule("REF", Severity.ERROR, _("Reference not in the catalogue, or off topic"),
         _("A reference must name something that exists (the catalogue of standards and laws) and fit what the "
           "requirement is about: GDPR art. 22, for instance, concerns automated decisions with legal effects."),
         _("LOU 9 kap. 2 §; DIGG, EN 301 549; the GDPR")),
    Rule("TERM", Severity.WARNING, _("Term not as defined"),
         _("The tender document uses one term for each party and thing, as its definitions say, and the current legal "
           "terms: “ska”, “upphandlingsdokument”, “uppgiftsminimering”."),
         _("LOU 1 kap. 22 § (procurement documents); the GDPR's Swedish text (art. 5.1 c); Myndigheternas skrivregler"),
         True),
    Rule("DUPLICATE", Severity.WARNING, _("Near-duplicate"),
         _("Two requirements that say nearly the same thing are answered and evaluated twice, and may drift apart. "
           "Keep one, or make the difference explicit."),
         "Upphandlingsmyndigheten, Att formulera krav"),
    Rule("RATIONALE", Severity.WARNING, _("Rationale empty, repeats the insight or is unrelated"),
         _("A rationale says why the requirement answers its insight. One without content (“Behövs.”, “Se ovan.”) "
           "or that only repeats or copies the insight adds nothing; one that shares nothing with it or with the "
           "requirement may be attached to the wrong requirement."),
         _("The workbench's traceability (the workshop of 2016-04-15)")),
]}

# Imprecise adjectives (inflected: snabb, snabbt, snabba, snabbare …) and phrases.
VAGUE_WORDS = [
    "användarvänlig", "enkel", "smidig", "intuitiv", "snabb", "modern", "flexibel", "effektiv", "tydlig",
    "lämplig", "anpassad", "god", "bra", "relevant", "attraktiv", "optimal", "rimlig", "tillräcklig", "lättanvänd",
    "lättillgänglig", "inbjudande", "trevlig", "stabil", "robust", "säker", "professionell", "snygg",
]
VAGUE_PHRASES = [
    "vid behov", "om möjligt", "i möjligaste mån", "så långt möjligt", "så långt som möjligt", "och/eller", "etc",
    "osv", "med mera", "m.m.", "på ett bra sätt", "i rimlig tid", "med flera", "m.fl.",
]
# "så kort laddningstid som möjligt", "så snabbt som möjligt": no limit at all.
AS_POSSIBLE_PATTERN = r"\bså\s+(?:\w+\s+){1,3}?som\s+möjligt\b"
EXAMPLE_PHRASES = ["till exempel", "t.ex.", "t ex", "t.ex", "bland annat", "bl.a.", "bl a", "såsom", "exempelvis"]
AFTER_AWARD_PHRASES = [
    "före driftstart", "efter driftstart", "innan driftstart", "vid driftstart", "före driftsättning",
    "efter driftsättning", "under avtalstiden", "under kontraktstiden", "under avtalsperioden", "löpande",
    "under utvecklingen", "under införandet", "efter leverans", "vid leverans", "efter avtalsstart",
    "efter tilldelning", "efter avtalets ingående", "under projektet", "åtgärda", "åtgärdar", "åtgärdas",
]
BRANDS = [
    "Google", "Facebook", "Instagram", "YouTube", "Youtube", "TikTok", "Microsoft", "Windows", "Apple", "iOS",
    "iPhone", "iPad", "Android", "Chrome", "Safari", "Firefox", "BankID", "Freja", "Spotify", "Storytel",
    "BookBeat", "Libby", "OverDrive", "Elib", "Axiell", "Quria", "Koha", "WordPress", "Drupal", "EPiServer",
    "Optimizely", "Sitevision", "Adobe", "Acrobat", "Zoom", "Slack", "Vimeo", "Matomo", "Siteimprove",
    "ReadSpeaker", "Mailchimp", "Salesforce", "Oracle", "Cloudflare",
]
# Something "eller likvärdigt" can refer to, besides a catalogue citation or a brand.
STANDARD_PATTERN = (
    r"\b(?:WCAG|EN\s?\d+|ISO(?:/IEC)?\s?\d+|SS(?:-EN)?\s?\d+|EPUB|PDF/UA|PDF|DAISY|HTML\s?5?|iCalendar|RSS|"
    r"OAI-PMH|MARC|Dublin Core|JSON|XML|CSV|OpenAPI|OAuth|SAML|OpenID|TLS|standard(?:en|er|erna)?)\b"
)
# Word -> the term to use (inflections follow: förfrågningsunderlaget -> upphandlingsdokumentet).
TERMS = {
    "dataminimering": "uppgiftsminimering",
    "skall": "ska",
    "måste": "ska",
    "förfrågningsunderlag": "upphandlingsdokument",
    "personuppgiftsansvarig leverantör": "personuppgiftsbiträde",
    "kravställare": "upphandlande myndighet",
}
MODAL_VERBS = ("ska", "skall", "måste", "bör", "borde")
# A second action joined by "och" (…granska och åtgärda…), or by "samt".
SECOND_ACTION_VERBS = [
    "åtgärda", "radera", "rapportera", "leverera", "dokumentera", "utbilda", "underhålla", "uppdatera", "genomföra",
    "granska", "redovisa", "ansvara", "tillhandahålla", "testa", "installera", "migrera", "rätta",
]
# Words that set a limit, besides digits ("i högst tre steg").
LIMIT_WORDS = [
    "högst", "minst", "senast", "maximalt", "minimalt", "inom", "endast", "enbart", "alla", "samtliga", "varje",
    "inga", "ingen", "inget", "aldrig", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
]

# What a catalogue entry is about: a requirement citing it should mention one of these.
TOPICS = {
    "GDPR art. 5": ["personuppgift", "uppgiftsminimering", "ändamål", "lagring", "sparas", "spara", "minimer"],
    "GDPR art. 6": ["samtycke", "rättslig grund", "laglig grund", "personuppgift", "lånehistorik", "behandl"],
    "GDPR art. 7": ["samtycke", "samtyck", "återkall"],
    "GDPR art. 8": ["barn", "samtycke", "vårdnadshavare"],
    "GDPR art. 12": ["information", "klar", "begriplig"],
    "GDPR art. 13": ["information", "personuppgift"],
    "GDPR art. 15": ["tillgång", "registerutdrag", "sina uppgifter"],
    "GDPR art. 16": ["rättelse", "rätta"],
    "GDPR art. 17": ["radera", "radering", "bortglömd", "ta bort"],
    "GDPR art. 20": ["dataportabilitet", "exportera", "flytta", "portabel"],
    "GDPR art. 21": ["invänd", "invändning"],
    "GDPR art. 22": ["automatiserat beslut", "automatiska beslut", "automatiserade beslut", "profilering",
                     "rättslig verkan", "rättsliga följder"],
    "GDPR art. 25": ["inbyggt dataskydd", "dataskydd som standard", "standardinställning", "förval"],
    "GDPR art. 28": ["personuppgiftsbiträde", "biträdesavtal"],
    "GDPR art. 30": ["register över behandling", "registerföring", "förteckning"],
    "GDPR art. 32": ["säkerhet", "kryptering", "behörighet", "åtkomst", "skydd"],
    "GDPR art. 33": ["incident"],
    "GDPR art. 34": ["incident"],
    "GDPR art. 35": ["konsekvensbedömning"],
    "GDPR art. 44": ["tredjeland", "överföring", "utanför EU", "EU/EES"],
    "1.1.1": ["textalternativ", "alt-text", "alternativtext", "bild", "ikon", "icke-text"],
    "1.2.2": ["undertext", "textning", "textad", "video"],
    "1.2.3": ["syntolkning", "video"],
    "1.2.5": ["syntolkning"],
    "1.3.1": ["struktur", "rubrik", "tabell", "lista", "semantisk", "kod"],
    "1.4.3": ["kontrast", "färg"],
    "1.4.4": ["förstor", "zoom", "textstorlek", "storlek"],
    "1.4.10": ["mobil", "omflöd", "skärmbredd", "320", "rullning", "scroll"],
    "1.4.11": ["kontrast", "färg"],
    "2.1.1": ["tangentbord"],
    "2.1.2": ["tangentbord", "fälla", "fastna"],
    "2.2.1": ["tidsgräns", "tid", "utloggning", "session"],
    "2.4.1": ["hoppa", "genväg", "navigering"],
    "2.4.2": ["sidtitel", "titel", "rubrik"],
    "2.4.4": ["länk"],
    "2.4.6": ["rubrik", "etikett"],
    "2.4.7": ["fokus"],
    "3.1.1": ["språk"],
    "3.1.2": ["språk"],
    "3.3.1": ["fel", "felmeddelande", "formulär"],
    "3.3.2": ["etikett", "instruktion", "formulär", "fält"],
    "4.1.2": ["namn", "roll", "skärmläsare", "hjälpmedel", "komponent"],
}

# A ska-krav is about the supplier rather than what is bought when it asks for these.
SUPPLIER_PATTERN = (
    r"\b(?:års\s+erfarenhet|år\s+av\s+erfarenhet|erfarenhet\s+av|referensuppdrag|referenser\s+från|"
    r"certifier(?:ad|at|ade|ing)|certifikat|omsättning|kreditvärdighet|"
    r"ansvarsförsäkring|anställda|konsulter(?:na)?\s+ska\s+ha)\b"
)
# What a kvalificeringskrav about the object starts with.
OBJECT_SUBJECTS = ("webbplatsen", "lösningen", "systemet", "tjänsten", "plattformen", "sökfunktionen", "appen")
# Before a named system, these make it one to work with rather than one to buy.
INTEGRATION_PATTERN = (
    r"\b(?:integr\w*|samverka\w*|kommunicera\w*|kopplas?\s+(?:till|mot|ihop)|anslut\w*|"
    r"hämta\w*\s+(?:\w+\s+){0,3}från|via\s+(?:\w+\s+){0,2}(?:API|gränssnitt)|befintlig\w*|nuvarande|dagens|"
    r"installerad\w*)\b"
)
# A service level: a limit in time or availability on what happens during the contract.
SERVICE_LEVEL_PATTERN = (
    r"\b(?:inom|senast|högst)\s+(?:\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|tolv|tjugofyra)\s+"
    r"(?:minut\w*|timm\w*|arbetsdag\w*|dag\w*|veck\w*|månad\w*)\b|\b\d+(?:[,.]\d+)?\s?%\s+(?:av\s+)?(?:tid|"
    r"tillgänglig|drifttid|upptid)|\btillgänglighet\w*\s+(?:på\s+)?(?:minst\s+)?\d+(?:[,.]\d+)?\s?%"
)
# A bör-krav met more or less, which wants a scale.
GRADED_PATTERN = r"\bju\s+\w+|\bi\s+(?:vilken|hög|högre|så\s+hög)\s+grad\b|\bgraderas\b|\bså\s+många\b"
# A rationale with no content of its own.
EMPTY_RATIONALES = ("behövs", "viktigt", "se ovan", "självklart", "enligt ovan", "nödvändigt", "bra att ha", "krav",
                    "ja", "se insikt", "se insikten", "se workshop", "önskemål", "saknas", "-", "x")
# A yearly turnover demand and its amount: "en årsomsättning på minst 20 miljoner kronor".
TURNOVER_PATTERN = (
    r"omsättning\w*\b[^.]{0,80}?(\d+(?:[ \u00a0.]\d{3})*(?:,\d+)?)\s*(miljoner|miljon|mnkr|msek|mkr|tkr|kkr|kr|"
    r"kronor|sek)\b"
)
AMOUNT_UNITS = {"miljoner": 1_000_000, "miljon": 1_000_000, "mnkr": 1_000_000, "msek": 1_000_000, "mkr": 1_000_000,
                "tkr": 1_000, "kkr": 1_000, "kr": 1, "kronor": 1, "sek": 1}
