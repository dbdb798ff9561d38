"""The typical distance a product of each kind travels when it is made far away.

Filled for the shipped top-level categories only (sub-categories inherit it); a value an
operator already set is kept, so running it again changes nothing. The figures are the
project's assumptions (not read from the statistics), for a territory in south-west France
(the Gironde); docs/transport.md gives the rule and the HS chapters of each family:

- elsewhere in Europe, by road: about 1,200 km (600 from Spain, 2,000 from Poland), where EU
  countries together likely supply most of France's imports (furniture, ceramics…) and
  wherever it is unsure which of Europe or Asia does (the smaller distance: under-claiming
  is the honest error);
- South Asia (India, Pakistan, Bangladesh), container ship through Suez then road: about
  10,000 km, for clothing (Asia supplies most of it; the nearer of its large suppliers);
- East Asia (mainly China), same route to Fos-sur-Mer then road: about 17,000 km, for toys
  and games and lighting, which come mostly from China.

Art (original works) has none: there is no "same kind of product made far away".
"""

import django.core.validators
from django.db import migrations, models

EAST_ASIA_KM = 17_000
SOUTH_ASIA_KM = 10_000
EUROPE_KM = 1_200

SHIPPED_TYPICAL_ORIGIN_KM = {
    "vetements": SOUTH_ASIA_KM,  # HS 61-62
    "accessoires-de-mode": EUROPE_KM,  # HS 65-66, unsure
    "bijoux": EUROPE_KM,  # HS 71, unsure
    "mobilier": EUROPE_KM,  # HS 94 (94.01-94.03), mostly EU
    "jeux-et-jouets": EAST_ASIA_KM,  # HS 95 (95.03-95.04), mostly China
    "ceramique": EUROPE_KM,  # HS 69, mostly EU
    "maroquinerie": EUROPE_KM,  # HS 42, unsure
    "luminaires-et-decoration": EAST_ASIA_KM,  # HS 94.05, mostly China
    "linge-de-maison": EUROPE_KM,  # HS 63, unsure
    "savons-et-cosmetiques": EUROPE_KM,  # HS 33-34
    "papeterie-et-edition": EUROPE_KM,  # HS 48-49
    "instruments-de-musique": EUROPE_KM,  # HS 92, unsure
    "coutellerie-et-metal": EUROPE_KM,  # HS 82-83, unsure
    "verre": EUROPE_KM,  # HS 70
    "travail-du-bois": EUROPE_KM,  # HS 44, unsure
    "mercerie-et-loisirs-creatifs": EUROPE_KM,  # HS 50-60, unsure
    "sports-et-glisse": EUROPE_KM,  # HS 95.06, unsure
    "accessoires-pour-animaux": EUROPE_KM,  # no chapter of its own, unsure
}


def fill_typical_origin_km(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for slug, km in SHIPPED_TYPICAL_ORIGIN_KM.items():
        Category.objects.filter(slug=slug, typical_origin_km__isnull=True).update(
            typical_origin_km=km
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_category_redirect"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="typical_origin_km",
            field=models.PositiveIntegerField(
                blank=True,
                help_text=(
                    "How far a product of this kind made far away typically travels to reach "
                    "the territory, by sea and road, in km. Empty: the parent category's "
                    "value; empty on a top-level category: no estimate of transport avoided "
                    "is shown."
                ),
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(40000),
                ],
                verbose_name="typical distance from far away (km)",
            ),
        ),
        # Unapplying drops the column, values and all.
        migrations.RunPython(fill_typical_origin_km, migrations.RunPython.noop),
    ]
