from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import access
from common.memo import remembered

register = template.Library()

# The main menu of a signed-in user: (page, label, data-testid, whether the page's own check decides
# if the link is shown). Links are only shown to those the page lets in (accounts.access).
MAIN_MENU = (
    ("home", _("Home"), "", False),
    ("directives:list", _("Directives"), "", False),
    ("units:root", _("Units"), "", False),
    ("units:org_root", _("Party organisations"), "nav-orgs", False),
    ("units:search", _("Search"), "nav-search", False),
    ("assignments:mine", _("Assignments"), "", True),
    ("cells:index", _("Cell meetings"), "", True),
    ("grading:rules", _("Grading rules"), "nav-grading", False),
    ("pledges:index", _("Pledges"), "", False),
    ("dashboards:index", _("Dashboards"), "nav-dashboards", True),
    ("units:import_page", _("Import rosters"), "nav-import", True),
    ("units:reorg", _("Reorganise units"), "nav-reorg", True),
    ("accounts:lockouts", _("Sign-in lockouts"), "nav-lockouts", True),
)
# The menu's HTML per language and set of links shown: the same for everyone with the same links.
_rendered_menus = {}


@register.filter
def may_open(user, url_name) -> bool:
    """`{% if user|may_open:"assignments:coverage" %}`: the page's own check (accounts.access)."""
    return access.may_open(user, url_name)


@register.simple_tag
def main_menu(user):
    """`{% main_menu user %}`: the links of MAIN_MENU that `user` may open."""
    shown = tuple(name for name, _label, _testid, checked in MAIN_MENU if not checked or access.may_open(user, name))
    return remembered(_rendered_menus, (get_language(), get_script_prefix(), shown), lambda: _render_menu(shown))


def _render_menu(shown):
    return format_html_join(
        "\n      ",
        '<a href="{}"{}>{}</a>',
        (
            (reverse(name), format_html(' data-testid="{}"', testid) if testid else "", label)
            for name, label, testid, _checked in MAIN_MENU
            if name in shown
        ),
    )
