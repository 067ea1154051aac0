"""Login throttling keys on the real client behind a reverse proxy, and a
client cannot pose as another by writing X-Forwarded-For itself."""

from django.urls import reverse

from .conftest import PASSWORD

PROXY = "10.0.0.2"


def fail(client, address_chain):
    return client.post(reverse("login"), {"username": "anders", "password": "fel"},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address_chain)


def log_in(client, address_chain):
    return client.post(reverse("login"), {"username": "anders", "password": PASSWORD},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address_chain)


def test_an_attacker_behind_the_proxy_does_not_lock_out_the_real_user(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(6):
        fail(client, "198.51.100.66")
    assert "spärrad i 15 minuter" in fail(client, "198.51.100.66").content.decode()
    response = log_in(client, "203.0.113.5")
    assert response.status_code == 302 and response.url != reverse("login")


def test_a_spoofed_forwarded_for_does_not_escape_the_lockout(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(6):  # the attacker writes a new address each time; nginx appends the real one
        fail(client, f"192.0.2.{n}, 198.51.100.66")
    assert "spärrad i 15 minuter" in log_in(client, "192.0.2.200, 198.51.100.66").content.decode()


def test_without_a_trusted_proxy_the_header_is_ignored(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(6):
        fail(client, f"192.0.2.{n}")
    assert "spärrad i 15 minuter" in log_in(client, "203.0.113.5").content.decode()
