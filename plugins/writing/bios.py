"""Check the author bios (content/authors/*.md): a name, text, well-formed links, a photo that exists.

The format and its rules are author_bios' (`author_bios.bios`); this module only
says, with the line, what a bio file gets wrong, so `invoke check` and every build
report it the same way.
"""

from __future__ import annotations

from pathlib import Path

from author_bios.bios import parse_links
from output_guard.paths import inside, leaves

from .header import lines_of, prose_lines, read_header, read_utf8
from .links import linked_out, split_url
from .newfiles import BIO_PLACEHOLDER
from .notes import markdown_options, open_notes
from .problems import ERROR, WARNING, Problem, closest, display
from .scripts import inert_scripts
from .tags import broken_tags

BIO_FIELDS = ("Name", "Title", "Photo", "Photo-Alt", "Links")
USUAL_BIO_FIELDS = ("Name", "Photo", "Photo-Alt", "Links")


def bio_files(folder: Path) -> list[Path]:
    """The bio files of a folder, in order."""
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def bio_index(folder: Path) -> dict[str, str]:
    """Casefolded name -> name, for each bio that gives one."""
    names = {}
    for bio in bio_files(folder):
        # A bio that is not UTF-8 is reported by check_bios; only its name is wanted here.
        header = read_header(bio.read_text(encoding="utf-8", errors="replace"))
        if name := header.value("name") or header.value("title"):
            names.setdefault(name.casefold(), name)
    return names


def check_bios(folder: Path, root: Path, slug_of, settings=None, *, links=None) -> list[Problem]:
    """Every problem of every bio file (`settings`: the site's, for the scripts its pages run; `links`: what
    judges the links of a bio's text, (file, its lines, its folder, root) -> problems: checks.bio_links)."""
    problems, owners = [], {}
    for path in bio_files(folder):
        rel = display(path)
        text = read_utf8(path)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        header = read_header(text)
        problems += [Problem(rel, line, message, severity, code) for line, severity, message, code in header.problems]
        for key, (line, _value) in header.fields.items():
            if key not in {f.lower() for f in BIO_FIELDS}:
                guess = closest(key, BIO_FIELDS)
                hint = f": did you mean {guess!r}?" if guess else f" (a bio's fields are {', '.join(USUAL_BIO_FIELDS)})"
                written = header.written.get(key, key)
                problems.append(Problem(rel, line, f"unknown field {written!r}{hint}", WARNING, code="field"))
        name = header.value("name") or header.value("title")
        if not name:
            problems.append(Problem(rel, 1, "a bio needs a 'Name:' line, the name the posts give in 'Author:'"))
            continue
        slug = slug_of(name)
        if not slug:
            line = header.line("name") if header.value("name") else header.line("title")
            message = (
                f"the name {name!r} has no letter or digit to make the author's page address from: write it in words"
            )
            problems.append(Problem(rel, line, message, code="slug"))
        if slug in owners:
            problems.append(
                Problem(
                    rel,
                    header.line("name"),
                    f"a second bio for {name} (the first is {display(owners[slug])}): remove one",
                )
            )
        owners.setdefault(slug, path)
        for offset, line in enumerate(header.value("links").split("\n")):  # each link at its own line
            problems += [Problem(rel, header.line("links") + offset, message) for message in parse_links(line)[1]]
        body = lines_of(text)[header.body_line - 1 :]
        # A bio shows on its author's posts and page: a script there runs under their policy, as a post's would.
        problems += inert_scripts(rel, prose_lines(body, header.body_line), settings or {})
        markdown = markdown_options(settings)
        problems += broken_tags(rel, "\n".join(body), header.body_line, markdown)
        problems += open_notes(rel, "\n".join(body), header.body_line, markdown)  # on every post of its author
        if links is not None:
            problems += links(rel, prose_lines(body, header.body_line), path.parent, root)
        if any(BIO_PLACEHOLDER in line for line in body):
            line = header.body_line + next(n for n, line in enumerate(body) if BIO_PLACEHOLDER in line)
            message = f"the text new-author wrote is still here ('Who {name} is, {BIO_PLACEHOLDER}...'): write the bio"
            problems.append(Problem(rel, line, message, WARNING, code="placeholder"))
        if not "".join(body).strip():
            problems.append(
                Problem(
                    rel,
                    header.body_line,
                    f"the bio of {name} has no text: write who they are below the metadata",
                    WARNING,
                )
            )
        if photo := header.value("photo"):
            problems += photo_problems(rel, photo, header.line("photo"), root)
    return problems


def photo_problems(rel: str, photo: str, line: int, root: Path) -> list[Problem]:
    """A bio's photo: a web address, or a file of the content folder that exists (and is no link out of it)."""
    local = photo.removeprefix("{static}").lstrip("/")
    parts = split_url(photo)
    scheme = parts.scheme.lower() if parts is not None else "invalid"
    elsewhere = f"Photo {photo!r} must be a path under the content folder (e.g. images/authors/its-name)"
    if scheme:
        message = "" if scheme in ("http", "https") else elsewhere
    elif leaves(local):
        message = elsewhere
    elif not (root / local).is_file():
        message = (
            f"photo {photo} does not exist (save it in {display(root / 'images' / 'authors')}/"
            " and write images/authors/its-name)"
        )
    elif not inside(root, root / local):  # a symbolic link to a file elsewhere: never copied
        message = linked_out(f"photo {photo}", root / local, root)
    else:
        message = ""
    return [Problem(rel, line, message, ERROR, code="image")] if message else []
