"""The writer of the backup tests: publishes makers through the services (MakerFactory), one
transaction after another, as fast as it can, until the file STOP exists.

Each maker is written to the file LOG once committed (id, name, time), so that a test knows
which makers a backup must hold: all those committed before it began.

Run as `python -m localiste.core.tests.backup_writer LOG STOP` in a site's environment
(backup_sites.Site.start); it prints READY once set up.
"""

import json
import sys
import time
from pathlib import Path


def write_until_stopped(log: Path, stop: Path) -> None:
    import django

    django.setup()
    from localiste.catalog.models import Category
    from localiste.makers.tests.factories import MakerFactory

    category = Category.objects.order_by("pk").first()
    print("READY", flush=True)
    number = 0
    with log.open("a") as committed:
        while not stop.exists():
            maker = MakerFactory(name=f"Atelier écrit {number}", primary_category=category)
            record = {"id": maker.pk, "name": maker.name, "at": time.time()}
            committed.write(json.dumps(record) + "\n")
            committed.flush()
            number += 1


if __name__ == "__main__":
    write_until_stopped(Path(sys.argv[1]), Path(sys.argv[2]))
