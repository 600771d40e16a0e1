"""The admin site: every registered admin's choices held to the user's scope.

A foreign key or many-to-many field in an admin form (a select, a raw id, an autocomplete) validates
against the queryset of its form field. For a model the scope module knows (`units.fields.scope_for`:
units, party organisations, cadres, agencies, users), a user who does not see everything is offered,
and may save, only the records of their subtree; another district's id reads like one nobody has.
The site adds `common.admin.ScopedAdmin` (which also holds the lists to the scope, for admins that set
`scope`) to every admin class at registration, so no admin can be registered without it.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class ScopedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        from common.admin import ScopedAdmin  # this module is loaded with the app configs, before models

        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ScopedAdmin):
            attrs = {"__module__": admin_class.__module__}
            admin_class = type(admin_class.__name__, (ScopedAdmin, admin_class), attrs)
        super().register(model_or_iterable, admin_class, **options)


class ScopedAdminConfig(AdminConfig):
    default_site = "config.admin.ScopedAdminSite"
