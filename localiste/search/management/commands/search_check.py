"""manage.py search_check: the index holds one document per published object, or exit 1."""

from django.core.management.base import BaseCommand, CommandError

from localiste.search.services import search_check


class Command(BaseCommand):
    help = "Compare the indexed documents with the published objects of every source."

    def handle(self, *args, **options):
        wrong = []
        for source, (indexed, expected) in search_check().items():
            self.stdout.write(f"{source}: {indexed} indexed, {expected} expected")
            if indexed != expected:
                wrong.append(source)
        if wrong:
            raise CommandError(f"Out of sync: {', '.join(wrong)}. Run manage.py search_rebuild.")
        self.stdout.write("Search index in sync.")
