"""A development build into the output a production build wrote (publish, preview) leaves none of its pages behind."""

from __future__ import annotations

from tests.sitebuild import copy_content
from tools.site.build import run_build


def test_a_development_build_after_a_publish_removes_the_pages_of_posts_deleted_since(tmp_path):
    content, output, cache = copy_content(tmp_path), tmp_path / "output", tmp_path / "cache"
    post = content / "ephemeral.md"
    post.write_text("Title: Ephemeral Zebra\nDate: 2024-01-01\nAuthor: Chris\nTags: zebra\n\nSoon gone.\n")
    places = {"PATH": str(content), "CACHE_PATH": str(cache), "COMMENTS_FORMSPREE_ID": "test1234"}
    run_build("pelicanconf.py", str(output), **places)
    run_build("publishconf.py", str(output), **places)
    assert (output / "ephemeral-zebra" / "index.html").is_file() and (output / "tag" / "zebra").is_dir()
    post.unlink()
    run_build("pelicanconf.py", str(output), **places)
    assert not (output / "ephemeral-zebra").exists() and not (output / "tag" / "zebra").exists()
    assert (output / "what-to-do-after-striking-out-in-the-job-market" / "index.html").is_file()
    # Once emptied, development builds keep their output again (the marker is gone).
    (output / "kept-by-the-writer.txt").write_text("a file the build does not make")
    run_build("pelicanconf.py", str(output), **places)
    assert (output / "kept-by-the-writer.txt").is_file()
