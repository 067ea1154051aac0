"""Send the daily e-mail digest to members who asked for it (run once a day, e.g. from cron)."""

from datetime import timedelta

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from requirements_app.deliberation import attention
from requirements_app.models import Membership


class Command(BaseCommand):
    help = "E-mail each member with the digest turned on what changed since their last digest."

    def handle(self, *args, **options):
        sent = 0
        translation.activate("sv")
        memberships = Membership.objects.filter(digest=True).exclude(user__email="").select_related("user", "procurement")
        for membership in memberships:
            now = timezone.now()
            since = membership.digest_sent_at or now - timedelta(days=1)
            changes = attention.changes_since(membership, since=since)
            if any(changes[key].exists() for key in ("requirements", "comments", "decisions")):
                body = render_to_string(
                    "requirements_app/digest_email.txt", {"membership": membership, **changes}
                )
                subject = _("Requirements workbench: new in %(name)s") % {"name": membership.procurement.name}
                send_mail(subject, body, None, [membership.user.email])
                sent += 1
            membership.digest_sent_at = now
            membership.save(update_fields=["digest_sent_at"])
        self.stdout.write(f"Sent {sent} digest(s).")
