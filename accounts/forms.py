from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a username longer than any username before trying it: a
    failed attempt is recorded by django-axes in a 255-character column, which a longer name
    overflowed (a database error on PostgreSQL)."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return username
