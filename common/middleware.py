import unicodedata

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils import translation


class ChosenLanguageMiddleware:
    """Vietnamese unless the user picked another language (the set_language cookie).

    Unlike LocaleMiddleware this ignores the browser's Accept-Language: cadres' phones are often
    set to English, but the product speaks Vietnamese until someone chooses otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulMiddleware:
    """400 for an address or query string carrying a NUL character (`%00`).

    PostgreSQL cannot compare text with NUL in it, so such a code or search term would fail in the
    database (a 500) instead of finding nothing. Forms refuse NUL in what is posted with a message
    (Django's CharField); an address is not a form, so it is simply a bad request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            raise SuspiciousOperation("NUL character in the address")
        return self.get_response(request)


class NormalisePostedTextMiddleware:
    """What is posted in a form is read as Unicode NFC, as it is stored (common.models.NFCText).

    A form's length check then counts the characters that will be stored: text that grows under
    NFC (e.g. U+FB2C) would otherwise pass the check and overflow its column (a database error),
    and text typed in decomposed form (some keyboards send NFD Vietnamese) would be refused as too
    long. Passwords are left exactly as typed; uploaded files are not text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            posted = request.POST.copy()
            for key, values in posted.lists():
                if "password" not in key:
                    posted.setlist(key, [unicodedata.normalize("NFC", value) for value in values])
            posted._mutable = False
            request.POST = posted
        return self.get_response(request)
