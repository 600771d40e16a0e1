"""Vietnamese text helpers: NFC storage and diacritic-insensitive search keys."""

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
