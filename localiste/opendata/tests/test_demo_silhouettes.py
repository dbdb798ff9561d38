"""Demo pictures show a silhouette of what their craft makes, and their alt text names it."""

import io
import json
from pathlib import Path
from random import Random

import pytest
from PIL import ImageColor

from localiste.opendata.demo import images
from localiste.opendata.demo.banks import craft_bank
from localiste.opendata.demo.silhouettes import BY_KEY, PARCEL, SILHOUETTES, silhouette_for

CATEGORIES = Path(__file__).parents[2] / "catalog" / "data" / "categories.json"
TOPS = [top["slug"] for top in json.loads(CATEGORIES.read_text())["categories"]]


def _job(slug: str, kind: str = "product", seed: int = 0) -> images.ImageJob:
    rng = Random(f"{slug}:{kind}:{seed}")
    palette = craft_bank(slug).palette
    return images.job_for(name="demo/x.jpg", kind=kind, palette=palette, rng=rng, subject=slug)


def _jpeg(job: images.ImageJob) -> bytes:
    buffer = io.BytesIO()
    images.draw(job).save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def test_every_top_level_category_has_a_silhouette():
    assert len(TOPS) == 19
    assert set(SILHOUETTES) == set(TOPS)
    assert all(SILHOUETTES[slug] for slug in TOPS)


def test_a_category_added_on_the_site_gets_the_parcel():
    # Only for a slug categories.json does not know: each of its own has its drawings.
    assert silhouette_for("bougies", 3) is PARCEL
    assert all(PARCEL not in SILHOUETTES[slug] for slug in TOPS)
    job = _job("bougies")
    assert images.describe(job) == "un colis ficelé"
    assert 0.05 <= _ink_share(job) <= 0.60


def test_without_a_subject_the_picture_keeps_its_pattern():
    # The heritage pages' textures ask for no subject: an abstract pattern, named as such.
    job = images.job_for(
        name="x.jpg", kind="product", palette=("#ffffff", "#000000"), rng=Random(1)
    )
    assert job.silhouette == ""
    assert images.describe(job) == images.PATTERN_NAMES_FR[job.pattern]


def test_a_subject_takes_no_extra_draw_from_the_generator():
    palette = craft_bank("bijoux").palette
    with_subject, without = Random(5), Random(5)
    images.job_for(name="x.jpg", kind="cover", palette=palette, rng=with_subject, subject="bijoux")
    images.job_for(name="x.jpg", kind="cover", palette=palette, rng=without)
    assert with_subject.random() == without.random()


@pytest.mark.parametrize("kind", ["product", "cover"])
def test_the_same_seed_gives_the_same_bytes(kind):
    assert _jpeg(_job("mobilier", kind, 4)) == _jpeg(_job("mobilier", kind, 4))
    assert _jpeg(_job("mobilier", kind, 4)) != _jpeg(_job("mobilier", kind, 5))


def test_the_seed_picks_among_the_drawings_of_a_category():
    shown = {_job("mobilier", "product", seed).silhouette for seed in range(12)}
    assert shown == {"chair", "table"}


def _ink_share(job: images.ImageJob) -> float:
    """The share of the picture's pixels in the silhouette's ink."""
    background, *inks = job.palette
    ink = ImageColor.getrgb(images.silhouette_ink(background, inks))
    image = images.draw(job)
    counts = {colour: count for count, colour in image.getcolors(1 << 16)}
    return counts.get(ink, 0) / (image.width * image.height)


@pytest.mark.parametrize("slug", TOPS)
def test_the_silhouette_covers_a_fair_share_of_the_picture(slug):
    for kind in ("product", "cover", "gallery"):
        for seed in range(3):
            job = _job(slug, kind, seed)
            assert 0.05 <= _ink_share(job) <= 0.60, (slug, kind, seed, job.silhouette)


def test_the_alt_text_names_the_drawn_object():
    for slug in TOPS:
        job = _job(slug, "gallery", 2)
        silhouette = BY_KEY[job.silhouette]
        assert silhouette in SILHOUETTES[slug]
        assert images.describe(job) == silhouette.name_fr
        assert images.describe(job, language="en") == silhouette.name_en
    assert images.describe(_job("ceramique")) == "un vase"
    assert images.describe(_job("ceramique"), language="en") == "a vase"


def test_a_logo_keeps_its_monogram():
    rng = Random(2)
    palette = craft_bank("verre").palette
    job = images.job_for(
        name="x.jpg", kind="logo", palette=palette, rng=rng, monogram="AB", subject="verre"
    )
    assert job.silhouette == ""
