"""Each URL worked out once per build (plugins/settled_urls): the same site, and fixed URLs still win."""

import pytest
import writing.checks
from pelican import signals
from pelican.writers import FileOverwriteFailedError

from tests.sitebuild import build_site, copy_content, page


def site_files(root):
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def make_content(tmp_path):
    """The fixture content, a post and a draft of the synthetic site, a page, a post with its own URL."""
    content = copy_content(tmp_path)
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("Title: About us\n\nWho we are.\n")
    (content / "fixed.md").write_text(
        "Title: A fixed address\nDate: 2024-03-01\nAuthor: Chris\nTags: resumes\n"
        "URL: old/fixed.html\nSave_as: old/fixed.html\n\nMoved here from the old blog.\n"
    )
    (content / "draft.md").write_text(
        "Title: Not yet\nDate: 2024-03-02\nAuthor: Chris\nTags: resumes\nStatus: draft\n\nSoon.\n"
    )
    return content


def test_a_site_with_settled_urls_is_byte_for_byte_the_same(tmp_path):
    content = make_content(tmp_path)
    settled = build_site(tmp_path / "settled", PATH=str(content))
    unsettled = build_site(tmp_path / "unsettled", PATH=str(content), SETTLED_URLS=False)
    assert site_files(settled) == site_files(unsettled)
    assert (settled / "old" / "fixed.html").is_file() and (settled / "drafts" / "not-yet" / "index.html").is_file()
    links = [a["href"] for a in page(settled, "").select("a")]
    assert "./old/fixed.html" in links and (settled / "about-us" / "index.html").is_file()


def test_after_reading_every_article_and_page_answers_from_its_settled_url(tmp_path):
    seen = {}

    def after_reading(generators):
        for content in generators[0].context["generated_content"].values():
            seen[content.slug] = (content.override_url, getattr(content, "override_save_as", None), content.url)

    signals.all_generators_finalized.connect(after_reading)  # after the plugin's: connected later
    try:
        build_site(tmp_path / "out", PATH=str(make_content(tmp_path)))
    finally:
        signals.all_generators_finalized.disconnect(after_reading)
    assert seen["a-fixed-address"] == ("old/fixed.html", "old/fixed.html", "old/fixed.html")
    assert seen["about-us"] == ("about-us/", None, "about-us/")  # save_as left to Pelican: see below
    assert seen["not-yet"][0] == "drafts/not-yet/"


def test_two_posts_written_to_one_file_still_stop_the_build(tmp_path, monkeypatch):
    """Settled URLs hide no collision from Pelican's writer (the writing plugin's check, which
    leaves the second of two posts with one slug out before anything is written, stands aside)."""
    content = make_content(tmp_path)
    (content / "twin.md").write_text((content / "draft.md").read_text().replace("Status: draft\n", "Slug: twin\n"))
    (content / "twin-2.md").write_text((content / "twin.md").read_text().replace("Not yet", "Also not yet"))
    monkeypatch.setattr(writing.checks, "duplicate_addresses", lambda *args: [])
    with pytest.raises(FileOverwriteFailedError, match=r"twin/index\.html"):
        build_site(tmp_path / "out", PATH=str(content))
