"""How the outbox is doing, for people and for monitoring (exit status 2 when mail is stuck)."""

import datetime
import json

from django.core.management.base import BaseCommand

from localiste.mail.selectors import outbox_status


class Command(BaseCommand):
    help = (
        "Count the outbox's mails by status and give the age of the oldest one waiting. "
        "Exits with status 2 when a mail has waited longer than --stuck-after minutes or was "
        "given up (for monitoring: cron, Nagios, a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stuck-after", type=int, default=30, help="minutes (default 30)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, stuck_after: int, as_json: bool = False, **options):
        status = outbox_status()
        age = status.oldest_waiting_age
        stuck = status.is_stuck(after=datetime.timedelta(minutes=stuck_after))
        report = {
            "counts": status.counts,
            "waiting": status.waiting,
            "oldest_waiting_seconds": round(age.total_seconds()) if age else None,
            "sent_last_hour": status.sent_last_hour,
            "stuck": stuck,
        }
        if as_json:
            self.stdout.write(json.dumps(report, sort_keys=True))
        else:
            counts = ", ".join(f"{name} {count}" for name, count in sorted(status.counts.items()))
            self.stdout.write(f"outbox: {counts or 'empty'}")
            self.stdout.write(f"sent in the last hour: {status.sent_last_hour}")
            self.stdout.write(
                f"oldest waiting: {round(age.total_seconds())} s" if age else "nothing waiting"
            )
            if stuck:
                self.stderr.write("MAIL IS STUCK: see the outbox in the admin and the worker's log")
        if stuck:
            raise SystemExit(2)
