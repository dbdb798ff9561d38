"""Deliver the outbox's due mails now (also what `make run` does at start, for leftovers)."""

from django.core.management.base import BaseCommand

from localiste.mail.outbox import outbox_deliver_due, outbox_schedule_delivery


class Command(BaseCommand):
    help = "Send the outbox's due mails now, or with --enqueue let the task worker do it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue a delivery task instead of sending here."
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            outbox_schedule_delivery()
            return
        report = outbox_deliver_due()
        self.stdout.write(
            f"sent {report.sent}, failed {report.failed}, given up {report.given_up}, "
            f"blocked {report.blocked}"
        )
