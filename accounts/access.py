"""Who may open a page, stated once, on the view: the view enforces it and the menus read it.

`@offered_to(check, message)` refuses (403, with `message` on the Vietnamese error page) anyone for
whom `check(user)` is false, and leaves `check` on the view as `view.offered_to`. The menus
(`{% if user|may_open:"app:name" %}`, accounts.templatetags.menu) resolve a link to its view and ask
the same function, so a link is shown exactly to those the page lets in. A view without a check is
offered to every signed-in user.
"""

from functools import cache, wraps

from django.core.exceptions import PermissionDenied
from django.urls import resolve, reverse


def offered_to(check, message=None):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        wrapper.offered_to = check
        return wrapper

    return decorate


@cache
def _check_of(url_name: str):
    return getattr(resolve(reverse(url_name)).func, "offered_to", None)


def may_open(user, url_name: str) -> bool:
    """Whether the page named `url_name` (no arguments) lets `user` in."""
    if not getattr(user, "is_authenticated", False):
        return False
    check = _check_of(url_name)
    return check is None or bool(check(user))
