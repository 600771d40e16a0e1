"""Web Push through pywebpush (VAPID keys from the environment). Three outcomes: delivered, gone
(the push service answered 404/410: the browser revoked or lost the subscription) or failed."""

import logging

from django.conf import settings
from pywebpush import WebPushException, webpush

log = logging.getLogger(__name__)

OK, GONE, FAILED = "ok", "gone", "failed"


def enabled() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def send(subscription, payload: str) -> str:
    try:
        webpush(
            subscription_info=subscription.info(),
            data=payload,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            # webpush adds "aud" (the push service's origin) and "exp" to the dict it is given.
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=24 * 3600,
            timeout=10,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in (404, 410):
            return GONE
        log.warning("web push failed (%s) for subscription %s", status, subscription.pk)
        return FAILED
    except Exception:  # connection refused, timeout, a malformed stored key
        log.warning("web push failed for subscription %s", subscription.pk, exc_info=True)
        return FAILED
    return OK
