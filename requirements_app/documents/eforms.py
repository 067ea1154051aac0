"""The eForms fields a correction sends to the e-procurement system, which
publishes the change notice. Pure: imports no models.

Source: the OP-TED eForms SDK, code list "change-corrig-justification" (the
values of BT-140), and the fields BT-140 Change Reason Code, BT-141 Change
Description, BT-718 Change Procurement Documents, BT-719 Change Procurement
Documents Date and BT-758 Change Notice Version Identifier. Of the list, only
the reasons a contracting authority gives for its own correction are offered:
"cor-esen" and "cor-pub" are the eSender's and the Publications Office's, and
"cancel", "cancel-intent" and "susp-review" end or halt the procedure."""

from django.utils.translation import gettext_lazy as _

CHANGE_REASONS = {
    "cor-buy": _("Buyer correction (cor-buy)"),
    "update-add": _("Information updated (update-add)"),
    "info-release": _("Information now available (info-release)"),
}


def notice_change(correction, edition_label, edition_date, changes):
    """The change notice's fields for a correction edition, as JSON-ready data."""
    return {
        "edition": edition_label,
        "corrects": correction["corrects"],
        "BT-758-notice": correction["previous_notice"],
        "BT-140-notice": correction["reason_code"],
        "BT-141(a)-notice": correction["description"],
        "BT-718-notice": True,  # a correction edition always changes the procurement documents
        "BT-719-notice": edition_date.isoformat(),
        "significant": correction["significant"],
        "decision": correction["decision"],
        "changes": [{"where": c["where"], "what": c["what"], "before": c["before"], "after": c["after"]}
                    for c in changes],
    }
