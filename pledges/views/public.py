"""Public pages (no sign-in): a published pledge for everyone, with its QR code, history,
approved comments and the comment form."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.cache import cached_fragment, generations

from .. import selectors, services, throttle
from ..forms import CommentForm
from ..links import client_ip, public_url
from ..models import Pledge, PledgeVersion
from ..qr import qr_svg


def public_page(request, code, number=None):
    """A published pledge for everyone: its published version (or an older one from the history),
    the QR code of its short address, approved comments, and the comment form."""
    try:
        pledge = selectors.public_pledge(code)
    except Pledge.DoesNotExist as exc:
        raise Http404 from exc
    if number is None:
        version = PledgeVersion(pk=pledge.published_version_id)  # the body reads it by its id
    else:
        version = get_object_or_404(
            PledgeVersion.objects.only("pk"),
            pledge=pledge,
            number=number,
            status__in=(PledgeVersion.Status.PUBLISHED, PledgeVersion.Status.SUPERSEDED),
        )
    status = 200
    form = CommentForm()
    if request.method == "POST":
        form = CommentForm(request.POST)
        if not throttle.allow(client_ip(request)):
            form.add_error(None, _("Too many comments from your address. Please try again later."))
            status = 429
        elif form.is_valid():
            if not form.cleaned_data["website"]:  # the honeypot stays empty for people
                services.comment_submit(
                    pledge=selectors.pledge_by_short_code(code),
                    body=form.cleaned_data["body"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    ip=client_ip(request),
                )
            messages.success(request, _("Thank you. Your comment will be shown once it has been reviewed."))
            return redirect("public_pledges:page", code=pledge.short_code)
    # The empty comment form is the same for everyone (its CSRF token stays in the page).
    fields = (
        cached_fragment(
            "pledge-comment-form:v1",
            "pledges/_comment_fields.html",
            lambda: {"form": form},
            settings.PUBLIC_PAGE_CACHE_SECONDS,
        )
        if not form.is_bound
        else ""
    )
    return render(
        request,
        "pledges/public.html",
        {"pledge": pledge, "body": _public_body(request, pledge, version), "form": form, "fields": fields},
        status=status,
    )


def _public_body(request, pledge, version):
    """The public page's content (version, QR code, history, approved comments): the same for
    every reader, kept as HTML until the pledge, a version or a comment changes."""

    url = public_url(request, pledge.short_code)  # the host is part of the page (address, QR code)

    def context():
        return {
            "pledge": pledge,
            "version": selectors.version_with_items(version.pk),
            "is_current": version.pk == pledge.published_version_id,
            "history": pledge.versions.filter(
                status__in=(PledgeVersion.Status.PUBLISHED, PledgeVersion.Status.SUPERSEDED)
            ).order_by("-number"),
            "comments": selectors.approved_comments(pledge),
            "url": url,
            "qr": qr_svg(url, scale=4),
        }

    (changes,) = generations(f"pledge-{pledge.pk}")
    key = f"pledge-public:v1:{pledge.pk}:{version.pk}:{changes}:{url}"
    return cached_fragment(key, "pledges/_public_body.html", context, settings.PUBLIC_PAGE_CACHE_SECONDS)
