"""Kravgranskning's rules: each with a stable code, a severity, a Swedish
message, an explanation and its source; and the words and patterns they look
for. A coordinator adds words per procurement (`RuleTerm`, in the admin)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
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


RULES = {rule.code: rule for rule in [
    Rule("VAGUE", Severity.WARNING, _("Imprecise word"),
         _("Words like “användarvänlig”, “snabb” or “vid behov” mean different things to each reader, so no tender "
           "can be checked against them. Say what is meant: a number, a limit, a standard or a test."),
         "LOU 9 kap. 1 § (kraven ska vara klara och tydliga); Upphandlingsmyndigheten, Att formulera krav", True),
    Rule("EXAMPLE", Severity.WARNING, _("Example in binding text"),
         _("“Till exempel” and “bland annat” in a requirement leave open what is required: is the example the minimum, "
           "or one choice among many? Name everything that is required, or move the example to the rationale."),
         "LOU 4 kap. 1 § (likabehandling, transparens); Upphandlingsmyndigheten, Att formulera krav", True),
    Rule("MULTI", Severity.WARNING, _("More than one requirement"),
         _("A statement with two obligations cannot be answered with one yes or no, and a tender that meets half of it "
           "is hard to judge. Split it into one requirement each."),
         "Upphandlingsmyndigheten, Att formulera krav (ett krav – en sak)"),
    Rule("MODAL", Severity.ERROR, _("Wrong modal verb"),
         _("A ska-krav says “ska”, a bör-krav says “bör”. “Skall” and “måste” are not used; “ska” in a bör-krav makes "
           "it read as mandatory, “bör” in a ska-krav makes it read as optional."),
         "Språklagen 11 § (vårdat, enkelt och begripligt); Myndigheternas skrivregler; Upphandlingsmyndigheten"),
    Rule("AFTER_AWARD", Severity.ERROR, _("Can only be met after award"),
         _("A ska-krav is checked when the tenders are evaluated. What happens before or after launch, during the "
           "contract, or as a remedy cannot be checked then: make it a särskilt kontraktsvillkor with a follow-up."),
         "LOU 17 kap. 1 § (särskilda kontraktsvillkor); LOU 16 kap.", True),
    Rule("BRAND", Severity.ERROR, _("Product or trademark without “eller likvärdigt”"),
         _("A requirement may name a product, trademark or named service only when there is no other way to describe "
           "the need, and then followed by “eller likvärdigt”."),
         "LOU 9 kap. 4 §", True),
    Rule("LIKVARDIGT", Severity.WARNING, _("“Eller likvärdigt” with nothing to be equivalent to"),
         _("“Eller likvärdigt” belongs after a standard, a technical reference or a product. Attached to a description "
           "of a function it makes the requirement unclear: equivalent to what?"),
         "LOU 9 kap. 2–4 §§"),
    Rule("MEASURE", Severity.WARNING, _("Nothing to check against"),
         _("A ska-krav needs something to check a tender against: a number, a limit, a standard, or a verifikat that "
           "says what the tenderer shows."),
         "LOU 9 kap. 1 §; Upphandlingsmyndigheten, Verifiera krav"),
    Rule("REF", Severity.ERROR, _("Reference not in the catalogue, or off topic"),
         _("A reference must name something that exists (the catalogue of standards and laws) and fit what the "
           "requirement is about: GDPR art. 22, for instance, concerns automated decisions with legal effects."),
         "LOU 9 kap. 2 §; DIGG, EN 301 549; the GDPR"),
    Rule("TERM", Severity.WARNING, _("Term not as defined"),
         _("The tender document uses one term for each party and thing, as its definitions say, and the current legal "
           "terms: “ska”, “upphandlingsdokument”, “uppgiftsminimering”."),
         "LOU 1 kap. 22 § (upphandlingsdokument); the GDPR's Swedish text (art. 5.1 c); Myndigheternas skrivregler",
         True),
    Rule("DUPLICATE", Severity.WARNING, _("Near-duplicate"),
         _("Two requirements that say nearly the same thing are answered and evaluated twice, and may drift apart. "
           "Keep one, or make the difference explicit."),
         "Upphandlingsmyndigheten, Att formulera krav"),
    Rule("RATIONALE", Severity.WARNING, _("Rationale repeats the insight or is unrelated"),
         _("A rationale says why the requirement answers its insight. One that only repeats the insight adds nothing; "
           "one that shares nothing with it or with the requirement may be attached to the wrong requirement."),
         "The workbench's traceability (the workshop of 2016-04-15)"),
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
