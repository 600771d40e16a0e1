"""Vietnamese text helpers: NFC storage and diacritic-insensitive search keys."""

import re
import unicodedata


def nfc(value: str) -> str:
    """NFC-normalise and trim. Every stored text goes through here."""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """A search key: lower case, no diacritics, đ -> d, single spaces.

    `fold("Bến Tre") == fold("ben tre") == "ben tre"`; used for stored search columns and for
    the terms people type, so the same function sits on both sides of the comparison.
    """
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


SEARCH_WORDS = 8  # words of a search term that count (each is one more LIKE in the query)


def search_words(query: str) -> list[str]:
    """The folded words of a search term, each once, at most SEARCH_WORDS of them: a pasted page of
    text is a search for its first words, not a query with thousands of conditions."""
    return list(dict.fromkeys(fold(query[:1000]).split()))[:SEARCH_WORDS]


_DIGITS = re.compile(r"(\d+)")


def natural_key(value: str) -> tuple:
    """A sort key reading the numbers in a name as numbers: "Ấp 2" before "Ấp 10" (text order
    puts "10" first), letters compared folded so "Ấp" and "Ap" sort together."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, fold(part))
        for part in _DIGITS.split(value or "")
        if part
    )


def natural_sorted(items, key=lambda item: str(item)):
    """`items` in natural order of `key(item)` (a name by default)."""
    return sorted(items, key=lambda item: natural_key(key(item)))
