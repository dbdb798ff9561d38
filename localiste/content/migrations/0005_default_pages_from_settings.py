"""Let the site pages show Localiste's texts filled in from the settings, not bracket blanks.

A body still equal to the text shipped by 0002–0004 (each language on its own) is emptied:
an empty body shows templates/content/defaults/, built from SITE_NAME, SITE_OPERATOR_NAME,
SITE_HOST_NAME… (docs/deployment.md). An operator's edit is never touched. Unapplying puts
the shipped text back into the bodies that are still empty.
"""

import importlib

from django.db import migrations, models

PAGES = importlib.import_module("localiste.content.migrations.0002_default_pages")
RANKING = importlib.import_module("localiste.content.migrations.0003_ranking_formula")
PRIVACY = importlib.import_module("localiste.content.migrations.0004_privacy_inactivity_and_backups")


def _shipped() -> dict:
    """{(slug, field): the body 0002–0004 left on a page nobody edited}."""
    privacy = PRIVACY._texts()
    return {
        ("a-propos", "body_fr"): PAGES.ABOUT_FR,
        ("a-propos", "body_en"): PAGES.ABOUT_EN,
        ("mentions-legales", "body_fr"): PAGES.LEGAL_FR,
        ("mentions-legales", "body_en"): PAGES.LEGAL_EN,
        ("classement", "body_fr"): RANKING.NEW_FR,
        ("classement", "body_en"): RANKING.NEW_EN,
        ("confidentialite", "body_fr"): privacy["body_fr"][1],
        ("confidentialite", "body_en"): privacy["body_en"][1],
    }


def _swap(apps, *, forward: bool):
    SitePage = apps.get_model("content", "SitePage")
    for page in SitePage.objects.all():
        changed = []
        for field in ("body_fr", "body_en"):
            shipped = _shipped().get((page.slug, field))
            if shipped is None:
                continue
            old, wanted = (shipped, "") if forward else ("", shipped)
            if getattr(page, field) == old:
                setattr(page, field, wanted)
                changed.append(field)
        if changed:
            page.save(update_fields=changed)


HELP = (
    "Leave empty to show the text Localiste ships, filled in from the site's settings "
    "(operator, host, contact address)."
)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_privacy_inactivity_and_backups"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sitepage",
            name="body_en",
            field=models.TextField(blank=True, help_text=HELP, verbose_name="text (English, Markdown)"),
        ),
        migrations.AlterField(
            model_name="sitepage",
            name="body_fr",
            field=models.TextField(blank=True, help_text=HELP, verbose_name="text (French, Markdown)"),
        ),
        migrations.RunPython(
            lambda apps, editor: _swap(apps, forward=True),
            lambda apps, editor: _swap(apps, forward=False),
        ),
    ]
