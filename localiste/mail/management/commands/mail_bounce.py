"""Read a bounce from standard input (piped by the MTA from the bounce address) and record it.

Postfix, for instance: an alias `bounces: "|/srv/localiste/.venv/bin/python
/srv/localiste/manage.py mail_bounce"` (with `recipient_delimiter = +` for VERP, and
`--recipient "$RECIPIENT"`/`${recipient}` passed by a pipe transport). See docs/deployment.md.
"""

import sys

from django.core.management.base import BaseCommand

from localiste.mail.blocking import bounce_receive


class Command(BaseCommand):
    help = "Record a bounce read from standard input; addresses that keep failing get blocked."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipient", default="", help="the envelope recipient (bounces+<id>@… with VERP)"
        )

    def handle(self, *args, recipient: str = "", **options):
        failed = bounce_receive(raw=sys.stdin.buffer.read(), envelope_recipient=recipient)
        self.stdout.write(f"failures recorded: {', '.join(failed) or 'none'}")
