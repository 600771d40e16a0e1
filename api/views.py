"""The account's "Mã API" page: the user's own tokens, made (the key shown once) and revoked."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import tokens
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Which system will use it"), max_length=80)
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=730,
        initial=365,
        required=False,
        help_text=gettext_lazy("Empty: until revoked."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, new_key = tokens.create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
            messages.success(request, _("Token “%(name)s” created. Copy it now: it is not shown again.") % {"name": token.name})
            form = TokenForm()
        else:
            status = 400
    rows = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": rows, "new_key": new_key}, status=status)


@login_required
@require_POST
def token_revoke(request, pk):
    # Only one's own tokens: someone else's id is a 404, as if it did not exist.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if tokens.revoke(token):
        messages.success(request, _("Token “%(name)s” revoked: it no longer opens the API.") % {"name": token.name})
    else:
        messages.info(request, _("This token was already revoked."))
    return redirect("api_tokens:tokens")
