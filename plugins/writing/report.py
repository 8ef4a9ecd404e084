"""What `invoke check` and every build print: each problem once, as `path:LINE: message`, on one line.

- `LineHandler` writes each log record as one line, whatever the terminal's width
  (so `file.md:LINE` is never split), and cheaply: a warning costs microseconds,
  not the half millisecond of Rich's layout. Records naming a file and line
  (`path:LINE: message`, from any plugin) come out in the same form as our checks'
  problems; running in GitHub Actions (GITHUB_ACTIONS=true), each problem is also
  written as a workflow command (`::error file=…,line=…::…`), which GitHub shows as
  an annotation on the file. It counts what it wrote, for the summary.
- `PelicanEchoes`, a filter on Pelican's loggers, drops Pelican's own message about
  a file our checks already reported ("Could not process", "Skipping", "Unknown
  status", "Empty alt attribute", "Unable to find … skipping url replacement",
  "There are 2 items…", "Duplicate definition", "Cannot get modification
  stamp", "Replacement Indicator … not recognized"), and turns one about a
  file they did not into a problem of that file.
- `BuildReport` (`current`) holds, for the build under way, what the checks
  reported and which posts and pages were left out of the site.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from escaping.terminal import shown

from .problems import ERROR, LEAVES_OUT, NOTE, WARNING, Problem, display

# A note (a scheduled post) is logged as a warning, so that it shows where warnings do; the
# handler writes it as a note and counts it apart, and it never stops a publish.
LEVELS = {ERROR: logging.ERROR, WARNING: logging.WARNING, NOTE: logging.WARNING}
# A message that starts with a file and its line, as the other plugins write them.
LOCATED = re.compile(
    r"^(?P<path>[^\s:]+\.(?:md|markdown|credit|json|csv|xml|html|txt|py)):(?:(?P<line>\d+):)? (?P<message>.+)$", re.S
)
SCHEDULED = "scheduled"  # the notes that are scheduled posts, counted apart for the summary
COLOURS = {ERROR: "\033[1;31m", WARNING: "\033[1;33m", NOTE: "\033[1;36m"}
RESET = "\033[0m"

logger = logging.getLogger("writing")


def log_problem(problem: Problem, log: logging.Logger = logger) -> None:
    """Log one problem (its record carries it, for the handler and the strict publish)."""
    log.log(LEVELS.get(problem.severity, logging.WARNING), "%s", problem, extra={"problem": problem})


def problem_of(record: logging.LogRecord) -> Problem | None:
    """The problem a record reports: ours, or one that names its file (None for other messages).

    A problem another plugin finds in a file (a comment file it cannot read...) is an
    error, in every build and in `invoke check` alike.
    """
    if isinstance(problem := getattr(record, "problem", None), Problem):
        return problem
    if record.levelno < logging.WARNING or (match := LOCATED.match(record.getMessage())) is None:
        return None
    return Problem(display(match["path"]), int(match["line"] or 1), " ".join(match["message"].split()))


def _property(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """The GitHub Actions workflow command that shows a problem on its file and line."""
    kind = {ERROR: "error", WARNING: "warning"}.get(problem.severity, "notice")
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{kind} file={_property(problem.path)},line={problem.line}::{message}"


class LineHandler(logging.Handler):
    """Each record as one line on a stream; problems as `path:LINE: message`, counted.

    `strict` (the publish): a warning that is not one of our content problems counts
    as an error, since nothing unknown ships.
    """

    def __init__(self, stream=None, *, strict: bool = False, annotations: bool | None = None, colour=None):
        super().__init__(level=logging.WARNING)
        self.stream = stream if stream is not None else sys.stderr
        self.strict = strict
        self.annotations = os.environ.get("GITHUB_ACTIONS") == "true" if annotations is None else annotations
        if colour is None:
            colour = not os.environ.get("NO_COLOR") and getattr(self.stream, "isatty", lambda: False)()
        self.colour = colour
        self.counts: Counter[str] = Counter()

    def show(self, problem: Problem) -> None:
        """Write one problem (and its annotation in GitHub Actions), and count it."""
        self.counts[problem.severity] += 1
        if problem.severity == NOTE and problem.code == SCHEDULED:
            self.counts[SCHEDULED] += 1
        line = shown(problem)  # a file's name or value may hold a terminal escape or a bidi control
        if self.colour:
            location = shown(f"{problem.path}:{problem.line}:")
            line = COLOURS.get(problem.severity, "") + location + RESET + line[len(location) :]
        if self.annotations:
            line += "\n" + annotation(problem)
        self.stream.write(line + "\n")
        self.stream.flush()

    def emit(self, record: logging.LogRecord) -> None:
        """Write the record on one line."""
        try:
            problem = problem_of(record)
            if problem is not None:
                self.show(problem)
                return
            text = shown(" ".join(record.getMessage().split()))
            if record.levelno >= logging.WARNING:
                severity = ERROR if record.levelno >= logging.ERROR or self.strict else WARNING
                self.counts[severity] += 1
                text = f"{severity}: {text}"
            self.stream.write(text + "\n")
            self.stream.flush()
        except Exception:  # logging's contract: a broken stream never stops the build
            self.handleError(record)

    @property
    def errors(self) -> int:
        """Errors written so far."""
        return self.counts[ERROR]

    @property
    def warnings(self) -> int:
        """Warnings written so far."""
        return self.counts[WARNING]

    @property
    def notes(self) -> int:
        """Notes (scheduled posts) written so far."""
        return self.counts[NOTE]


@dataclass
class BuildReport:
    """What the checks reported in the build under way, and what the build left out."""

    root: Path = Path()
    problems: list[Problem] = field(default_factory=list)
    leaving_out: set[Path] = field(default_factory=set)  # files with a problem that leaves them out
    left_out: list[str] = field(default_factory=list)  # as displayed, e.g. content/bad-date.md

    def begin(self, root: Path, problems: list[Problem]) -> None:
        """A new build: forget the last one."""
        self.root = Path(root)
        self.problems = list(problems)
        self.leaving_out = {Path(p.path).resolve() for p in problems if p.code in LEAVES_OUT}
        self.left_out = []

    def reported(self, path) -> bool:
        """Whether the checks reported a problem that leaves this file out (a draft's too)."""
        return Path(path).resolve() in self.leaving_out

    def reported_in(self, path, text: str, *, errors: bool = False) -> bool:
        """Whether the checks reported a problem in this file whose message names `text` (see `mentions`), or whose
        subject is `text` (`errors`: an error, which stops a publish as the problem it stands for would)."""
        path = Path(path).resolve()
        return any(
            (text == p.subject or mentions(p.message, text))
            and Path(p.path).resolve() == path
            and (not errors or p.severity == ERROR)
            for p in self.problems
        )

    def reported_code(self, code: str, text: str = "", *, errors: bool = False) -> bool:
        """Whether the checks reported a problem of this kind (whose message names `text`, when given; `errors`:
        an error)."""
        return any(
            p.code == code and (not text or mentions(p.message, text)) and (not errors or p.severity == ERROR)
            for p in self.problems
        )


# What an address is made of around a name in it: a name found inside a longer one is not that name.
ADDRESS_CHARACTER = r"[\w%.~+-]"


def mentions(message: str, text: str) -> bool:
    """Whether a message names `text` (an address, a path, a file's name) as a whole, not inside a longer word.

    The publish leaves to the checks a link they reported: `a` (the last part of `images/a#1.png`)
    was found in any message with an "a" in it, and the link's own error was dropped (an outside
    tester's finding). A name of one or two letters without a `/` or `.` names nothing.
    """
    if len(text) < 3 and "/" not in text and "." not in text:
        return False
    # A full stop after it may end the sentence: only one followed by more of an address continues the name.
    pattern = rf"(?<!{ADDRESS_CHARACTER}){re.escape(text)}(?![\w%~+-]|\.[\w%~+-])"
    return re.search(pattern, message) is not None


current = BuildReport()


def _file_of(record: logging.LogRecord) -> str:
    """The source file a Pelican message about a file names (a path, or a content object)."""
    template = record.msg if isinstance(record.msg, str) else ""
    args = record.args if isinstance(record.args, tuple) else ()
    if template.startswith("Could not process") and args:
        return str(current.root / str(args[0]))
    if template.startswith("Skipping") and args:
        return str(args[0])
    if template.startswith("Unknown status") and len(args) > 1:
        return str(args[1])
    return ""


def _why(record: logging.LogRecord) -> str:
    """What Pelican found wrong in a file it left out, in a writer's words."""
    template, args = str(record.msg), record.args if isinstance(record.args, tuple) else ()
    if template.startswith("Could not process"):
        error = sys.exc_info()[1]  # the filter runs inside Pelican's `except` block
        return f"it could not be read ({error})" if error else "it could not be read"
    if "could not find information about" in template and len(args) > 1:
        return f"it has no {args[1]} (add a '{str(args[1]).title()}:' line)"
    if "outside output path" in template and len(args) > 1:
        return f"its address {args[1]!r} is outside the site (check its Slug, URL or save_as)"
    if template.startswith("Unknown status") and args:
        return f"Status {args[0]!r} is unknown (use published, draft, hidden)"
    return record.getMessage()


class PelicanEchoes(logging.Filter):
    """Pelican's messages about what our checks report: dropped, or made into one of our problems."""

    ABOUT_A_FILE = ("Could not process", "Skipping ", "Unknown status")
    NOISE = ("Empty alt attribute for image", "Other images have empty alt", "Cannot get modification stamp")
    LINKS = ("Unable to find '", "Other resources were not found")
    SLUGS = ("There are %s items", "There are %s original")
    TWICE = "Duplicate definition of"
    GUARD = "%s: %s: not copied"  # output_guard: a linked file outside the content folder, which the checks name
    OUTSIDE = "%s: its page would be written at %r, outside"  # escaping: a page outside the output folder
    NO_SLUG = "Unable to generate valid slug for %s"  # Pelican, of a tag the checks named
    SEARCH = "%s: its address, %s, is the search page's"  # the search plugin, of a post the checks named
    CSP = "%s: CSP field: %s (left out)"  # the csp plugin, of a post's CSP field the checks named at its line
    INDICATOR = "Replacement Indicator %r not recognized"  # Pelican, of a `{filname}` link the checks named

    def filter(self, record: logging.LogRecord) -> bool:
        """False to drop the record; a record about a file left out becomes our problem."""
        template = record.msg if isinstance(record.msg, str) else ""
        if self.told_already(template, record.args if isinstance(record.args, tuple) else ()):
            return False
        if template.startswith(self.ABOUT_A_FILE) and (path := _file_of(record)):
            if current.reported(path):
                return False
            problem = Problem(display(path), 1, f"left out of the site: {_why(record)}")
            record.msg, record.args, record.problem = "%s", (problem,), problem
            record.levelno, record.levelname = logging.ERROR, "ERROR"
        return True

    def told_already(self, template: str, args: tuple) -> bool:
        """Whether a record is noise, or says again what the checks said."""

        def said_of(path, *texts) -> bool:
            return any(current.reported_in(path, text) for text in texts)

        def named(name) -> bool:
            return any(current.reported_code(code, repr(str(name))) for code in ("tag", "slug"))

        said = (
            (self.NOISE, lambda: True),
            (self.TWICE, lambda: len(args) > 1 and said_of(args[1], "is given twice", "goes on to this line")),
            (self.OUTSIDE, lambda: bool(args) and current.reported(args[0])),  # left out by the checks, with why
            (self.SLUGS, lambda: current.reported_code("slug")),
            (self.NO_SLUG, lambda: bool(args) and named(args[-1])),
            (self.SEARCH, lambda: bool(args) and current.reported_in(args[0], "is the search page's")),
            (self.CSP, lambda: len(args) > 1 and current.reported_in(args[0], f"CSP field: {args[1]} (left out)")),
            (self.INDICATOR, lambda: len(args) > 1 and current.reported_code("link", str(args[1]))),
            ((*self.LINKS, self.GUARD), lambda: _link_reported(template, args)),
        )
        return next((told() for prefix, told in said if template.startswith(prefix)), False)


def _link_reported(template: str, args) -> bool:
    """Whether the checks reported the link Pelican could not resolve, or output_guard would not copy."""
    args = args if isinstance(args, tuple) else ()
    if template.startswith(PelicanEchoes.GUARD):
        problem = str(args[1]) if len(args) > 1 else ""
        if " is outside the content folder" not in problem and " is a link to nothing" not in problem:
            return False
        # The file itself, which the checks named where it is (a link out of the content folder, or to nothing).
        static = problem.split(" is ", 1)[0]
        if current.reported_code("linked-out") and current.reported_in(current.root / static, "is a link to"):
            return True
        # The posts that link the file, each of which the checks told already (at the link's own line).
        posts = [post for post in str(args[0]).split(", ") if post] if args else []
        return bool(posts) and all(current.reported_in(post, "leads outside the content folder") for post in posts)
    # Pelican names a link's target from the site's root ('/images/x.png', '/../x.png')
    target = str(args[0]) if args else ""
    return any(current.reported_code(code, target.lstrip("/")) for code in ("link", "image", "bio-link"))


echoes = PelicanEchoes()
PELICAN_LOGGERS = (
    "pelican.generators", "pelican.contents", "pelican.readers", "pelican.cache", "pelican.utils", "output_guard",
    "escaping.contents", "pelican.urlwrappers", "search", "csp",
)  # fmt: skip


def silence_echoes() -> None:
    """Put the filter on Pelican's loggers (once per process)."""
    for name in PELICAN_LOGGERS:
        logging.getLogger(name).addFilter(echoes)


def setup_logging(stream=None, *, strict: bool = False, annotations: bool | None = None) -> LineHandler:
    """Make every log record of the build one line on `stream` (stderr); return the handler, which counts."""
    handler = LineHandler(stream, strict=strict, annotations=annotations)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    # livereload and tornado print through handlers of their own: not a second time through ours.
    for name in ("livereload", "tornado"):
        logging.getLogger(name).propagate = False
    try:
        from pelican.log import console  # Pelican's "Done: Processed..." line, never wrapped

        console.soft_wrap = True
    except ImportError:  # pragma: no cover - Pelican is a dependency
        pass
    return handler


def summary(handler: LineHandler, left_out: list[str] | None = None) -> str:
    """The closing line of a build or a check: counts, and what was left out."""
    counts = f"{handler.errors} error(s), {handler.warnings} warning(s)"
    if scheduled := handler.counts[SCHEDULED]:
        counts += f", {scheduled} scheduled post(s)"
    if other := handler.counts[NOTE] - scheduled:  # a comment file not shown until fixed, say
        counts += f", {other} note(s)"
    if left_out:
        return f"{counts}; left out of the site until fixed: {shown(', '.join(left_out))}"  # file names: escapes
    return counts + "."
