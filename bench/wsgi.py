"""The bench's site for gunicorn: bench/run.py's settings (floor view included) in every worker.

With BENCH_LOCK_LOG set, every hold of SQLite's write lock is logged there with the request
that held it (bench/locks.py).
"""

import os

from run import configure

configure(int(os.environ["BENCH_MAKERS"]))

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after configure()

import localiste.messaging.views  # noqa: E402

# The bench's contact posts all come from 127.0.0.1: the per-address limit would refuse them
# (429, no write) after five a minute. The bench measures, it does not abuse.
for limit in ("PER_IP", "PER_MAKER"):
    if hasattr(localiste.messaging.views, limit):
        setattr(localiste.messaging.views, limit, (1_000_000, 3600))

django_application = get_wsgi_application()
LOCK_LOG = os.environ.get("BENCH_LOCK_LOG", "")

if LOCK_LOG:
    from locks import lock_watch_install, request_label_set

    lock_watch_install(LOCK_LOG)

    def application(environ, start_response):
        request_label_set(f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')}")
        try:
            return django_application(environ, start_response)
        finally:
            request_label_set("")

else:
    application = django_application
