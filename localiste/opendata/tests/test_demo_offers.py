"""The demo's makers sell at markets and fairs that fit their trade (no bike maker at a
ceramics fair)."""

import pytest
from django.core.management import call_command
from django.db import connection

from localiste.opendata.demo import rows, venues
from localiste.opendata.demo.world import world_load
from localiste.opendata.services import _pool_jobs

pytestmark = pytest.mark.django_db

KIND, NAME = rows.SALES_POINT_COLUMNS.index("kind"), rows.SALES_POINT_COLUMNS.index("name")
PRIMARY = rows.MAKER_COLUMNS.index("primary_category_id")


def _sample(world, makers: int, *, seed: int) -> list[rows.Batch]:
    """The rows of `makers` demo makers, built as `demo_generate` builds them, not written."""
    options = rows.Options(
        light=True,
        own_images=False,
        pool=_pool_jobs(world, 60),
        adapt_datetime=connection.ops.adapt_datetimefield_value,
        adapt_time=connection.ops.adapt_timefield_value,
        renditions=dict.fromkeys(("logo", "cover", "gallery", "product"), "{}"),
    )
    builder = rows.BatchBuilder(world, options, seed=seed)
    return [
        builder.build(index=index, count=rows.BATCH, first_maker_id=1 + index * rows.BATCH,
                      first_product_id=1)
        for index in range(-(-makers // rows.BATCH))
    ]  # fmt: skip


@pytest.mark.parametrize("spread", ["territory", "country"])
def test_every_trade_specific_market_or_fair_fits_the_makers_trade(spread):
    call_command("gazetteer_load", department="33", verbosity=0)
    if spread == "country":
        call_command("gazetteer_load", department="19", verbosity=0)
    world = world_load(spread=spread)
    specific, mismatched = 0, []
    for batch in _sample(world, 6000, seed=2015):
        trade = {m[0]: world.tops[world.top_of[m[PRIMARY]]].slug for m in batch.makers}
        for point in batch.sales_points:
            trades = venues.venue_trades(point[NAME])
            if point[KIND] in ("market", "fair") and trades is not None:
                specific += 1
                if trade[point[0]] not in trades:
                    mismatched.append((trade[point[0]], point[NAME]))
    assert not mismatched, mismatched[:10]
    assert specific > 100  # trade fairs are still drawn


def test_a_ceramics_fair_takes_potters_only():
    assert venues.venue_trades("Rencontres céramiques de Bordeaux") == ("ceramique",)
    bike_fairs = {name for name, _, _ in venues.gironde_venues("fair", "sports-et-glisse")}
    assert "Rencontres céramiques de Bordeaux" not in bike_fairs
    assert "Salon de la glisse artisanale" in bike_fairs
    assert "Rencontres céramiques de Bordeaux" in {
        name for name, _, _ in venues.gironde_venues("fair", "ceramique")
    }
    for top_slug in ("ceramique", "sports-et-glisse", "savons-et-cosmetiques", "unknown"):
        assert venues.gironde_venues("market", top_slug)  # generic markets fit any trade
        assert venues.gironde_venues("fair", top_slug)
