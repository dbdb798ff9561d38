"""Localiste settings: one module, every deployment choice read from environment variables.

See the configuration table in README.md for what each variable does.
"""

import importlib.util
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url

from config.error_reporting import admins_from_env, logging_config, sentry_init
from config.languages import site_languages

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# --- the operator: name, look, territory -------------------------------------------------
SITE_NAME = os.environ.get("SITE_NAME", "Localiste Gironde")
# The site's public address, scheme and host only (https://makers.example.org): links in mails,
# on QR posters and in shared pages start with it. Empty: the address each request came to.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL:
    _site = urlsplit(SITE_URL)
    if _site.scheme not in {"http", "https"} or not _site.netloc or _site.path or _site.query:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"SITE_URL must be a scheme and a host (https://makers.example.org): {SITE_URL!r}"
        )
SITE_TAGLINE = os.environ.get("SITE_TAGLINE", "")
SITE_LOGO_URL = os.environ.get("SITE_LOGO_URL", "")
SITE_COLOR_PRIMARY = os.environ.get("SITE_COLOR_PRIMARY", "#1f5f5b")
SITE_COLOR_ACCENT = os.environ.get("SITE_COLOR_ACCENT", "#e07a3f")
# The demo's address: `check --deploy` warns while a site still shows it.
PLACEHOLDER_CONTACT_EMAIL = "contact@localiste.example"
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", PLACEHOLDER_CONTACT_EMAIL)
# Who answers for the site, as the about, legal notice and privacy pages state it while they
# still hold the shipped text (docs/deployment.md, "Site identity and legal pages"): French law
# asks for the publisher, its address, the director of publication and the host's name and
# address. An empty value leaves its line out, or says the operator has not published it yet.
SITE_OPERATOR_NAME = os.environ.get("SITE_OPERATOR_NAME", "") or SITE_NAME
SITE_OPERATOR_ADDRESS = os.environ.get("SITE_OPERATOR_ADDRESS", "")
SITE_PUBLICATION_DIRECTOR = os.environ.get("SITE_PUBLICATION_DIRECTOR", "")
SITE_HOST_NAME = os.environ.get("SITE_HOST_NAME", "")
SITE_HOST_ADDRESS = os.environ.get("SITE_HOST_ADDRESS", "")
# Where the site's source code can be read (the AGPL asks to offer it); empty: "on request".
SITE_SOURCE_CODE_URL = os.environ.get("SITE_SOURCE_CODE_URL", "")
DEFAULT_TERRITORY = os.environ.get("DEFAULT_TERRITORY", "gironde")
TILE_URL = os.environ.get("TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TILE_ATTRIBUTION = os.environ.get("TILE_ATTRIBUTION", "© OpenStreetMap contributors")
# Online geocoder used when the offline gazetteer has no coordinates: "", "ban" or "nominatim".
GEOCODER = os.environ.get("GEOCODER", "")
GEOCODER_BAN_URL = os.environ.get("GEOCODER_BAN_URL", "https://api-adresse.data.gouv.fr/search/")
GEOCODER_NOMINATIM_URL = os.environ.get(
    "GEOCODER_NOMINATIM_URL", "https://nominatim.openstreetmap.org/search"
)
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "5"))

# --- applications -------------------------------------------------------------------------
INSTALLED_APPS = [
    # django.contrib.admin, whose login page limits failed passwords (accounts/admin_site.py).
    "localiste.accounts.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.usersessions",
    # Only for the API docs' bundled Swagger UI files (no CDN).
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # The audit log's table and its read-only list in the admin; entries are written by the
    # makers' services (localiste/makers/audit.py), no model is logged automatically.
    "auditlog",
    "localiste.core",
    "localiste.mail",
    "localiste.places",
    "localiste.catalog",
    "localiste.metrics",
    "localiste.search",
    "localiste.content",
    "localiste.makers",
    "localiste.discovery",
    "localiste.accounts",
    "localiste.messaging",
    "localiste.sharing",
    "localiste.opendata",
    "localiste.alerts",
    "localiste.favourites",
    "localiste.space",
    "localiste.moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "localiste.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "localiste.accounts.middleware.SiteContextMiddleware",
    "localiste.accounts.middleware.ActivityMiddleware",
    # The request's user is who the audit log records for the changes made while serving it.
    "localiste.makers.audit.AuditActorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "localiste" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "localiste.core.context_processors.site",
            ],
        },
    }
]

