"""Password reset: off without a mail server, throttled with one."""

import os
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_production_without_a_mail_server_turns_password_reset_off():
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    environment.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="krav.example.se")
    code = "from django.conf import settings as s; print(s.PASSWORD_RESET_ENABLED, s.EMAIL_BACKEND)"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=environment,
                            capture_output=True, text=True)
    assert result.stdout.split()[-2:] == ["False", "django.core.mail.backends.dummy.EmailBackend"], result.stderr
    environment["EMAIL_HOST"] = "smtp.example.se"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=environment,
                            capture_output=True, text=True)
    assert result.stdout.split()[-2:] == ["True", "django.core.mail.backends.smtp.EmailBackend"], result.stderr


def test_with_reset_off_the_page_says_whom_to_ask_and_sends_nothing(client, member, settings):
    settings.PASSWORD_RESET_ENABLED = False
    member.user.email = "anders@example.se"
    member.user.save()
    response = client.post(reverse("password_reset"), {"email": "anders@example.se"})
    assert "Fråga samordnaren" in response.content.decode()
    assert mail.outbox == []
    assert "Glömt lösenordet?" not in client.get(reverse("login")).content.decode()


def test_reset_requests_are_throttled_per_address_and_per_email(client, member, settings):
    settings.PASSWORD_RESET_ENABLED = True
    member.user.email = "anders@example.se"
    member.user.save()
    for _ in range(settings.PASSWORD_RESET_PER_HOUR):
        assert client.post(reverse("password_reset"), {"email": "anders@example.se"}).status_code == 302
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_HOUR
    response = client.post(reverse("password_reset"), {"email": "anders@example.se"}, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 429 and "För många" in response.content.decode()
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_HOUR
