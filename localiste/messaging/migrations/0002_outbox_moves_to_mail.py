"""The outbox moves down to the mail app (every mail of the site goes through it now).

Mails still waiting or kept for the record are copied, each tagged with the contact message
it relayed, before the old table goes.
"""

from django.db import migrations

COPIED = (
    "from_email", "to", "reply_to", "subject", "body", "status", "attempts",
    "next_attempt_at", "last_error", "created_at", "sent_at",
)  # fmt: skip


def copy_to_mail(apps, schema_editor):
    old = apps.get_model("messaging", "OutgoingMail")
    new = apps.get_model("mail", "OutgoingMail")
    rows = []
    for mail in old.objects.order_by("pk").iterator():
        values = {name: getattr(mail, name) for name in COPIED}
        if mail.contact_message_id:
            values["reference"] = f"messaging.contactmessage:{mail.contact_message_id}"
        rows.append(new(**values))
    created = new.objects.bulk_create(rows, batch_size=1000)
    # auto_now_add would have stamped them now: keep when they were really queued.
    for row, mail in zip(created, old.objects.order_by("pk").iterator(), strict=True):
        new.objects.filter(pk=row.pk).update(created_at=mail.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("mail", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_mail, migrations.RunPython.noop),
        migrations.DeleteModel(name="OutgoingMail"),
    ]
