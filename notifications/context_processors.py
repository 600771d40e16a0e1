from django.utils.functional import SimpleLazyObject


def bell(request):
    """`{{ bell }}`: the signed-in person's unread count, computed only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .selectors import unread_count

        return unread_count(user)

    return {"bell": SimpleLazyObject(count)}
