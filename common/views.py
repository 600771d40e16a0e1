"""The one way a posted form reaches a service, shared by the apps' views.

Bind the form, call the service with its cleaned data; a rule the service refuses (a
ValidationError, its message already in Vietnamese) is added to the form, which is re-shown
with what the user typed; a success shows its message and redirects.
"""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect


def apply_errors(form, exc: ValidationError) -> None:
    """A service's refusal on the form: an error naming one of the form's fields goes beside it,
    anything else (a field the form does not show, or no field) at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_errors(form) -> list[str]:
    """Every error of a bound form (its own and its fields'), in the order the form lists them."""
    return [message for errors in form.errors.values() for message in errors]


def submit(
    request,
    form,
    action: Callable,
    *,
    success,
    then,
    invalid: Callable[..., HttpResponse],
    also: Iterable = (),
) -> HttpResponse:
    """Run `action(form.cleaned_data)` when `form` (and every form or formset in `also`) is valid.

    - `success`: the message shown after the action (a string, a function of the action's result
      giving one, or None for no message);
    - `then`: where to go next (a URL or view name, or a function of the result giving a response
      or a URL);
    - `invalid(form)`: the response when the form is not valid or the action raised a
      ValidationError (already added to the form): usually the page again, with what was typed.

    An unbound form (a GET) is never valid, so `invalid` also renders the empty page."""
    if all(f.is_valid() for f in (form, *also)):
        try:
            result = action(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            message = success(result) if callable(success) else success
            if message:
                messages.success(request, message)
            target = then(result) if callable(then) else then
            return target if isinstance(target, HttpResponse) else redirect(target)
    return invalid(form)


def back_with_errors(request, to, *, joined: bool = False) -> Callable[..., HttpResponse]:
    """An `invalid` for small forms posted from another page: the form's errors as messages
    (one message, or one per error) and back to `to` (a URL), since there is no page of its own
    to re-render."""

    def respond(form):
        errors = form_errors(form)
        for message in [" ".join(errors)] if joined else errors:
            messages.error(request, message)
        return redirect(to)

    return respond
