from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from . import otp


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code from the authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enable: scan the QR code, then confirm with a first code."""
    if otp.confirmed_device(request.user):
        return redirect("accounts:otp_manage")
    device = otp.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = otp.check_code(device, form.cleaned_data["code"])
        if error is None:
            otp.two_step_on(device=device, acting_user=request.user)
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is on: each sign-in will ask for a code."))
            return redirect("accounts:otp_manage")
        form.add_error("code", error)
    return render(
        request, "accounts/otp_setup.html", {"form": form, "qr": otp.qr_svg(device), "key": device.key}
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_manage(request):
    """See whether it is on; turn it off with a current code."""
    device = otp.confirmed_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and device and form.is_valid():
        error = otp.check_code(device, form.cleaned_data["code"])
        if error is None:
            otp.two_step_off(device=device, acting_user=request.user)
            otp.no_longer_required(request)
            messages.success(request, _("Two-step sign-in is off."))
            return redirect("accounts:otp_manage")
        form.add_error("code", error)
    return render(request, "accounts/otp_manage.html", {"device": device, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The step after the password for users who have two-step sign-in on."""
    device = otp.confirmed_device(request.user)
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if device is None:
        # Turned off, or removed by the office, since this session began: nothing to ask for (asking
        # would send every page here and back again).
        otp.no_longer_required(request)
        return redirect(next_url)
    if request.user.is_verified():
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = otp.check_code(device, form.cleaned_data["code"])
        if error is None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("code", error)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})
