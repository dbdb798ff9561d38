"""The version of Localiste that is running: what archives record and `upgrade` prints."""

import importlib.metadata
import tomllib
from functools import cache
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"
UNKNOWN = "0+unknown"


@cache
def localiste_version() -> str:
    """The installed package's version (pyproject.toml's, as pip recorded it).

    A source tree run without `pip install` has no package metadata: its pyproject.toml
    says the version then.
    """
    try:
        return importlib.metadata.version("localiste")
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        with PYPROJECT.open("rb") as pyproject:
            return str(tomllib.load(pyproject)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return UNKNOWN
