"""Reading a requirement's stored versions (django-reversion) and comparing two."""

import re

from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import Indel
from reversion.models import Version

from .models import Insight, Requirement

TEXT_FIELDS = ("title", "statement", "rationale", "verifikat", "follow_up", "references", "scale", "value_reason",
               "basis")
# Fields an old version may lack: empty text, not None (they are not nullable).
BLANK_FIELDS = (*TEXT_FIELDS, "basis_kind")
CHOICE_FIELDS = {
    "kind": Requirement.Kind,
    "verification": Requirement.Verification,
    "status": Requirement.Status,
    "basis_kind": Requirement.Basis,
}
TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")
# Past this many tokens on a side the diff says "the whole text was replaced".
# rapidfuzz's bit-parallel LCS is O(N·M/64), so this bound is never near at the
# fields' length limits (5,000 characters); it guards text stored some other way.
MAX_DIFF_TOKENS = 50_000


def requirement_versions(requirement):
    """The stored versions of a requirement, newest first, with who saved them."""
    return Version.objects.get_for_object(requirement).select_related("revision__user")


def version_content(version):
    """The fields of one stored version, insights as a sorted list of pks."""
    data = version.field_dict
    # A field added after the version was stored reads as empty text.
    content = {name: data.get(name, "" if name in BLANK_FIELDS else None) for name in Requirement.CONTENT_FIELDS}
    content["status"] = data.get("status")
    content["status_label"] = display("status", content["status"])
    content["version_no"] = data.get("version_no")
    content["insights"] = sorted(int(pk) for pk in data.get("insights", []))
    return content


def version_rows(requirement):
    """Each stored version with its content, newest first: what history pages list.
    A row that changed only the status (a revision, not a new version) is marked
    `status_change`, so the version number is not repeated as if it were new."""
    rows = [{"version": version, "content": version_content(version)} for version in requirement_versions(requirement)]
    for newer, older in zip(rows, rows[1:]):
        newer["status_change"] = newer["content"]["version_no"] == older["content"]["version_no"]
    return rows


def current_content(requirement):
    """The same shape as `version_content`, read from the live object."""
    content = requirement.content()
    content["status"] = requirement.status
    content["version_no"] = requirement.version_no
    content["insights"] = sorted(requirement.insights.values_list("pk", flat=True))
    return content


def word_diff(old, new):
    """Split two texts into (op, text) runs: "equal", "delete" or "insert", word by word.

    A lone space between two changed words joins them, so "vara snabb" reads as
    one change rather than two.
    """
    old_tokens = TOKEN_RE.findall(old or "")
    new_tokens = TOKEN_RE.findall(new or "")
    if max(len(old_tokens), len(new_tokens)) > MAX_DIFF_TOKENS:
        return [run for run in (("delete", old or ""), ("insert", new or "")) if run[1]]
    # An insert/delete-only diff (longest common subsequence) over word tokens,
    # bit-parallel: milliseconds where difflib took minutes ("a a a…" against "b b b…").
    opcodes = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
               for op in Indel.opcodes(old_tokens, new_tokens)]
    groups = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        is_gap = op == "equal" and index < len(opcodes) - 1 and not "".join(old_tokens[a1:a2]).strip()
        if groups and groups[-1][0] == "change" and (op != "equal" or is_gap):
            groups[-1][2], groups[-1][4] = a2, b2
        else:
            groups.append(["equal" if op == "equal" else "change", a1, a2, b1, b2])
    runs = []
    for op, a1, a2, b1, b2 in groups:
        if op == "equal":
            runs.append(("equal", "".join(old_tokens[a1:a2])))
            continue
        if a2 > a1:
            runs.append(("delete", "".join(old_tokens[a1:a2])))
        if b2 > b1:
            runs.append(("insert", "".join(new_tokens[b1:b2])))
    return runs


def display(name, value):
    """A field's value as a person reads it in a change: a label for a choice, "–" for nothing."""
    if value in (None, ""):
        return "–"
    if name in CHOICE_FIELDS:
        try:
            return CHOICE_FIELDS[name](value).label
        except ValueError:
            return value
    return str(value)


def compare(old, new):
    """What changed between two contents: word diffs of the texts and before/after
    pairs for the other fields (only those that differ)."""
    labels = {f.name: f.verbose_name for f in Requirement._meta.get_fields() if hasattr(f, "verbose_name")}
    texts = [
        {"label": labels[name], "runs": word_diff(old[name], new[name]), "changed": old[name] != new[name]}
        for name in TEXT_FIELDS
    ]
    fields = [
        {"label": labels[name], "old": display(name, old[name]), "new": display(name, new[name])}
        for name in ("kind", "weight", "verification", "basis_kind", "status")
        if old[name] != new[name]
    ]
    if old["insights"] != new["insights"]:
        keys = dict(Insight.objects.filter(pk__in=old["insights"] + new["insights"]).values_list("pk", "key"))
        removed = [keys.get(pk, "?") for pk in old["insights"] if pk not in new["insights"]]
        added = [keys.get(pk, "?") for pk in new["insights"] if pk not in old["insights"]]
        fields.append(
            {
                "label": _("insights"),
                "old": ", ".join(removed) or "–",
                "new": ", ".join(added) or "–",
                "insights": True,
            }
        )
    return {"texts": texts, "fields": fields, "changed": any(t["changed"] for t in texts) or bool(fields)}


def content_at(requirement, version_no):
    """The content of `requirement` as it was at `version_no`, or None if unknown."""
    for version in requirement_versions(requirement):
        content = version_content(version)
        if content["version_no"] == version_no:
            return content
    return None
