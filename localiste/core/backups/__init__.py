"""Backups, restores and upgrades of a Localiste site (docs/deployment.md).

`services` holds what the commands and the daily job call: `backup_create` (the database as a
consistent snapshot, the media files and a manifest in one archive; old archives pruned; an
encrypted off-site copy) and `backup_restore`. The vendors' own ways of copying a live
database are in `sqlite` (the online backup API) and `postgres` (pg_dump, psql); `archive`
writes and checks the archive files, `offsite` encrypts them, `retention` prunes them, and
`upgrade` is `manage.py upgrade`'s list of steps.
"""
