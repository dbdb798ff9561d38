"""The one error of backups and restores: its message is what the operator reads."""


class BackupError(Exception):
    """A backup or a restore that could not be done; the message says why, in the site's
    language, and nothing was changed unless it says so."""
