"""`invoke livereload` as a writer uses it: warm rebuilds of what changed, a new process for new plugin code.

The end-to-end test runs the real task in a copy of the project (port 0: an
ephemeral port), edits a post, adds one, edits a template and then plugin code,
and after each rebuild compares the served folder with a cold build.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.sitebuild import FIXTURE_CONTENT, ROOT, build_site
from tools.site.live import Outcome, Rebuilds, WarmBuilds, changed, plugin_code

PATIENCE = 120  # seconds to wait for one rebuild on a busy machine


class FakeBuilds:
    """Stands for WarmBuilds: records what livereload asked of it."""

    def __init__(self):
        self.calls = []

    def build(self):
        self.calls.append("build")
        return Outcome(True, 0.1)

    def restart(self):
        self.calls.append("restart")


def test_a_change_rebuilds_once_and_plugin_code_starts_a_new_process(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "plugins" / "extra").mkdir(parents=True)
    post, plugin = tmp_path / "content" / "post.md", tmp_path / "plugins" / "extra" / "__init__.py"
    post.write_text("Title: A post\n")
    plugin.write_text("")
    builds = FakeBuilds()
    rebuild = Rebuilds(builds, ["content/**/*", "plugins/**/*.py"], ["plugins"], root=tmp_path)
    post.write_text("Title: A post, edited\n")
    os.utime(post, (1, 1))
    rebuild()
    rebuild()  # livereload calls once per watched pattern: nothing new the second time
    assert builds.calls == ["build"]
    assert "after changes to content/post.md" in capsys.readouterr().out
    os.utime(plugin, (2, 2))
    rebuild()
    assert builds.calls == ["build", "restart", "build"]
    assert "in a new build process (plugin code or settings changed)" in capsys.readouterr().out


def test_only_python_files_under_a_plugin_folder_are_plugin_code(tmp_path):
    paths = [str(tmp_path / p) for p in ("plugins/a/b.py", "plugins/a/README.md", "tools/c.py", "content/d.py")]
    assert plugin_code(paths, ["plugins"], root=tmp_path) == [paths[0]]
    assert changed({"a": 1.0, "b": 2.0}, {"a": 1.0, "b": 3.0, "c": 1.0}) == ["b", "c"]


def test_the_warm_process_builds_again_and_again_and_survives_a_failed_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}  # never the project's own cache
    builds = WarmBuilds("pelicanconf.py", str(tmp_path / "output"), overrides, log=subprocess.DEVNULL)
    try:
        first = builds.build()
        process = builds.process
        (content / "bad.md").write_bytes(b"Title: Not UTF-8\nDate: 2024-01-01\n\ncaf\xe9\n")
        second = builds.build()
        assert first.ok and second.ok and builds.process is process  # the same warm process
        builds.restart()
        assert builds.build().ok and builds.process is not process
    finally:
        builds.close()
    assert builds.process is None


def site_files(root: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file of a built site, by path; folders whose names start with `skip` left unvisited (the search index,
    swapped in the background while this walks: a folder of it vanished under rglob)."""
    found = {}
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith(skip))
        for name in names:
            path = Path(folder) / name
            try:
                found[str(path.relative_to(root))] = path.read_bytes()
            except FileNotFoundError:  # gone meanwhile: the index's work files
                continue
    return dict(sorted(found.items()))


