"""Credit files and credit lines: pure functions, real and nasty inputs."""

import pytest
from bs4 import BeautifulSoup
from image_credits.credits import Credit, format_credit, parse_credit


def text_of(markup) -> str:
    return BeautifulSoup(str(markup), "html.parser").get_text()


def test_a_full_credit_file_is_parsed():
    credit, problems = parse_credit(
        "# comment\nCreator: David Castillo Dominici\nSource: FreeDigitalPhotos\n"
        "Source-URL: http://www.freedigitalphotos.net/\nLicense: CC BY 2.0\n"
        "License-URL: https://creativecommons.org/licenses/by/2.0/\nAlt: A man\n"
    )
    assert problems == []
    assert credit == Credit(
        creator="David Castillo Dominici",
        source="FreeDigitalPhotos",
        source_url="http://www.freedigitalphotos.net/",
        licence="CC BY 2.0",
        licence_url="https://creativecommons.org/licenses/by/2.0/",
        alt="A man",
    )


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("Creator: A\nLicnse: CC0\n", 2, "unknown credit field 'Licnse'"),
        ("Creator: A\nthis line has no colon\n", 2, "unknown credit field"),
        ("Creator: A\nSource-URL: javascript:alert(1)\n", 2, "must be an http(s) URL"),
        ("Creator: A\nCreator-URL: www.example.com\n", 2, "must be an http(s) URL"),
        ("Licence: CC0\n", 0, "needs at least a Creator or a Source"),
        ("", 0, "needs at least a Creator or a Source"),
    ],
)
def test_credit_file_problems_name_the_line(text, line, fragment):
    _credit, problems = parse_credit(text)
    assert any(p.line == line and fragment in p.message for p in problems), problems


def test_credit_line_links_creator_and_source_when_urls_are_given():
    html = format_credit(
        Credit(creator="Ann", creator_url="https://ann.example/", source="Pics", source_url="https://pics.example/")
    )
    soup = BeautifulSoup(str(html), "html.parser")
    assert soup.get_text() == "Image credit: Ann via Pics"
    assert [a["href"] for a in soup.find_all("a")] == ["https://ann.example/", "https://pics.example/"]


def test_credit_line_shows_the_licence_linked_as_license():
    html = format_credit(Credit(source="Wikimedia Commons", licence="CC BY-SA 4.0", licence_url="https://cc.example/"))
    soup = BeautifulSoup(str(html), "html.parser")
    assert soup.get_text() == "Image credit: Wikimedia Commons (CC BY-SA 4.0)"
    assert soup.find("a", rel="license")["href"] == "https://cc.example/"


def test_credit_line_without_urls_is_plain_text():
    assert str(format_credit(Credit(creator="David Castillo Dominici", source="FreeDigitalPhotos"))) == (
        "Image credit: David Castillo Dominici via FreeDigitalPhotos"
    )


def test_html_in_a_credit_is_shown_as_text_never_markup():
    html = format_credit(Credit(creator="<script>alert(1)</script>", source='Pics" onmouseover="x'))
    soup = BeautifulSoup(str(html), "html.parser")
    assert soup.find("script") is None
    assert "<script>alert(1)</script>" in soup.get_text()
    assert not any(tag.attrs for tag in soup.find_all(True))


def test_non_ascii_names_survive():
    assert text_of(format_credit(Credit(creator="Zoë Łukasiewicz-Ångström", source="写真"))) == (
        "Image credit: Zoë Łukasiewicz-Ångström via 写真"
    )


@pytest.mark.parametrize("credit", [None, Credit(), Credit(licence="CC0")])
def test_no_creator_and_no_source_gives_no_credit_line(credit):
    assert str(format_credit(credit)) == ""


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Creator: Ann\nSource: Pics\n", 0),
        ("# A comment about the licence\nCreator: Ann\n", 0),
        ("# placeholder: write the real Creator, Source and Licence, then delete this line.\nSource: Old blog\n", 1),
        ("For: https://x.example/a.jpg\n  # Placeholder\nSource: Old blog\n", 2),
        # as the WordPress import marked one before it wrote '# placeholder'
        (
            "# Imported from WordPress, which did not say who made this image:\n"
            "# replace Source with the real Creator, Source and Licence.\nSource: Old blog\n",
            1,
        ),
    ],
)
def test_a_placeholder_credit_is_found_at_its_line(text, line):
    from image_credits.credits import placeholder_line

    assert placeholder_line(text) == line


def test_what_an_editor_leaves_beside_an_image_is_not_published(tmp_path):
    """An outside tester's: `chart.svg.credit.bak` (a credit, with its contributor's notes) was copied to the site."""
    from tests.sitebuild import build_site, copy_content

    content = copy_content(tmp_path)
    images = content / "images"
    for name in ("striking-out.svg.credit.bak", "striking-out.svg~", ".striking-out.svg.swp", ".DS_Store", "x.orig"):
        (images / name).write_text("left over")
    output = build_site(tmp_path / "out", PATH=str(content))
    assert sorted(p.name for p in (output / "images").iterdir()) == ["striking-out.svg"]


def test_a_credit_file_saved_with_a_byte_order_mark_reads_as_without(tmp_path):
    """Found by an outside tester: Notepad's BOM made 'unknown credit field \\ufeffCreator' and no credit shown."""
    from pelican.settings import read_settings
    from writing import check_site

    from tests.sitebuild import ROOT, build_site, copy_content

    content = copy_content(tmp_path)
    credit = content / "images" / "striking-out.svg.credit"
    credit.write_text("Creator: David Castillo Dominici\nSource: FreeDigitalPhotos\n", encoding="utf-8-sig")
    assert credit.read_bytes().startswith(b"\xef\xbb\xbfCreator")
    assert parse_credit(credit.read_text(encoding="utf-8")) == parse_credit(credit.read_text(encoding="utf-8-sig"))
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    assert [p for p in check_site(settings) if "credit" in p.path] == []
    output = build_site(tmp_path / "output", PATH=str(content))
    page = (output / "what-to-do-after-striking-out-in-the-job-market" / "index.html").read_text(encoding="utf-8")
    assert "David Castillo Dominici" in BeautifulSoup(page, "html.parser").get_text()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Creator: A\nSource FreeDigitalPhotos\n", 2, "Source needs a ':' after it (Source: ...)"),
        ("Creator: A\nSource-URL https://x.example/\n", 2, "Source-URL needs a ':' after it (Source-URL: ...)"),
        ("Creator: A\nLicence CC (see: x)\n", 2, "Licence needs a ':' after it (Licence: ...)"),
        ("Creator: A\nCreator: B\n", 2, "Creator is given twice (first on line 1): keep one"),
        ("Licence: CC\nlicense: MIT\nCreator: A\n", 2, "license is given twice (first on line 1): keep one"),
    ],
)
def test_a_field_without_its_colon_or_given_twice_is_named(text, line, message):
    """Found by an outside tester: 'unknown field Source (did you mean Source?)'; a second Creator won silently."""
    credit, problems = parse_credit(text)
    assert [(p.line, p.message) for p in problems] == [(line, message)]
    assert credit.creator == "A"
