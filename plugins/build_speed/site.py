"""What a whole build depends on besides its posts: Pelican and library versions, plugins' code, settings, files.

Two keys, worked out once per build:

- the reading key: what reading a post depends on besides the post itself (the
  libraries, the plugins' code, the settings, and every file of the content folder
  that a plugin may read while the posts are read: images, whose sizes go into the
  HTML, and their credits). When it changes, Pelican's content cache is dropped
  (warm_cache.py): a cached post would carry what was read from the old files;
- the site key: the reading key, the theme's templates and its static files. It is
  part of every page's key (pages.py): when it changes, every page is rendered.

Files the build reads after the cache (the comment store, the author bios: they are
attached to each post again on every build) and the posts and pages themselves
(Pelican checks each one's stamp) are not part of the reading key, or every comment
approved would make the build read every post again. A plugin that reads another
folder after the cache, and attaches what it read to the posts on every build,
names it in `attached_after_reading`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib.metadata
import inspect
import io
import os
import pickle
import posixpath
import re
import sys
import sysconfig
import types
import uuid
from pathlib import Path

from .listings import first_visit, listings

# Libraries whose version can change the HTML of a page (Markdown, typography, templates,
# feeds, code highlighting, image sizes, comment sanitising).
LIBRARIES = (
    "pelican",
    "jinja2",
    "markupsafe",
    "markdown",
    "typogrify",
    "smartypants",
    "feedgenerator",
    "pygments",
    "pillow",
    "nh3",
    "python-dateutil",
    "beautifulsoup4",
    "unidecode",  # Pelican's slugs, so URLs
    "docutils",  # reStructuredText posts
    "ada-url",  # the hosts a post fetches from (csp), kept with the post in the cache
    "tinycss2",  # ... and those its style attributes' CSS fetches from
    "markdown-it-py",  # comments' Markdown (and what it needs)
    "mdurl",
    "rcssmin",  # the theme's CSS, minified
    "soupsieve",  # BeautifulSoup's selectors
    "pelican-sitemap",
)
# File names an editor leaves beside the one being edited: never an input of the build.
EDITOR_LEFTOVERS = re.compile(r"^(\.|#).*|.*(~|\.sw[a-p]|\.tmp)$")

_code_digests: dict[str, str] = {}  # module name -> digest of its files, as loaded in this process
_versions: list[str] = []


def digest_of(*parts) -> str:
    """A digest of the parts' text."""
    summary = hashlib.sha256()
    for part in parts:
        summary.update(str(part).encode("utf-8", "surrogatepass"))
        summary.update(b"\0")
    return summary.hexdigest()


def library_versions() -> list[str]:
    """The Python version and each library's, once per process (they do not change under a running build)."""
    if not _versions:
        _versions.append(sys.version)
        for name in LIBRARIES:
            try:
                _versions.append(f"{name} {importlib.metadata.version(name)}")
            except importlib.metadata.PackageNotFoundError:
                _versions.append(f"{name} absent")
    return _versions


def code_digest(module: types.ModuleType) -> str:
    """A digest of a plugin's source files: every .py file of its package, or its one file.

    Kept per process: a process runs the code it imported, whatever the files say later
    (livereload starts a new process when plugin code changes).
    """
    name = module.__name__
    if name not in _code_digests:
        summary = hashlib.sha256()
        where = getattr(module, "__file__", None)
        if where:
            top = Path(where).parent if Path(where).name == "__init__.py" else None
            files = sorted(top.rglob("*.py")) if top else [Path(where)]
            for path in files:
                summary.update(str(path.relative_to(top) if top else path.name).encode())
                summary.update(path.read_bytes())
        _code_digests[name] = summary.hexdigest()
    return _code_digests[name]


