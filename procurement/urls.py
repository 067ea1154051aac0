from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from procurement.health import health
from requirements_app.views import accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz/", health, name="health"),
    path("konto/login/", login_not_required(accounts.LoginView.as_view()), name="login"),
    path("konto/password_reset/", login_not_required(accounts.PasswordResetView.as_view()), name="password_reset"),
    path("konto/", include("django.contrib.auth.urls")),
    # The language can be switched before logging in too (the login page offers it).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("requirements_app.urls")),
]
