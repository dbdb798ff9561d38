"""How long sign-up takes for an address that has an account and for one that has not.

    .venv/bin/python bench/signup_timing.py            # 30 sign-ups of each kind
    .venv/bin/python bench/signup_timing.py --rounds 50
    .venv/bin/python bench/signup_timing.py --allauth-form   # allauth's own form: the gap

Both must take about as long, or the delay tells who has an account (the page and the mail
are alike on purpose: ACCOUNT_PREVENT_ENUMERATION). Runs the whole stack through Django's
test Client, with the real password hasher of the settings (PBKDF2 by default), against a
throwaway SQLite database; the two kinds alternate so that a busy machine slows both alike.
Prints the median and the 90th percentile of each, in milliseconds, and their difference.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(folder: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'signup.sqlite3'}",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        DEBUG="1",  # plain static files: no collectstatic needed
        EMAIL_URL="locmem://",
        LOG_LEVEL="ERROR",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def known_accounts(count: int) -> list[str]:
    """`count` accounts (one password hash for all: creating them is not what is measured)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    password = make_password("Cuir-tanné-végétal-2024")
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"known{n}", email=f"known{n}@example.org", password=password)
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return [user.email for user in users]


def signup_ms(client, email: str, number: int) -> float:
    # A new client address each time: allauth's "20 sign-ups a minute per address" stays out.
    password = "Faïence-émaillée-1789"
    data = {"email": email, "password1": password, "password2": password}
    address = f"198.51.{number // 250}.{number % 250}"
    start = time.perf_counter()
    response = client.post("/compte/signup/", data, REMOTE_ADDR=address)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 302, response.status_code
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="sign-ups of each kind")
    parser.add_argument(
        "--allauth-form",
        action="store_true",
        help="measure allauth's own sign-up form, which hashes only a new account's password",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder))
        from django.conf import settings
        from django.core import mail
        from django.test import Client

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        if args.allauth_form:
            settings.ACCOUNT_FORMS = {}
        mail.outbox = []
        known = known_accounts(args.rounds + 2)
        client = Client()
        timings = {"known": [], "new": []}
        for number in range(args.rounds + 2):
            known_ms = signup_ms(client, known[number], 2 * number)
            new_ms = signup_ms(client, f"new{number}@example.org", 2 * number + 1)
            if number >= 2:  # the first rounds warm the caches up
                timings["known"].append(known_ms)
                timings["new"].append(new_ms)
        hasher = settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1]
        form = "allauth's" if args.allauth_form else "the site's"
        print(
            f"sign-up with {form} form, {args.rounds} of each kind, hasher {hasher}, "
            f"{len(mail.outbox)} mails"
        )
        for kind, samples in timings.items():
            ordered = sorted(samples)
            p90 = ordered[int(0.9 * (len(ordered) - 1))]
            median = statistics.median(samples)
            print(f"  {kind:>5} address: median {median:7.1f} ms  p90 {p90:7.1f} ms")
        gap = statistics.median(timings["new"]) - statistics.median(timings["known"])
        print(f"  difference of the medians (new - known): {gap:+.1f} ms")


if __name__ == "__main__":
    main()
