"""The desk's settings are checked at start-up: a typo is an error, not a silent default."""

from localiste.moderation.checks import moderation_settings


def test_good_settings_pass(settings):
    settings.REVIEWED_FIELDS = ["name", "categories", "address", "photos", "story"]
    assert moderation_settings(None) == []


def test_unknown_parts_and_bad_choices_are_errors(settings):
    settings.REVIEWED_FIELDS = ["name", "adress"]
    settings.MODERATION_SUBMISSION_MAIL = "weekly"
    settings.MODERATION_DIGEST_HOUR = 25
    errors = {error.id: error.msg for error in moderation_settings(None)}
    assert "adress" in errors["localiste.moderation.E001"]
    assert set(errors) == {
        "localiste.moderation.E001",
        "localiste.moderation.E002",
        "localiste.moderation.E003",
    }
