"""One Markdown file converted the way Pelican reads it, but for the metadata processors.

The second process runs Pelican's own MarkdownReader, so the HTML and the metadata
fields are exactly Pelican's, and typogrifies the HTML as Pelican's read_file
would (see typography.py). It leaves out the metadata processors (dates, authors,
tags, which carry the build's settings): the build applies them itself to what
comes back. The file's stamp travels with the result: a file changed since is
read again by the build.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import types
from dataclasses import dataclass

from pelican.readers import MarkdownReader

from .typography import Call, typogrify_as_pelican

# The metadata fields Pelican's read_file typogrifies after the body.
TYPOGRIFIED_FIELDS = ("title", "summary")
# What the conversion depends on besides the file: Pelican's settings for reading Markdown.
CONFIG_KEYS = (
    "MARKDOWN",
    "FORMATTED_FIELDS",
    "TYPOGRIFY",
    "TYPOGRIFY_IGNORE_TAGS",
    "TYPOGRIFY_OMIT_FILTERS",
    "TYPOGRIFY_DASHES",
)


@dataclass(frozen=True)
class Converted:
    """A file's HTML and its metadata fields before Pelican's processors; html None: it failed."""

    path: str
    stamp: tuple[int, ...] | None  # file_stamp just before it was read
    html: str | None
    metadata: dict
    records: tuple  # (logger, level, message, args) logged while converting, for the build to log
    typogrified: str | None = None  # the HTML typogrified (None: typogrify is off, or the HTML empty)
    call: Call | None = None  # how typogrify was called
    typogrified_fields: tuple = ()  # (field, its value typogrified) for the title and summary


class RawMetadataReader(MarkdownReader):
    """Pelican's Markdown reader with its metadata processors left to the caller."""

    def process_metadata(self, name, value):
        """The value as it stands: the build processes it with its own settings."""
        return value


# The libraries a conversion runs. A plugin may change their modules' data in the build (add a tag to
# smartypants' `tags_to_skip`, say), which the helper, a fresh process loading no plugin, does not see.
LIBRARIES = ("markdown", "smartypants", "typogrify")
PLAIN = (str, int, float, bool, bytes, type(None))
MAX_DEPTH = 8  # the deepest settings and module data nest (MARKDOWN's extension_configs: 3)
# Data Pelican itself sets before each conversion, from settings compared on their own (TYPOGRIFY_DASHES).
SET_BY_PELICAN = frozenset({"smartypants.default_smartypants_attr"})


def plain(value, other=None, depth: int = 0):
    """A value as one to compare across processes and later changes: containers copied as tuples.

    Anything else goes to `other` (TypeError without one: a function, an object...), and so
    does a container nested too deep to be data (one that holds itself).
    """
    if isinstance(value, PLAIN):
        return value
    if isinstance(value, re.Pattern):
        return ("pattern", value.pattern, value.flags)
    if depth <= MAX_DEPTH:
        inner = depth + 1
        if isinstance(value, (set, frozenset)):  # in whatever order it iterates
            return ("set", frozenset(plain(item, other, inner) for item in value))
        if isinstance(value, (list, tuple)):
            return (type(value).__name__, tuple(plain(item, other, inner) for item in value))
        if isinstance(value, dict):
            return ("dict", tuple((plain(key, other, inner), plain(item, other, inner)) for key, item in value.items()))
    if other is None:
        raise TypeError(type(value).__name__)
    return other(value)


BUILD_SPEED_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def identity(function) -> tuple:
    """Which function this is, the same in every process: where its code was written.

    One of build_speed's own stand-ins (smartypants' shortcuts, typogrify's reuse) is the
    function it stands in for: the helper binds the shortcuts too, and reuses nothing.
    """
    while (wrapped := getattr(function, "__wrapped__", None)) is not None and written_in(function, BUILD_SPEED_FOLDER):
        function = wrapped
    code = getattr(function, "__code__", None)
    if code is None:  # a builtin, a partial: what it is, as far as it says
        return ("object", type(function).__qualname__, getattr(function, "__qualname__", ""))
    return ("function", code.co_filename, code.co_qualname, code.co_firstlineno)


