"""The layout the README describes: the build loads plugins/, never the command-line tools; no import cycle."""

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.sitebuild import ROOT

BUILD_AND_LIST_MODULES = textwrap.dedent(
    """
    import sys
    from pelican import Pelican
    from pelican.settings import read_settings
    settings = read_settings({conf!r}, override={{
        "PATH": {content!r}, "OUTPUT_PATH": {output!r}, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
    }})
    Pelican(settings).run()
    print("TOOLS:", sorted(name for name in sys.modules if name == "tools" or name.startswith("tools.")))
    print("NOT LOADED:", [name for name in settings["PLUGINS"] if name not in sys.modules])
    """
)


def test_a_build_imports_none_of_the_tools(tmp_path):
    """As Pelican runs alone (`pelican content`): nothing of ours on the import path beforehand."""
    content = tmp_path / "content"
    (content / "authors").mkdir(parents=True)
    (content / "authors" / "ann.md").write_text("Name: Ann\n\nAnn writes.\n", encoding="utf-8")
    (content / "a-post.md").write_text(
        "Title: A post\nDate: 2024-01-02 10:00\nAuthor: Ann\nTags: one\n\nText.\n", encoding="utf-8"
    )
    script = BUILD_AND_LIST_MODULES.format(
        conf=str(ROOT / "pelicanconf.py"),
        content=str(content),
        output=str(tmp_path / "output"),
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "a-post" / "index.html").is_file()
    assert "TOOLS: []" in result.stdout.splitlines()
    # Every plugin loaded, though some import others listed after them (pelicanconf.py says how).
    assert "NOT LOADED: []" in result.stdout.splitlines(), result.stdout + result.stderr
    assert "Cannot load plugin" not in result.stdout + result.stderr


def module_names() -> dict[str, Path]:
    """Every module of plugins/ (as Pelican imports them: top-level packages) and of tools/, by name."""
    found = {}
    for base, prefix in ((ROOT / "plugins", ""), (ROOT / "tools", "tools.")):
        for path in base.rglob("*.py"):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[prefix + ".".join(parts) if parts else prefix.rstrip(".")] = path
    return found


def imports_of(name: str, path: Path, known: dict) -> set[str]:
    """The modules of `known` that a module imports, anywhere in it but under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # type-checking imports never run
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = (
                ".".join([*package[: len(package) - node.level + 1], node.module or ""]) if node.level else node.module
            )
            base = base.rstrip(".")
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}
    return {module for module in found if module in known and module != name}


def test_no_module_of_the_build_or_the_tools_imports_itself_round_a_cycle():
    known = module_names()
    graph = {name: imports_of(name, path, known) for name, path in known.items()}

    def reaches(start: str, target: str) -> bool:
        seen, pending = set(), list(graph[start])
        while pending:
            module = pending.pop()
            if module == target:
                return True
            if module not in seen:
                seen.add(module)
                pending += graph[module]
        return False

    cycles = sorted(name for name in graph if reaches(name, name))
    assert cycles == [], f"these modules import one another round a cycle: {cycles}"
