"""The admin site: every registered admin's choices held to the user's scope.

A foreign key or many-to-many field in an admin form (a select, a raw id, an autocomplete) validates
against the queryset of its form field. For a model the scope module knows (`units.fields.scope_for`:
units, party organisations, cadres, agencies, users), a user who does not see everything is offered,
and may save, only the records of their subtree; another district's id reads like one nobody has.
The site adds this to every admin class at registration, so no admin can be registered without it.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class ScopedChoicesMixin:
    def _scope(self, db_field, request, kwargs):
        from units.fields import scope_for  # this module is loaded with the app configs, before models

        scope = scope_for(db_field.related_model)
        user = request.user
        if scope is not None and not getattr(user, "sees_everything", False):
            kwargs["queryset"] = scope(user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ScopedChoicesMixin):
            attrs = {"__module__": admin_class.__module__}
            admin_class = type(admin_class.__name__, (ScopedChoicesMixin, admin_class), attrs)
        super().register(model_or_iterable, admin_class, **options)


class ScopedAdminConfig(AdminConfig):
    default_site = "config.admin.ScopedAdminSite"
