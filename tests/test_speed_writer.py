"""build_speed's writer keeps Pelican's rules for writing a file twice, for pages rendered and pages kept."""

from __future__ import annotations

import pytest
from build_speed.writer import SpeedWriter
from pelican.writers import FileOverwriteFailedError

from tests.sitebuild import build_site, copy_content


def write(writer, path, text, override=False, kept=False):
    if kept:
        writer.keep(path.name)
    with writer._open_w(str(path), "utf-8", override=override) as stream:
        stream.write(text)


@pytest.mark.parametrize("kept", [False, True], ids=["rendered", "kept"])
def test_pelicans_rules_for_writing_a_file_twice_still_hold(tmp_path, kept):
    writer = SpeedWriter(str(tmp_path), settings={})
    page = tmp_path / "page.html"
    page.write_text("as the last build left it")
    write(writer, page, "one", kept=kept)
    assert page.read_text() == ("as the last build left it" if kept else "one")
    with pytest.raises(FileOverwriteFailedError, match="already written"):
        write(writer, page, "two")
    write(writer, page, "three", override=True)
    write(writer, page, "four")  # after an override, later writes are skipped
    assert page.read_text() == "three"
    with pytest.raises(FileOverwriteFailedError, match="a second time"):
        write(writer, page, "five", override=True)
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


@pytest.mark.parametrize("cache", [False, True], ids=["cold", "with a cache"])
def test_two_posts_saved_as_one_file_still_stop_the_build(tmp_path, cache, monkeypatch):
    """The writer keeps Pelican's refusal to write one file twice. The content check leaves one of two such posts
    out (tests/test_writing.py): it is set aside here, to reach the writer with both."""
    import writing
    from writing.checks import Checked

    monkeypatch.setattr(writing, "checked_site", lambda settings, *args, **kwargs: Checked([], None))
    content = copy_content(tmp_path)
    for title in ("Twin", "Also Twin"):
        (content / f"{title.lower().replace(' ', '-')}.md").write_text(
            f"Title: {title}\nSave_as: twin/index.html\nDate: 2024-03-02\nAuthor: Chris\nTags: resumes\n\nTwice.\n"
        )
    cached = {"CACHE_CONTENT": cache, "LOAD_CONTENT_CACHE": cache, "CACHE_PATH": str(tmp_path / "cache")}
    for _build in ("first", "again"):  # a build that stops records no page key: the next one renders all
        with pytest.raises(FileOverwriteFailedError, match=r"twin/index\.html"):
            build_site(tmp_path / "out", PATH=str(content), **cached)
