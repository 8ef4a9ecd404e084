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


def test_a_bad_link_of_a_bio_is_named_at_its_own_line(tmp_path):
    """Found by an outside tester: a bad second `Links:` line was reported on the field's first line."""
    from pelican.settings import read_settings
    from writing import check_site

    from tests.sitebuild import ROOT, copy_content

    content = copy_content(tmp_path)
    (content / "authors" / "ann.md").write_text(
        "Name: Ann\nLinks: Website https://ann.example\n    Mastodon not-a-url\n\nAnn writes.\n", encoding="utf-8"
    )
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    found = [(p.line, p.message) for p in check_site(settings) if p.path.endswith("ann.md")]
    assert [line for line, _ in found] == [3], found
    assert "'Mastodon not-a-url'" in found[0][1]


def test_a_bios_link_that_leads_nowhere_is_named_once_at_its_line_by_the_publish_too(tmp_path):
    """The next tester's: a bio's `{filename}` and relative links passed the check, and the publish blamed every
    post of its author (and the listing pages), once a page."""
    from publishing.strict import strict_build

    from tests.sitebuild import ROOT, copy_content

    content = copy_content(tmp_path)
    bio = content / "authors" / "chris.md"
    bio.write_text(bio.read_text() + "\nSee [a post]({filename}what-to-do-after-striking-out-in-the-job-market.md).\n")
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out"), "SITEURL": "https://blog.example.com",
                 "FEED_DOMAIN": "https://blog.example.com", "COMMENTS_FORMSPREE_ID": "x"}  # fmt: skip
    problems = [str(p) for p in strict_build(str(ROOT / "publishconf.py"), overrides)]
    assert len(problems) == 1 and problems[0].endswith(
        "authors/chris.md:5: link {filename}what-to-do-after-striking-out-in-the-job-market.md in a bio leads"
        " nowhere: Pelican finds its file from the bio's folder, or from content/ with a leading '/'"
        " ({filename}/its-file), and there is none there"
    ), problems


def test_a_bios_link_pelican_resolves_from_the_sites_root_is_left_to_the_publish(tmp_path):
    """The next tester's: `{index}`, `{tag}x`, `{filename}/post.md` in a bio are resolved against the site's address,
    and work on every page; the check named them as leading nowhere."""
    from pelican.settings import read_settings
    from writing import check_site

    from tests.sitebuild import ROOT, copy_content

    content = copy_content(tmp_path)
    bio = content / "authors" / "chris.md"
    bio.write_text(
        bio.read_text() + "\n[home]({index}), [tag]({tag}interviews), [me]({author}Chris#bio),"
        " [post]({filename}/what-to-do-after-striking-out-in-the-job-market.md), [up]({filename}../what-to-do-after-"
        "striking-out-in-the-job-market.md), [mail](mailto:c@example.com) and [top](#top); [oops]({hom}).\n"
    )
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    found = [p.message for p in check_site(settings) if p.path.endswith("chris.md")]
    assert found == [
        "link {hom}: Pelican knows no {hom} and leaves the link as written: write one of {filename}, {static},"
        " {attach}, {tag}, {category}, {author}, {index}"
    ], found
