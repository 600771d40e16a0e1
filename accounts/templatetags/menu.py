from django import template

from accounts import access

register = template.Library()


@register.filter
def may_open(user, url_name) -> bool:
    """`{% if user|may_open:"assignments:coverage" %}`: the page's own check (accounts.access)."""
    return access.may_open(user, url_name)
