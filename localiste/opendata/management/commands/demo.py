"""manage.py demo: fill the directory with believable, reproducible demo makers."""

import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from localiste.opendata.demo.heritage import demo_heritage_generate
from localiste.opendata.services import demo_generate
from localiste.search.services import search_rebuild


class Command(BaseCommand):
    help = (
        "Publish N demo makers (the same ones for a given seed) with products, photos, "
        "opening hours and places to buy, spread over the default territory's communes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--makers", type=int, default=300, help="how many (default 300)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if any maker already exists"
        )
        parser.add_argument(
            "--spread",
            choices=("territory", "country"),
            default="territory",
            help="communes of the default territory (default) or of its whole country",
        )
        parser.add_argument(
            "--skip-index",
            action="store_true",
            help="leave the search index alone (run manage.py search_rebuild afterwards)",
        )
        parser.add_argument(
            "--images-pool",
            type=int,
            default=None,
            metavar="K",
            help="share K generated pictures between makers (default: own pictures up to "
            "200 makers, else a pool of 200)",
        )

    def handle(self, *args, makers, seed, if_empty, spread, images_pool, skip_index, **options):
        if makers < 0 or (images_pool is not None and images_pool < 1):
            raise CommandError("--makers must be ≥ 0 and --images-pool ≥ 1.")
        try:
            summary = demo_generate(
                makers=makers,
                seed=seed,
                spread=spread,
                images_pool=images_pool,
                progress=options["verbosity"] > 0,
                if_empty=if_empty,
            )
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(summary))
        if not summary.skipped:
            # A few makers of the territory's heritage crafts, and the pages about them.
            self.stdout.write(str(demo_heritage_generate(seed=seed)))
        if not (summary.skipped or skip_index):
            # Bulk loads skip the per-maker services, so the search index is rebuilt once.
            started = time.perf_counter()
            search_rebuild()
            self.stdout.write(f"Search index rebuilt in {time.perf_counter() - started:.1f} s.")
