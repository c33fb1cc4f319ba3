import logging

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .forms import LoginForm
from .throttling import client_ip, sprayed_from

log = logging.getLogger("binhdang.security")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if sprayed_from(client_ip(request)):
            log.warning("login refused: password spraying from %s", client_ip(request))
            return lockout(request)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")
    extra_context = {"title": _("Đổi mật khẩu")}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def lockout(request, credentials=None, *args, **kwargs):
    """Shown by django-axes when too many failed logins came from one user or address."""
    return render(request, "accounts/locked.html", status=429)
