"""The bench's site for gunicorn: bench/run.py's settings (floor view included) in every worker."""

import os

from run import configure

configure(int(os.environ["BENCH_MAKERS"]))

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after configure()

application = get_wsgi_application()
