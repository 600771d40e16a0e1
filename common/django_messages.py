"""Django's own form messages that its Vietnamese catalogue leaves untranslated (Django 5.2).

Marked here so `makemessages` keeps them in the project's catalogue, whose translations take
precedence over Django's (LOCALE_PATHS): a cadre who pastes text with a NUL character, or posts a
stale id in a multiple choice, gets the message in Vietnamese like every other one.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

UNTRANSLATED_BY_DJANGO = (
    gettext_noop("Null characters are not allowed."),  # ProhibitNullCharactersValidator (CharField)
    gettext_noop("“%(pk)s” is not a valid value."),  # ModelMultipleChoiceField, a non-numeric id
    # Signing in and changing the password (django.contrib.auth's forms and password validators).
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
)
# Formsets (pledge items, remedial actions) posted with a forged or garbled form count.
UNTRANSLATED_PLURALS = (
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)
