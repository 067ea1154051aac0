from django.urls import reverse

from .conftest import PASSWORD


def test_anonymous_user_goes_to_the_login_page(client, procurement):
    response = client.get(reverse("procurement", args=[procurement.pk]))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/upphandling/{procurement.pk}/"


def test_login_page_speaks_swedish(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html and "Hoppa till innehållet" in html


def test_member_logs_in_with_password_and_lands_on_their_procurement(client, member):
    response = client.post(reverse("login"), {"username": "anders", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("procurement", args=[member.procurement_id])


def test_wrong_password_gets_a_swedish_message(client, member):
    response = client.post(reverse("login"), {"username": "anders", "password": "fel"})
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()


def test_five_failed_logins_lock_the_account_with_a_clear_message(client, member):
    for _ in range(5):
        client.post(reverse("login"), {"username": "anders", "password": "fel"})
    response = client.post(reverse("login"), {"username": "anders", "password": PASSWORD})
    assert response.status_code == 429
    assert "spärrad i 15 minuter" in response.content.decode()


def test_english_is_available(client, member):
    client.force_login(member.user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("procurement", args=[member.procurement_id])).content.decode()
    assert '<html lang="en">' in html and "Requirements per area and status" in html
