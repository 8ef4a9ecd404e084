"""The steady writer: an unchanged file is left alone, a changed one rewritten, Pelican's rules kept."""

import os
import time

import pytest
from build_speed.writer import SpeedWriter
from pelican.writers import FileOverwriteFailedError


class SteadyWriter(SpeedWriter):
    steady = True


def write(writer, path, text, override=False):
    with writer._open_w(str(path), "utf-8", override=override) as stream:
        stream.write(text)


def test_unchanged_files_keep_their_time_and_changed_ones_are_rewritten(tmp_path):
    same, changed, new = tmp_path / "same.html", tmp_path / "changed.html", tmp_path / "new.html"
    same.write_text("<p>é</p>\n", encoding="utf-8")
    changed.write_text("<p>old</p>\n", encoding="utf-8")
    stamps = {p: p.stat().st_mtime_ns for p in (same, changed)}
    time.sleep(0.02)
    writer = SteadyWriter(str(tmp_path), settings={})
    for path, text in ((same, "<p>é</p>\n"), (changed, "<p>new</p>\n"), (new, "<p>first</p>\n")):
        write(writer, path, text)
    assert same.stat().st_mtime_ns == stamps[same]
    assert changed.read_text(encoding="utf-8") == "<p>new</p>\n" and changed.stat().st_mtime_ns != stamps[changed]
    assert new.read_text(encoding="utf-8") == "<p>first</p>\n"


def test_pelicans_rules_for_writing_a_file_twice_still_hold(tmp_path):
    writer = SteadyWriter(str(tmp_path), settings={})
    page = tmp_path / "page.html"
    write(writer, page, "one")
    with pytest.raises(FileOverwriteFailedError, match="already written"):
        write(writer, page, "two")
    write(writer, page, "three", override=True)
    write(writer, page, "four")  # after an override, later writes are skipped
    assert page.read_text() == "three"
    with pytest.raises(FileOverwriteFailedError, match="a second time"):
        write(writer, page, "five", override=True)
    assert os.listdir(tmp_path) == ["page.html"]
