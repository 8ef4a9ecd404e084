"""Author bios: metadata, links and articles lacking a bio."""

import pytest
from author_bios.bios import bio_from_metadata, parse_links


def slug(name):
    return name.lower().replace(" ", "-")


def test_a_bio_with_photo_and_links():
    bio, problems = bio_from_metadata(
        {
            "name": "Chris",
            "photo": "{static}/images/chris.jpg",
            "links": ["Website https://chris.example", "Linked In https://li.example/c"],
        },
        "<p>Bio</p>",
        "content/authors/chris.md",
        slug,
    )
    assert problems == []
    assert (bio.name, bio.slug, bio.photo, bio.photo_alt) == ("Chris", "chris", "images/chris.jpg", "Photo of Chris")
    assert [(link.label, link.url) for link in bio.links] == [
        ("Website", "https://chris.example"),
        ("Linked In", "https://li.example/c"),
    ]


def test_a_bio_needs_a_name():
    bio, problems = bio_from_metadata({}, "<p>x</p>", "a.md", slug)
    assert bio is None and "needs a 'Name:'" in problems[0]


def test_an_empty_bio_is_reported():
    _bio, problems = bio_from_metadata({"name": "Zoë"}, "  ", "a.md", slug)
    assert problems == ["the bio of Zoë has no text below its metadata"]


@pytest.mark.parametrize("value", ["Home javascript:alert(1)", "Home www.example.com", "just-a-word"])
def test_links_that_are_not_web_urls_are_refused(value):
    links, problems = parse_links(value)
    assert links == () and problems


def test_non_ascii_names_keep_their_letters():
    bio, _ = bio_from_metadata({"name": "Δημήτρης Παπαδόπουλος"}, "<p>Γεια</p>", "a.md", slug)
    assert bio.name == "Δημήτρης Παπαδόπουλος"
