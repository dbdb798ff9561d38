import pytest

from localiste.metrics import services


@pytest.fixture
def unflushed(settings, monkeypatch):
    """`unflushed(name, Buffer)`: the site as it runs outside tests, with the service's
    buffer `name` replaced by one that only `flush` writes."""
    settings.TESTING = False

    def install(name: str, buffer_class):
        buffer = buffer_class(background=False)
        monkeypatch.setattr(services, name, buffer)
        return buffer

    return install