# --- database -----------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'localiste.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections outlive requests, as PostgreSQL's do (conn_max_age above): opening one runs
    # the PRAGMAs below and starts with an empty page cache, a millisecond or more per page.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN
        # so that concurrent writers wait (busy timeout) instead of failing mid-transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;PRAGMA mmap_size=268435456;PRAGMA cache_size=-65536"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache --------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# Rendered maker, product, category and home pages for anonymous visitors are kept at most
# this long (0: never); any change they show replaces them at once (core/page_cache.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        },
    }
else:
    # A file cache is shared by the app server's worker processes, so rate limits and
    # throttles hold across them; tests switch to the in-memory cache (conftest.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "page-cache"),
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "20000"))},
        },
    }

# --- internationalisation -----------------------------------------------------------------
# The site's default language (unprefixed URLs, mail, the search index's stemmer and stop
# words, default category names) and the languages offered; checked at startup by
# core/checks.py (each needs a Snowball stemmer). See docs/languages.md.
LANGUAGE_CODE, LANGUAGES = site_languages(
    os.environ.get("LANGUAGE_CODE", "fr"), env_list("LANGUAGES", "fr,en")
)
LOCALE_PATHS = [BASE_DIR / "localiste" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_TZ = True

# --- files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Leaflet's files come from the django-leaflet package; the app itself is not installed because
# its admin widgets need GDAL, which the default install does without.
STATICFILES_DIRS = [
    BASE_DIR / "localiste" / "static",
    Path(importlib.util.find_spec("leaflet").origin).parent / "static",
]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve uploaded media from Django itself (small installs); a reverse proxy should take over.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Photos makers upload: larger files get a clear form error (the reverse proxy's body limit
# should sit a little above). Uploads above 5 MB stream to a temporary file, not memory; other
# form fields together stay under Django's default 2.5 MB.
MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "15"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440
# Pillow refuses images above this many pixels (decompression bombs).
MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", str(50_000_000)))

# --- listings -----------------------------------------------------------------------------
# What one maker's page may hold: its story and its know-how (Markdown, characters each),
# products and photos (logo, cover, gallery and products' together). At these values a maker
# page stays under 300 KB of HTML (localiste/makers/tests/test_limits.py builds the worst case).
MAX_STORY_CHARS = int(os.environ.get("MAX_STORY_CHARS", "20000"))
MAX_PRODUCTS_PER_MAKER = int(os.environ.get("MAX_PRODUCTS_PER_MAKER", "200"))
MAX_PHOTOS_PER_MAKER = int(os.environ.get("MAX_PHOTOS_PER_MAKER", "60"))
# Freshness: every published listing is asked by mail to confirm it is current once in this
# many days (since it was published or last confirmed); a reminder follows REMINDER_DAYS later,
# and a listing still unconfirmed REMINDER_DAYS after the reminder is flagged for the operators.
# The daily job sends at most MAILS_PER_RUN of these mails (requests and reminders together).
FRESHNESS_DAYS = int(os.environ.get("FRESHNESS_DAYS", "365"))
FRESHNESS_REMINDER_DAYS = int(os.environ.get("FRESHNESS_REMINDER_DAYS", "14"))
FRESHNESS_MAILS_PER_RUN = int(os.environ.get("FRESHNESS_MAILS_PER_RUN", "3000"))
# Imports (manage.py import_csv, import_geojson, import_sirene, import_osm, and the staff page
# /moderation/imports/): a file over IMPORT_MAX_BYTES is refused;
# rows are written IMPORT_BATCH_ROWS at a time, each batch one short transaction (SQLite's
# write lock is held well under 100 ms); the run's record is brought up to date every
# IMPORT_PROGRESS_ROWS rows, and keeps the first IMPORT_ROWS_KEPT skipped rows with reasons.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(100 * 1024 * 1024)))
IMPORT_BATCH_ROWS = int(os.environ.get("IMPORT_BATCH_ROWS", "100"))
IMPORT_PROGRESS_ROWS = int(os.environ.get("IMPORT_PROGRESS_ROWS", "1000"))
IMPORT_ROWS_KEPT = int(os.environ.get("IMPORT_ROWS_KEPT", "1000"))
# Files uploaded on the staff import page are kept, never served, in IMPORT_UPLOAD_DIR until
# their real run ends; one left behind (a dry run not followed) goes IMPORT_UPLOAD_KEEP_DAYS on.
IMPORT_UPLOAD_DIR = Path(os.environ.get("IMPORT_UPLOAD_DIR", VAR_DIR / "imports"))
IMPORT_UPLOAD_KEEP_DAYS = int(os.environ.get("IMPORT_UPLOAD_KEEP_DAYS", "2"))
# A real run that lists the whole source flags the listings it no longer lists, unless more
# than IMPORT_VANISHED_MAX_SHARE of them would be (a partial file, then: --complete forces).
IMPORT_VANISHED_MAX_SHARE = float(os.environ.get("IMPORT_VANISHED_MAX_SHARE", "0.5"))
# A run that saved no progress for IMPORT_STALE_MINUTES (its worker stopped) is marked failed.
IMPORT_STALE_MINUTES = int(os.environ.get("IMPORT_STALE_MINUTES", "30"))
# manage.py import_sirene: the NAF → category map ("": opendata/data/naf-categories.csv).
IMPORT_SIRENE_NAF_MAP = os.environ.get("IMPORT_SIRENE_NAF_MAP", "")

# --- moderation ---------------------------------------------------------------------------
# What a published listing's team changes only with the operators' approval (the public page
# keeps the approved values meanwhile): any of name, categories, address, photos, tagline,
# story, know_how. Others go live at once.
REVIEWED_FIELDS = env_list("REVIEWED_FIELDS", "name,categories,address,photos")
# Items of the moderation queue waiting longer than this are flagged.
MODERATION_OVERDUE_DAYS = int(os.environ.get("MODERATION_OVERDUE_DAYS", "3"))
# An operator who opens an item holds it this long (renewed while they keep it open).
MODERATION_LOCK_MINUTES = int(os.environ.get("MODERATION_LOCK_MINUTES", "15"))
# Operators hear of each submitted listing at once ("immediate") or in their daily digest
# ("digest"); the digest of what waits goes out once a day from this hour (TIME_ZONE).
MODERATION_SUBMISSION_MAIL = os.environ.get("MODERATION_SUBMISSION_MAIL", "immediate")
MODERATION_DIGEST_HOUR = int(os.environ.get("MODERATION_DIGEST_HOUR", "8"))
# Invitations to claim an imported listing: at most PER_DAY go out in any 24 hours, site-wide
# (the rest wait for the hourly job); an address invited is not invited again for RESEND_DAYS.
CLAIM_INVITATIONS_PER_DAY = int(os.environ.get("CLAIM_INVITATIONS_PER_DAY", "50"))
CLAIM_INVITATIONS_RESEND_DAYS = int(os.environ.get("CLAIM_INVITATIONS_RESEND_DAYS", "180"))
# The demand map (/moderation/demande/) shows a commune and query only from this many searches
# up: fewer could point at one person's searches.
DEMAND_MIN_SEARCHES = int(os.environ.get("DEMAND_MIN_SEARCHES", "5"))


# --- mail ---------------------------------------------------------------------------------
def email_settings(url: str) -> dict:
    """How mail is delivered, from an URL: smtp://user:pass@host:port, smtp+tls://…, console://.

    `MAIL_DELIVERY_BACKEND` is what the task worker delivers the outbox through; the site's
    own EMAIL_BACKEND is always the outbox, so that no request waits for the mail server.
    """
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "console":
        return {"MAIL_DELIVERY_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"MAIL_DELIVERY_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    options = parse_qs(parts.query)
    return {
        "MAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or 25,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": scheme == "smtp+tls",
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_TIMEOUT": int(options.get("timeout", ["10"])[0]),
    }


EMAIL_BACKEND = "localiste.mail.backend.OutboxEmailBackend"
globals().update(email_settings(os.environ.get("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <{SITE_CONTACT_EMAIL}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The envelope sender of every mail, where bounces go (piped into `manage.py mail_bounce`);
# "{id}" in it is replaced by the mail's number (VERP), e.g. bounces+{id}@makers.example.org.
MAIL_BOUNCE_ADDRESS = os.environ.get("MAIL_BOUNCE_ADDRESS", "")
# A mail that failed waits this long before its next try, twice as long after each failure.
MAIL_RETRY_FIRST_SECONDS = float(os.environ.get("MAIL_RETRY_FIRST_SECONDS", "60"))
# After this many permanent failures (refused or bounced), an address gets no more mail.
MAIL_BLOCK_AFTER_FAILURES = int(os.environ.get("MAIL_BLOCK_AFTER_FAILURES", "3"))
# Contact messages (and their outgoing mail) are deleted this many days after they arrived.
MESSAGE_RETENTION_DAYS = int(os.environ.get("MESSAGE_RETENTION_DAYS", "365"))

# --- privacy (what the privacy page promises: keep them in step with its text) -------------
# Accounts nobody used for this long are erased, NOTICE days after a warning mail.
ACCOUNT_INACTIVITY_DAYS = int(os.environ.get("ACCOUNT_INACTIVITY_DAYS", str(3 * 365)))
ACCOUNT_INACTIVITY_NOTICE_DAYS = int(os.environ.get("ACCOUNT_INACTIVITY_NOTICE_DAYS", "30"))
# Backups are deleted once this old (so an erased account leaves them within that time).
BACKUP_RETENTION_DAYS = int(os.environ.get("BACKUP_RETENTION_DAYS", "30"))
# Logged searches (what, near which commune, how many found: never who) are deleted once this
# old by the daily job; the dashboard and the demand map look back 90 days at most.
SEARCH_LOG_RETENTION_DAYS = int(os.environ.get("SEARCH_LOG_RETENTION_DAYS", "90"))

# --- backups (manage.py backup / restore; docs/deployment.md) -------------------------------
# Archives (the database, the media files and a manifest) are written to BACKUP_DIR by
# `manage.py backup` and the daily job, then deleted once BACKUP_RETENTION_DAYS old (above: the
# privacy page's promise) or beyond the newest BACKUP_KEEP, whichever comes first.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "14"))
# The off-site copy: each archive encrypted (Fernet) into BACKUP_OFFSITE_DIR, a mounted remote
# disk or a folder another tool ships away (empty: none). BACKUP_KEY is the Fernet key
# (`manage.py backup --generate-key`), kept apart from the copies; to change keys, put the new
# one first, comma-separated: the first encrypts, any of them decrypts.
BACKUP_OFFSITE_DIR = os.environ.get("BACKUP_OFFSITE_DIR", "")
BACKUP_KEY = os.environ.get("BACKUP_KEY", "")
# Where pg_dump, pg_restore and psql are when not on PATH (found in /usr/lib/postgresql/*/bin).
BACKUP_PG_BIN = os.environ.get("BACKUP_PG_BIN", "")

# --- open data (/donnees/, manage.py export_opendata) ---------------------------------------
# The published makers as CSV (with its Table Schema), GeoJSON and JSON-LD, rewritten by the
# task worker at most once in MIN_INTERVAL_MINUTES after listings changed, into OPENDATA_DIR;
# the reverse proxy serves that folder at OPENDATA_URL (docs/deployment.md), Django too when
# SERVE_OPENDATA (small installs, as SERVE_MEDIA). The licence of every file but those of
# share-alike sources (ODbL), which keep their source's: a name, its address and, for the
# Data Package descriptor, its identifier (https://spdx.org/licenses/).
OPENDATA_DIR = Path(os.environ.get("OPENDATA_DIR", VAR_DIR / "opendata"))
OPENDATA_URL = os.environ.get("OPENDATA_URL", "/donnees/fichiers/")
SERVE_OPENDATA = env_bool("SERVE_OPENDATA", SERVE_MEDIA)
OPENDATA_MIN_INTERVAL_MINUTES = int(os.environ.get("OPENDATA_MIN_INTERVAL_MINUTES", "60"))
OPENDATA_LICENCE = {
    "name": os.environ.get("OPENDATA_LICENCE_NAME", "Licence Ouverte 2.0 (Etalab)"),
    "url": os.environ.get(
        "OPENDATA_LICENCE_URL", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    ),
    "id": os.environ.get("OPENDATA_LICENCE_ID", "etalab-2.0"),
}

# --- background tasks (django-tasks; `manage.py db_worker` runs them) -----------------------
# Tests run tasks at once, in the process that enqueues them.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto (BEHIND_HTTPS_PROXY=1) the
# site is HTTPS only: plain HTTP is redirected, and browsers are told to come back over HTTPS
# only (HSTS) for an hour, until the operator raises it (a year: 31536000) once HTTPS works.
# `make run` serves plain HTTP on 127.0.0.1 and sets none of this.
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", BEHIND_HTTPS_PROXY)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "3600" if BEHIND_HTTPS_PROXY else "0")
)
# Both bind more than this site (every subdomain; the browsers' built-in list, slow to leave):
# the operator says yes to each.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# --- accounts (django-allauth: email and password, verified email, no username) ------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "localiste.accounts.adapter.AccountAdapter"
# Sign-up hashes the password whether or not the address has an account (same delay).
ACCOUNT_FORMS = {"signup": "localiste.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Login, signup and reset answer alike for known and unknown emails (no account enumeration).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# allauth's defaults (login failures, signups, resets, verification mails…), plus a cap on
# the costly "download my data" archive. Failed logins (of /compte/login/ and /admin/login/
# alike) and that archive are counted atomically in the database, or Redis
# (accounts/limits.py); allauth counts the others in the shared cache above.
ACCOUNT_RATE_LIMITS = {"account_export": "5/h/user"}
# Behind a reverse proxy, rate limits count the client's address from X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# The API's throttle counts clients the same way (0: the connecting address, not a header).
NINJA_NUM_PROXIES = ALLAUTH_TRUSTED_PROXY_COUNT
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/m")
LOGIN_URL = "account_login"
# The maker space, in the language of the page the person logged in from (/espace/, /en/espace/).
LOGIN_REDIRECT_URL = "space:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- error reporting: who hears about a 500 (the 500 page says so only when someone does) --
# ADMINS="Ada Lovelace <ada@example.org>, bob@example.org": each 500 is mailed (via the outbox).
ADMINS = admins_from_env(os.environ.get("ADMINS", ""))
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
LOGGING = logging_config(DEBUG, ADMINS, level=os.environ.get("LOG_LEVEL", "WARNING"))
# SENTRY_DSN: errors also go to a Sentry-compatible server (sentry-sdk); never in the tests.
SENTRY_DSN = "" if TESTING else os.environ.get("SENTRY_DSN", "")
sentry_init(
    SENTRY_DSN, os.environ.get("SENTRY_ENVIRONMENT", ""), os.environ.get("SENTRY_RELEASE", "")
)
ERROR_REPORTING = bool(ADMINS or SENTRY_DSN)
