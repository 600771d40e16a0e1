"""{% memo %} (common/memo.py): a part of the layout rendered once per language and values named."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation

ENGINE = Engine(libraries={"memo": "common.memo", "i18n": "django.templatetags.i18n"})


def test_a_memo_is_rendered_once_per_language_and_value():
    template = ENGINE.from_string('{% load memo i18n %}{% memo kind %}{{ seen }} {% translate "Home" %}{% endmemo %}')
    with translation.override("en"):
        assert template.render(Context({"kind": 1, "seen": "first"})) == "first Home"
        assert template.render(Context({"kind": 1, "seen": "second"})) == "first Home"  # kept
        assert template.render(Context({"kind": 2, "seen": "third"})) == "third Home"  # another value
    with translation.override("vi"):
        assert template.render(Context({"kind": 1, "seen": "fourth"})) == "fourth Trang chủ"


def test_a_csrf_token_cannot_be_memoised():
    with pytest.raises(TemplateSyntaxError):
        ENGINE.from_string("{% load memo %}{% memo %}<form>{% csrf_token %}</form>{% endmemo %}")
