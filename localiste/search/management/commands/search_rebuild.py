"""manage.py search_rebuild: rebuild the search index from every registered source."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from localiste.search.services import search_expected_count, search_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index (full text, map, vocabulary) from the published objects."

    def handle(self, *args, **options):
        bar = tqdm(
            total=search_expected_count(),
            unit=" documents",
            disable=options["verbosity"] < 1,
            smoothing=0.05,
        )
        try:
            timings = search_rebuild(progress=bar.update)
        finally:
            bar.close()
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        self.stdout.write(f"Search index rebuilt: {steps}.")
