"""Django's own form messages that its Vietnamese catalogue leaves untranslated (Django 5.2).

Marked here so `makemessages` keeps them in the project's catalogue, whose translations take
precedence over Django's (LOCALE_PATHS): a cadre who pastes text with a NUL character, or posts a
stale id in a multiple choice, gets the message in Vietnamese like every other one.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

UNTRANSLATED_BY_DJANGO = (
    gettext_noop("Null characters are not allowed."),  # ProhibitNullCharactersValidator (CharField)
    gettext_noop("“%(pk)s” is not a valid value."),  # ModelMultipleChoiceField, a non-numeric id
)
# Formsets (pledge items, remedial actions) posted with a forged or garbled form count.
UNTRANSLATED_PLURALS = (
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"),
)
