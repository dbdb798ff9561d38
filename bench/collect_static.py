"""The bench's static files, collected as a deployment collects them (bench/browser.py)."""

import os

from run import configure

configure(int(os.environ["BENCH_MAKERS"]))

from django.core.management import call_command  # noqa: E402 - after configure()

call_command("collectstatic", interactive=False, verbosity=0)