class _SettingsPickler(pickle.Pickler):
    """Pickles settings in a form that is the same from one process to the next.

    A function, method or class (a Jinja filter, a Markdown extension's slugify...) counts by its
    name, the digest of the file that defines it (a change to its body, or to a helper beside it,
    counts) and the values it closes over; a module by its name; a pattern by its text; a set by its
    members in order.
    """

    def reducer_override(self, obj):
        if isinstance(obj, type) and obj.__module__ == "builtins":  # `str`, `tuple`: our reductions' own
            return NotImplemented
        if isinstance(obj, (types.FunctionType, types.MethodType, type)):
            return (tuple, (code_identity(obj),))
        if isinstance(obj, (set, frozenset)):
            return (tuple, (sorted(repr(member) for member in obj),))
        if isinstance(obj, types.BuiltinMethodType) and not isinstance(obj.__self__, types.ModuleType | type(None)):
            return (tuple, ((stable_text(obj), obj.__self__),))  # a pattern's `sub`: the pattern counts too
        text = stable_text(obj)
        return (str, (text,)) if text is not None else NotImplemented


def code_identity(obj) -> tuple:
    """A function, method or class as its settings' digest counts it: its code, the values it closes over, its
    defaults, for a method the object it is bound to; the code of the modules and functions it names (a helper
    in another module of the site's), and of a class's bases."""
    function = getattr(obj, "__func__", obj)
    cells = tuple(cell.cell_contents for cell in getattr(function, "__closure__", None) or () if filled(cell))
    bound = obj.__self__ if isinstance(obj, types.MethodType) else None
    defaults = (getattr(function, "__defaults__", None), getattr(function, "__kwdefaults__", None))
    return (code_text(obj), cells, defaults, bound, tuple(sorted(named_code(obj))))


def named_code(obj) -> set[str]:
    """The code (code_text) of what a function names from its module's globals, or of a class's bases: the site's
    own modules, functions and classes (a library's follow from its version)."""
    found = set()
    if isinstance(obj, type):
        used = [base for base in obj.__mro__[1:] if base.__module__ != "builtins"]
    else:
        function = getattr(obj, "__func__", obj)
        names, scope = (
            getattr(getattr(function, "__code__", None), "co_names", ()),
            getattr(function, "__globals__", {}),
        )
        used = [scope[name] for name in names if name in scope]
    for value in used:
        if isinstance(value, (types.ModuleType, types.FunctionType, type)) and own_code(value):
            found.add(code_text(value))
    return found


LIBRARY_KINDS = {"stdlib", "platstdlib", "purelib", "platlib"}  # where Python's and the libraries' modules are
LIBRARY_FOLDERS = tuple(
    {os.path.realpath(where) for kind, where in sysconfig.get_paths().items() if kind in LIBRARY_KINDS}
)


def own_code(value) -> bool:
    """Whether a module, function or class comes from a file of the site's own, not of Python or a library."""
    try:
        path = inspect.getsourcefile(value)
    except TypeError:
        return False
    return bool(path) and not os.path.realpath(path).startswith(LIBRARY_FOLDERS)


def stable_text(obj) -> str | None:
    """A builtin function, a module or a pattern as text the same in every process (None: anything else)."""
    if isinstance(obj, types.BuiltinFunctionType):
        return f"<builtin {getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}>"
    if isinstance(obj, types.ModuleType):
        return f"<module {obj.__name__}>"
    if isinstance(obj, re.Pattern):
        return f"<pattern {obj.pattern!r} {obj.flags}>"
    return None


def filled(cell) -> bool:
    """Whether a closure's cell holds a value yet."""
    try:
        cell.cell_contents  # noqa: B018 (an empty cell raises only when read)
    except ValueError:
        return False
    return True


_file_digests: dict[tuple[str, int, int], str] = {}  # (path, size, mtime_ns) -> digest of its bytes


