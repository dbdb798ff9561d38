"""The privacy page says what counts as activity and how long backups keep data.

The site now erases accounts inactive for three years after a warning (sign-ins, edits and
confirmations count as activity), and backups are deleted after 30 days. Only a body still
equal to the text shipped by 0002 is changed (each language on its own): an operator's edit
is never overwritten. Unapplying restores the old default the same way.
"""

import importlib

from django.db import migrations

DEFAULTS = importlib.import_module("localiste.content.migrations.0002_default_pages")

REPLACEMENTS = {
    "body_fr": [
        (
            "| compte et fiche | tant que le compte existe ; après trois ans sans connexion, nous "
            "vous prévenons, puis nous les supprimons faute de réponse |",
            "| compte et fiche | tant que le compte existe ; après trois ans sans activité "
            "(connexion, modification, confirmation d'une fiche), nous vous prévenons par "
            "courriel, puis nous les supprimons trente jours plus tard si vous ne vous "
            "connectez pas |",
        ),
        (
            "| compte supprimé | effacé sous 30 jours, sauvegardes comprises |",
            "| compte supprimé | effacé aussitôt de la base ; il disparaît des sauvegardes quand "
            "elles expirent, sous 30 jours |\n| sauvegardes | 30 jours, puis supprimées |",
        ),
    ],
    "body_en": [
        (
            "| account and listing | as long as the account exists; after three years without a "
            "sign-in, we warn you, then delete them if you do not reply |",
            "| account and listing | as long as the account exists; after three years without "
            "activity (a sign-in, an edit, confirming a listing), we warn you by email, then "
            "delete them thirty days later if you do not sign in |",
        ),
        (
            "| deleted account | erased within 30 days, backups included |",
            "| deleted account | erased from the database at once; it leaves the backups as they "
            "expire, within 30 days |\n| backups | 30 days, then deleted |",
        ),
    ],
}


def _texts():
    """{field: (text shipped by 0002, the same with the new rows)}."""
    shipped = {"body_fr": DEFAULTS.PRIVACY_FR, "body_en": DEFAULTS.PRIVACY_EN}
    texts = {}
    for field, pairs in REPLACEMENTS.items():
        new = shipped[field]
        for old, replacement in pairs:
            old, replacement = old.replace("", ""), replacement.replace("", "")
            assert old in new, (field, old)
            new = new.replace(old, replacement)
        texts[field] = (shipped[field], new)
    return texts


def _swap(apps, *, forward: bool):
    SitePage = apps.get_model("content", "SitePage")
    page = SitePage.objects.filter(slug="confidentialite").first()
    if page is None:
        return
    changed = []
    for field, (shipped, new) in _texts().items():
        old, wanted = (shipped, new) if forward else (new, shipped)
        if getattr(page, field) == old:
            setattr(page, field, wanted)
            changed.append(field)
    if changed:
        page.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_ranking_formula"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, editor: _swap(apps, forward=True),
            lambda apps, editor: _swap(apps, forward=False),
        )
    ]
