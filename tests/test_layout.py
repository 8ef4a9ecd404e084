"""The layout the README describes: the build loads plugins/, never the command-line tools."""

import subprocess
import sys
import textwrap

from tests.sitebuild import ROOT

BUILD_AND_LIST_MODULES = textwrap.dedent(
    """
    import sys
    sys.path[:0] = [{root!r}, {plugins!r}]
    from pelican import Pelican
    from pelican.settings import read_settings
    settings = read_settings({conf!r}, override={{
        "PATH": {content!r}, "OUTPUT_PATH": {output!r}, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
    }})
    Pelican(settings).run()
    print("TOOLS:", sorted(name for name in sys.modules if name == "tools" or name.startswith("tools.")))
    """
)


def test_a_build_imports_none_of_the_tools(tmp_path):
    content = tmp_path / "content"
    (content / "authors").mkdir(parents=True)
    (content / "authors" / "ann.md").write_text("Name: Ann\n\nAnn writes.\n", encoding="utf-8")
    (content / "a-post.md").write_text(
        "Title: A post\nDate: 2024-01-02 10:00\nAuthor: Ann\nTags: one\n\nText.\n", encoding="utf-8"
    )
    script = BUILD_AND_LIST_MODULES.format(
        root=str(ROOT),
        plugins=str(ROOT / "plugins"),
        conf=str(ROOT / "pelicanconf.py"),
        content=str(content),
        output=str(tmp_path / "output"),
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "a-post" / "index.html").is_file()
    assert "TOOLS: []" in result.stdout.splitlines()
