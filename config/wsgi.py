import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# No beat without a broker: the beat schedule then runs in this process (config/scheduler.py).
from config.scheduler import start_if_enabled  # noqa: E402

start_if_enabled()
