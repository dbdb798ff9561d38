"""No two API schemas share a name: django-ninja names a schema in openapi.json by its class
name alone, so a second `CategoryOut` would silently replace the first in the document that
partners generate their clients from."""

from collections import defaultdict

from ninja import Schema

import localiste.api.api  # noqa: F401  (imports every router, hence every schema)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_api_schema_has_its_own_name():
    by_name = defaultdict(set)
    for schema in _subclasses(Schema):
        module = schema.__module__
        if module.startswith("localiste.") and ".tests" not in module:
            by_name[schema.__name__].add(f"{module}.{schema.__qualname__}")
    assert len(by_name) >= 10  # the API's schemas were found
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}