@pytest.fixture
def project(tmp_path):
    """A copy of the project with the fixture content, to run `invoke livereload` in."""
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    for folder in ("plugins", "tools", "theme", "benchmarks"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


class Task:
    """`invoke livereload` running in the background, its output read line by line."""

    def __init__(self, project: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "invoke", "livereload", "--port", "0"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "COLUMNS": "300", "FORMSPREE_ID": "test1234"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def rebuilt(self) -> str:
        """The next 'Rebuilt ...' line."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "livereload stopped"
                continue
            if line.startswith("Rebuilt in"):
                return line
        raise AssertionError("no rebuild")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def test_livereload_as_a_writer_uses_it(project, tmp_path):
    task = Task(project)
    try:
        task.rebuilt()
        steps = [
            ("content/what-to-do-after-striking-out-in-the-job-market.md", "\n\nA paragraph added.\n", "content/"),
            ("content/a-new-post.md", "Title: A New Post\nDate: 2024-05-01\nAuthor: Chris\nTags: news\n\nNew.\n", ""),
            ("content/a-new-post.md", None, ""),  # deleted
            ("theme/templates/partials/tag_list.html", "<!-- a template edit -->\n", ""),
            ("plugins/image_credits/credits.py", "\n# a plugin edit\n", "in a new build process"),
        ]
        for number, (name, text, said) in enumerate(steps):
            path = project / name
            if text is None:
                path.unlink()
            else:
                path.write_text((path.read_text() if path.exists() else "") + text)
            line = task.rebuilt()
            assert f"after changes to {name}" in line and said in line
            cold = build_site(
                tmp_path / f"cold-{number}",
                PATH=str(project / "content"),
                THEME=str(project / "theme"),
                COMMENTS_FORMSPREE_ID="test1234",  # as FORMSPREE_ID gives livereload's builds
            )
            # The search index (pagefind/) is made after each build, in the background, by another program: not
            # Pelican's output (nor is the old index on its way out, .pagefind-old-*, while the new one is swapped in).
            built = {
                name: data
                for name, data in site_files(project / "output", skip=("pagefind", ".pagefind-old-")).items()
                if not name.startswith(("pagefind/", ".pagefind-old-"))
            }
            assert built == site_files(cold), f"after {name}"
    finally:
        task.stop()


def test_a_settings_change_starts_a_new_process(tmp_path, capsys):
    """An outside tester's: a plugin dropped from PLUGINS kept running in the warm process, which had loaded it."""
    (tmp_path / "content").mkdir()
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("PLUGINS = ['a', 'b']\n")
    builds = FakeBuilds()
    rebuild = Rebuilds(builds, ["pelicanconf.py", "content/**/*"], ["plugins"], root=tmp_path)
    settings.write_text("PLUGINS = ['a']\n")
    os.utime(settings, (3, 3))
    rebuild()
    assert builds.calls == ["restart", "build"]
    assert "in a new build process (plugin code or settings changed)" in capsys.readouterr().out


def test_a_build_under_way_when_livereload_stops_is_stopped_so_it_records_its_pages(tmp_path, monkeypatch):
    """An outside tester's: Ctrl-C sent SIGKILL to a build still running 2 s later, so the pages it had written
    were never recorded, and stayed in the output for good. It is stopped with SIGTERM, which it takes as Ctrl-C."""
    from tools.site import live

    marker = tmp_path / "stopped"
    child = subprocess.Popen(
        [sys.executable, "-c", "import signal, sys, time\n"
         f"signal.signal(signal.SIGTERM, lambda *_: (open({str(marker)!r}, 'w').write('term'), sys.exit(143)))\n"
         "sys.stdin.read()\ntime.sleep(60)\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    monkeypatch.setattr(live, "STOP_SECONDS", 0.2)
    builds = WarmBuilds("pelicanconf.py", str(tmp_path / "output"))
    builds.process = child
    builds.close()
    assert child.returncode == 143 and marker.read_text() == "term"


def test_a_helper_module_the_settings_import_is_watched_and_starts_a_new_process(tmp_path, capsys):
    """An outside tester's: `from site_menu import MENU` in pelicanconf.py; an edit to site_menu.py was not seen,
    and a warm process that had imported it would have kept its old menu."""
    from tasks import WATCHED

    (tmp_path / "content").mkdir()
    (tmp_path / "pelicanconf.py").write_text("from site_menu import MENU\n")
    helper = tmp_path / "site_menu.py"
    helper.write_text("MENU = []\n")
    builds = FakeBuilds()
    rebuild = Rebuilds(builds, WATCHED, ["plugins"], root=tmp_path)
    helper.write_text("MENU = [('Tags', 'tags/')]\n")
    os.utime(helper, (4, 4))
    rebuild()
    assert builds.calls == ["restart", "build"]
    assert "after changes to site_menu.py" in capsys.readouterr().out
