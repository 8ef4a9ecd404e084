"""The writer's commands: check every post, start a post or an author bio."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tools import Stop

from .build import ROOT, site_settings


def content_problems(settings_file: str) -> list:
    """Every problem `invoke check` finds, with the content of these settings."""
    from writing import check_site

    return check_site(site_settings(settings_file))


def check(settings_file: str) -> None:
    """Print every problem of every post, then the count; Stop when one is an error."""
    from writing.checks import ERROR

    problems = content_problems(settings_file)
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.severity == ERROR)
    print(f"{errors} error(s), {len(problems) - errors} warning(s).")
    if errors:
        raise Stop("")


def new_file(path: Path, text: str, what: str) -> None:
    """Write a new content file, never over an existing one."""
    if path.exists():
        raise Stop(f"Not written: {path.relative_to(ROOT)} already exists. Open it, or choose another title.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Created {what}: {path.relative_to(ROOT)}")


def new_post(settings_file: str, title: str, author: str = "", tags: str = "", image: str = "") -> None:
    """Start a new draft post in the content folder with every metadata field."""
    from writing import site_slugify
    from writing.checks import bio_names
    from writing.newfiles import post_text

    settings = site_settings(settings_file)
    content = Path(settings["PATH"])
    if not author:
        known = sorted(bio_names(content / settings.get("AUTHOR_BIOS_PATH", "authors")))
        author = known[0].title() if len(known) == 1 else ""
    slug = site_slugify(settings)(title)
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
    from writing.newfiles import author_text

    settings = site_settings(settings_file)
    folder = Path(settings["PATH"]) / settings.get("AUTHOR_BIOS_PATH", "authors")
    new_file(folder / f"{site_slugify(settings)(name)}.md", author_text(name), "an author bio")
