from django.db import models

from .text import fold, nfc


class NFCText(models.Model):
    """Stores every text field NFC-normalised and trimmed (models without a search column).

    Bulk writes bypass save(): their callers normalise.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise_text()
        super().save(*args, **kwargs)

    def normalise_text(self):
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)) and field.name != "search_text":
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, nfc(value))


class NFCModel(NFCText):
    """NFCText that also keeps `search_text` folded.

    Subclasses name the fields that make up the search key in `SEARCH_FIELDS`.
    Bulk writes bypass save(): their callers normalise (the demo and the roster import do).
    """

    SEARCH_FIELDS: tuple[str, ...] = ()

    search_text = models.CharField(max_length=500, editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def normalise_text(self):
        super().normalise_text()
        self.search_text = self.build_search_text()

    def build_search_text(self) -> str:
        return fold(" ".join(str(getattr(self, name) or "") for name in self.SEARCH_FIELDS))
