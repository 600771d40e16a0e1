import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand

from units import demo


class Command(BaseCommand):
    help = "Load the Bến Tre demo (idempotent). Each app may add its part in <app>/demo.py: load(scale, log)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the synthetic part (benchmarks).")

    def handle(self, *args, scale, **options):
        started = time.monotonic()
        demo.load(scale=scale, log=self.stdout.write)
        for config in apps.get_app_configs():
            if config.name == "units" or not importlib.util.find_spec(f"{config.name}.demo"):
                continue
            module = importlib.import_module(f"{config.name}.demo")
            module.load(scale=scale, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Demo ready in {time.monotonic() - started:.1f} s."))
