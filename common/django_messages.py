"""Django's own form messages that its Vietnamese catalogue leaves untranslated (Django 5.2).

Marked here so `makemessages` keeps them in the project's catalogue, whose translations take
precedence over Django's (LOCALE_PATHS): a cadre who pastes text with a NUL character, or posts a
stale id in a multiple choice, gets the message in Vietnamese like every other one.
"""

from django.utils.translation import gettext_noop

UNTRANSLATED_BY_DJANGO = (
    gettext_noop("Null characters are not allowed."),  # ProhibitNullCharactersValidator (CharField)
    gettext_noop("“%(pk)s” is not a valid value."),  # ModelMultipleChoiceField, a non-numeric id
)