def code_text(obj) -> str:
    """A function's (method's, class's) name and the digest of its source file; of its code when it has none."""
    name = f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', getattr(obj, '__name__', ''))}"
    try:
        path = inspect.getsourcefile(obj)
        status = os.stat(path) if path else None
    except (TypeError, OSError):
        path = status = None
    if status is not None:
        key = (path, status.st_size, status.st_mtime_ns)
        if key not in _file_digests:
            with open(path, "rb") as source:
                _file_digests[key] = hashlib.sha256(source.read()).hexdigest()
        return f"<code {name} {_file_digests[key]}>"
    code = getattr(getattr(obj, "__func__", obj), "__code__", None)
    body = ADDRESS.sub("", repr((code.co_code, code.co_consts, code.co_names))) if code else ""
    return f"<code {name} {body}>"


ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def extension_modules(settings) -> list[str]:
    """The code (code_text) of the site's own modules that Jinja or Markdown extensions named by a string come from
    (`"myext.Stamp"`, `"myext:Stamp"`): their code is no setting's value, so the digest would not see it change."""
    named = [*settings.get("JINJA_ENVIRONMENT", {}).get("extensions", [])]
    markdown = settings.get("MARKDOWN", {}) or {}
    named += [*markdown.get("extensions", []), *markdown.get("extension_configs", {})]
    found = set()
    for name in (item for item in named if isinstance(item, str)):
        module_name = name.split(":")[0]
        for candidate in (module_name, module_name.rpartition(".")[0]):
            module = sys.modules.get(candidate)
            if module is None and candidate:
                try:
                    module = importlib.import_module(candidate)
                except Exception:  # anything an import can raise: Jinja or Markdown will say it
                    continue
            if module is not None:
                if own_code(module):
                    found.add(code_text(module))
                break
    return sorted(found)


def settings_digest(settings) -> str:
    """A digest of every setting.

    A value that cannot be pickled counts by its text when that text is the same in every process;
    text showing an object's address (so none of what makes it) counts as new in every build: every
    page is rendered, never one left stale.
    """
    summary = hashlib.sha256()
    for name in sorted(settings, key=str):
        value = settings[name]
        stream = io.BytesIO()
        try:
            _SettingsPickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
            text = stream.getvalue()
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
            shown = repr(value)
            text = (shown if not ADDRESS.search(shown) else f"<unkeyable {uuid.uuid4()}>").encode("utf-8", "replace")
        summary.update(str(name).encode() + b"\0" + text + b"\0")
    for code in extension_modules(settings):
        summary.update(code.encode("utf-8", "surrogatepass") + b"\0")
    return summary.hexdigest()


def file_stamps(
    root: Path,
    skip_folders: set[Path],
    skip_suffixes: tuple[str, ...] = (),
    *,
    leftovers: bool = False,
    follow: bool = False,
) -> list[tuple]:
    """(relative path, size, mtime_ns) of every file under `root`, sorted; some folders and suffixes left out,
    and the files an editor leaves beside the one being edited unless `leftovers`.

    As os.walk goes (a link to a file counts as the file; a link to a folder is followed only with
    `follow`, each linked folder once, so a loop of links ends), with os.scandir's entries: no Path
    made per file (some 2,000 files, every build).
    """
    stamps = []
    if not root.is_dir():
        return stamps
    top = str(root)
    for entry in entries_under(top, {str(folder) for folder in skip_folders}, follow):
        if (not leftovers and EDITOR_LEFTOVERS.match(entry.name)) or entry.name.endswith(skip_suffixes):
            continue
        try:
            status = entry.stat()
        except OSError:  # gone since listed, or a broken link
            continue
        stamps.append((entry.path[len(top) + 1 :], status.st_size, status.st_mtime_ns))
    stamps.sort()
    return stamps


def entries_under(top: str, skipped: set[str], follow: bool):
    """os.scandir's entry of every file under `top` (not in folders `skipped`); links to folders followed or not."""
    seen, pending = set(), [(top, False)]
    while pending:
        folder, linked = pending.pop()
        if linked and not first_visit(folder, seen):  # a folder reached through a link is listed once
            continue
        try:
            with os.scandir(folder) as listed:
                found = list(listed)
        except OSError:  # gone since listed
            continue
        for entry in found:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                yield entry
            elif entry.path not in skipped and (follow or not entry.is_symlink()):
                pending.append((entry.path, entry.is_symlink()))


def file_names(root: Path, *, follow: bool = False) -> list[str]:
    """The path of every file under `root` (anything but a folder), sorted: what exists, without a stat each.

    In the warm process, folders unchanged since the last build are not listed again (listings.py).
    """
    return listings.file_names(str(root), follow)


