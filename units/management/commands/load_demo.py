import importlib
import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from units import demo


class Command(BaseCommand):
    help = (
        "Load the demo (idempotent): the three old provinces and two periods on the old tree, the "
        "2025 reform as the office applies it, then Tỉnh Vĩnh Long's live work and two periods on the "
        "new tree. Each app may add its part in <app>/demo.py: load_before_reform(scale, log), run on "
        "the old tree, and load(scale, log), run after the reform."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the synthetic part (benchmarks).")

    def _step(self, label, fn, **kwargs):
        started, cpu = time.monotonic(), time.process_time()
        fn(log=self.stdout.write, **kwargs)
        self.stdout.write(
            f"  [{label}: {time.monotonic() - started:.1f} s, {time.process_time() - cpu:.1f} s of CPU]"
        )

    def handle(self, *args, scale, **options):
        started = time.monotonic()
        modules = [
            importlib.import_module(f"{config.name}.demo")
            for config in apps.get_app_configs()
            if config.name != "units" and importlib.util.find_spec(f"{config.name}.demo")
        ]
        self._step("units", demo.load, scale=scale)
        for module in modules:
            if hasattr(module, "load_before_reform"):
                self._step(f"{module.__name__} before the reform", module.load_before_reform, scale=scale)
        office = get_user_model().objects.get(username="vanphong")
        self._step("reform", demo.apply_reform, acting_user=office)
        for module in modules:
            self._step(module.__name__, module.load, scale=scale)
        self.stdout.write(self.style.SUCCESS(f"Demo ready in {time.monotonic() - started:.1f} s."))