def written_in(function, folder: str) -> bool:
    """Whether the function's code was written in that folder."""
    return getattr(getattr(function, "__code__", None), "co_filename", "").startswith(folder)


def library_data(libraries: tuple[str, ...] = LIBRARIES) -> dict[str, dict[str, object]]:
    """What each loaded module of the libraries holds that a conversion may read, as values, by module.

    Its plain data, which function each of its names is (a plugin's replacement is
    another), and likewise for the classes it defines (their data and methods) and for
    its objects (`smartypants.Attr`, an instance).
    """
    found = {}
    for name, module in list(sys.modules.items()):
        if not isinstance(module, types.ModuleType) or name.partition(".")[0] not in libraries:
            continue
        data = {}
        for attribute, value in list(vars(module).items()):
            if attribute.startswith("__") or isinstance(value, types.ModuleType):
                continue
            pairs = [(attribute, value)]
            ours = isinstance(value, type) and value.__module__ == name  # a class of the module
            if ours or (getattr(type(value), "__module__", None) == name and hasattr(value, "__dict__")):
                inside = vars(value).items()  # a class's data and methods, or an object's (smartypants.Attr)
                pairs = [(f"{attribute}.{inner}", item) for inner, item in inside if not inner.startswith("__")]
            for key, item in pairs:
                if f"{name}.{key}" in SET_BY_PELICAN:
                    continue
                function = item.__func__ if isinstance(item, (staticmethod, classmethod)) else item
                if isinstance(function, types.FunctionType):
                    data[key] = identity(function)
                    continue
                try:
                    data[key] = plain(item)
                except TypeError:
                    continue  # other objects: not compared
        found[name] = data
    return found


def first_difference(theirs: dict, ours: dict) -> str | None:
    """The first module datum the two processes hold differently ("module.name"), of the modules both loaded."""
    for module in sorted(set(theirs) & set(ours)):
        for key in sorted(set(theirs[module]) | set(ours[module])):
            if theirs[module].get(key) != ours[module].get(key):
                return f"{module}.{key}"
    return None


def file_stamp(path: str) -> tuple[int, ...] | None:
    """What tells a changed file from the one converted (None: it cannot be read).

    The change time and the inode too: a file rewritten at the same size with its
    modification time set back (`cp -p`, `rsync -t`) has a new change time, which no
    program can set, and a file replaced by another has another inode.
    """
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


class _Recorder(logging.Handler):
    """Keeps what the conversion logs, for the build to log in its own process."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        args = record.args if isinstance(record.args, tuple) else ()
        safe = all(isinstance(arg, (str, int, float, bool, type(None))) for arg in args)
        message, args = (record.msg, args) if safe and isinstance(record.msg, str) else (record.getMessage(), ())
        self.records.append((record.name, record.levelno, message, args))


def convert(reader: RawMetadataReader, path: str, typogrify: Call | None) -> Converted:
    """Convert one file (and typogrify it as `typogrify` says, unless None).

    Any failure is left for the build to meet, and report, itself.
    """
    stamp = file_stamp(path)
    recorder = _Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    try:
        html, metadata = reader.read(path)
        typogrified = typogrify_as_pelican(html, typogrify) if typogrify and html else None
        fields = tuple(
            (name, typogrify_as_pelican(metadata[name], typogrify))
            for name in TYPOGRIFIED_FIELDS
            if typogrify and isinstance(metadata.get(name), str)
        )
    except Exception:  # the build reads the file again, and reports the error its own way
        return Converted(path, stamp, None, {}, ())
    finally:
        root.removeHandler(recorder)
    call = typogrify if (typogrified or fields) else None
    return Converted(path, stamp, html, metadata, tuple(recorder.records), typogrified, call, fields)


def replay(records: tuple) -> None:
    """Log, in this process, what the conversion logged in the other."""
    for name, level, message, args in records:
        logging.getLogger(name).log(level, message, *args)