def comment_store(settings) -> Path | None:
    """The comment store's folder, when this build loaded the comments plugin."""
    comments = sys.modules.get("comments")
    if comments is not None and hasattr(comments, "preparation_job"):
        return Path(comments.preparation_job(settings).store).resolve()
    return None


def attached_after_reading(settings) -> set[Path]:
    """Content folders the build reads after the cache, every build: the author bios and the comment store."""
    content = Path(settings["PATH"]).resolve()
    folders = {content / settings.get("AUTHOR_BIOS_PATH", "authors")}
    if (store := comment_store(settings)) is not None:
        folders.add(store)
    return folders


def source_suffixes(settings) -> tuple[str, ...]:
    """The file endings Pelican reads as posts and pages (their own stamps are Pelican's to check)."""
    from pelican.readers import Readers

    return tuple(f".{extension}" for extension in Readers(settings).extensions)


def reading_key(settings, plugins) -> str:
    """What reading any post depends on besides the post itself."""
    content = Path(settings["PATH"]).resolve()
    files = file_stamps(content, attached_after_reading(settings), source_suffixes(settings), follow=True)
    return digest_of(
        *library_versions(),
        *(f"{module.__name__} {code_digest(module)}" for module in plugins),
        settings_digest(settings),
        *files,
    )


def template_folders(settings) -> list[Path]:
    """Where the theme's templates are (the overrides first), as the site key counts them."""
    overrides = [Path(path) for path in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    return [*overrides, Path(settings["THEME"]) / "templates"]


def counted_template(filename: str | None, settings) -> bool:
    """Whether a template file is part of the site key: the theme's, or Pelican's own (its version is)."""
    if not filename:
        return False
    path = Path(filename).resolve()
    pelican_folder = Path(sys.modules["pelican"].__file__).resolve().parent
    return any(path.is_relative_to(folder.resolve()) for folder in [*template_folders(settings), pelican_folder])


def theme_digest(settings) -> str:
    """The theme's templates (by content) and static files (by stamp)."""
    theme = Path(settings["THEME"])
    parts = []
    for folder in template_folders(settings):
        # Through links to folders too (Path.rglob does not follow them): a theme may link its partials in.
        for name, _size, _mtime in file_stamps(folder, set(), follow=True):
            if not EDITOR_LEFTOVERS.match(os.path.basename(name)):
                parts += [name, hashlib.sha256((folder / name).read_bytes()).hexdigest()]
    for static in settings.get("THEME_STATIC_PATHS", []):
        parts += file_stamps(theme / static, set(), follow=True)
    return digest_of(*parts)


def theme_static_outputs(settings) -> list[str]:
    """Where Pelican copies the theme's static files in the output (StaticGenerator._copy_paths), relative to it.

    A path of THEME_STATIC_PATHS that is a folder lands in THEME_STATIC_DIR with what is inside it; one that
    is a file, in THEME_STATIC_DIR by its name; a file or folder matching IGNORE_FILES is not copied.
    """
    theme, target = Path(settings["THEME"]), settings.get("THEME_STATIC_DIR", "theme")
    ignores = settings.get("IGNORE_FILES", [])
    ignored = lambda name: any(fnmatch.fnmatch(name, pattern) for pattern in ignores)  # noqa: E731
    found = []
    for static in settings.get("THEME_STATIC_PATHS", []):
        source = theme / static
        if ignored(source.name):
            continue
        if source.is_file():
            found.append(posixpath.normpath(posixpath.join(target, source.name)))
            continue
        for folder, dirs, files in os.walk(source, followlinks=True):
            dirs[:] = [name for name in dirs if not ignored(name)]
            inside = Path(folder).relative_to(source).as_posix()
            found += [posixpath.normpath(posixpath.join(target, inside, name)) for name in files if not ignored(name)]
    return sorted(found)


def site_key(settings, reading: str) -> str:
    """What every page depends on: the reading key and the theme."""
    return digest_of(reading, theme_digest(settings))
