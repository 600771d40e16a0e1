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
