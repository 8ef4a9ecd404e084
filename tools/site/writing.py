"""The writer's commands: check the content, start a post or an author bio."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tools import Stop

from . import build
from .build import ROOT, site_settings


def as_published(name: str) -> bool:
    """Whether the production settings decide this setting for the check: the site's own address (a full
    address of it is a link into the site, checked as one), the header's menu (publishconf.py may add to
    it) and where each page and feed is written; drafts and scheduled posts stay as they are developed."""
    return name in ("SITEURL", "MENUITEMS", "SETTINGS_FILE", "PAGINATION_PATTERNS") or (
        (name.endswith(("_URL", "_SAVE_AS")) or "FEED" in name) and not name.startswith("DRAFT_")
    )


def content_problems(settings_file: str, published_with: str = "") -> list:
    """Every problem `invoke check` finds, with the content of these settings: the checks' and the comment files'.

    `published_with`: the production settings file, whose site address, menu and page addresses the
    check judges as the publish does (development settings have no SITEURL, and may lack menu items).
    When it cannot be read here (a variable only CI sets), the check says so and goes on without it.
    """
    from comments import store_problems
    from writing import check_site
    from writing.problems import NOTE, Problem, display

    settings = site_settings(settings_file)
    if published_with and (build.ROOT / published_with).is_file():  # a project may have no production settings
        try:
            production = site_settings(published_with)
        except Exception as error:  # the writer's settings file: any mistake there, said in one line
            print(
                f"note: {published_with} cannot be read here ({type(error).__name__}: {error}); the site's address"
                " and menu are checked by `invoke publish`",
                file=sys.stderr,
            )
        else:
            settings = {**settings, **{name: value for name, value in production.items() if as_published(name)}}
    # Notes: a comment file is the moderator's to fix (`invoke comments.check`), and never stops a publish.
    comments = [Problem(display(path), line, message, NOTE) for path, line, message in store_problems(settings)]
    return sorted(check_site(settings) + comments, key=lambda p: (p.path, p.line))


def check(settings_file: str, published_with: str = "") -> None:
    """Print every problem of the content, then the count; Stop when one is an error."""
    from writing import report

    handler = report.LineHandler(sys.stdout)
    for problem in content_problems(settings_file, published_with):
        handler.show(problem)
    print(report.summary(handler))
    if handler.errors:
        raise Stop("")


def new_file(path: Path, text: str, what: str, named: str = "title") -> None:
    """Write a new content file, never over an existing one (`named`: what the writer chose, to choose another)."""
    if path.exists():
        raise Stop(f"Not written: {path.relative_to(ROOT)} already exists. Open it, or choose another {named}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Created {what}: {path.relative_to(ROOT)}")


def new_post(settings_file: str, title: str, author: str = "", tags: str = "", image: str = "") -> None:
    """Start a new draft post in the content folder with every metadata field."""
    from writing import site_slugify
    from writing.bios import bio_index
    from writing.newfiles import one_line, post_text, short_slug
    from writing.problems import closest

    title, author, tags, image = one_line(title), one_line(author), one_line(tags), one_line(image)
    settings = site_settings(settings_file)
    content = Path(settings["PATH"])
    known = bio_index(content / settings.get("AUTHOR_BIOS_PATH", "authors"))
    if not author:
        author = next(iter(known.values())) if len(known) == 1 else ""
    elif author.casefold() in known:
        author = known[author.casefold()]  # as the bio spells it
    else:
        guess = closest(author, known.values())
        print(
            f"warning: no author is called {author!r}"
            + (f" (did you mean {guess!r}?)" if guess else "")
            + f". Known authors: {', '.join(sorted(known.values())) or 'none yet'}."
            + f' Fix the Author line, or add a bio with `invoke new-author "{author}"`.',
            file=sys.stderr,
        )
    slug = short_slug(site_slugify(settings)(title))
    if not slug:
        raise Stop("Give the post a title with letters or digits in it.", code=2)
    now = datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    tag_list = [t.strip() for t in tags.split(",") if t.strip()]
    new_file(
        content / f"{slug}.md",
        post_text(title, slug=slug, date=now, author=author, tags=tag_list, image=image),
        "a draft post",
    )
    if not author or not tag_list:
        print("Fill in the Author and Tags lines before publishing (`invoke check` lists what is missing).")


def new_author(settings_file: str, name: str) -> None:
    """Start a new author bio in the bios folder."""
    from writing import site_slugify
    from writing.newfiles import author_text, one_line, short_slug

    name = one_line(name)  # typed on a command line: no terminal escape nor bidi control into the file
    settings = site_settings(settings_file)
    folder = Path(settings["PATH"]) / settings.get("AUTHOR_BIOS_PATH", "authors")
    slug = short_slug(site_slugify(settings)(name))
    if not slug:
        raise Stop("Give the author a name with letters or digits in it.", code=2)
    new_file(folder / f"{slug}.md", author_text(name), "an author bio", named="name")
