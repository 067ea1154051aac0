"""Password reset by e-mail: only when the workbench can send e-mail, and throttled."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import throttle
from ..client_address import client_address

HOUR = 60 * 60


class PasswordResetView(auth_views.PasswordResetView):
    """At most PASSWORD_RESET_PER_HOUR requests an hour from one client address
    and for one e-mail address; with no mail server configured, turned off with
    a page that says whom to ask instead."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_RESET_ENABLED:
            return render(request, "registration/password_reset_disabled.html")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        counts = [
            throttle.count(f"password-reset:address:{client_address(self.request)}", HOUR),
            throttle.count(f"password-reset:email:{form.cleaned_data['email'].strip().lower()}", HOUR),
        ]
        if max(counts) > settings.PASSWORD_RESET_PER_HOUR:
            form.add_error(None, _("Too many password reset requests. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "password_reset_enabled": settings.PASSWORD_RESET_ENABLED}
