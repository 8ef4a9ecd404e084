"""writing: the writers' safety net in every build, and drafts and scheduled posts marked.

Every build runs the checks of `invoke check` first (posts, pages, bios, credit
files, links: see checks.py) and reports each problem once as
`content/post.md:LINE: message`; Pelican's own messages about the same files
("Could not process", "Empty alt attribute"...) are dropped or put in that form
(report.py). A post that would be written at the address of another is left out
instead of stopping the build. After the build, `report.current.left_out` names
every post and page left out of the site, so `invoke build` can fail.

Sets `scheduled` (True for a post dated in the future) on every article, so the
development build can mark it; production (publishconf.py) does not publish
such posts until their date (WITH_FUTURE_DATES = False) and never builds drafts.
Pelican keeps such a post as a draft in production: once the articles are
written, it is set apart (`generator.scheduled`), so that Pelican's closing line
does not count it as a draft (the build's summary counts it as scheduled).

`planned_site_map` is the map of every address for a tool about to add content
(the WordPress import: where old addresses would land).
Sets `tags_with_page` and `authors_with_page` on every article: a draft's or a
hidden post's tag that no published post has gets no page, so it gets no link.
A post's tags that make one page (`Interviews, interviews`) are one tag, the first
(duplicate_tags.py): the post is listed once on the page and in its feed.

Empty optional fields (`Summary:`, `Image:` left blank by `invoke new-post`)
count as absent.

No settings of its own; it reads MENUITEMS (menu.py) and SETTINGS_FILE (the file the project's
commands read the settings from, to name its lines), PATH, ARTICLE_EXCLUDES, PAGE_PATHS,
IGNORE_FILES, AUTHOR_BIOS_PATH, the URL settings, SLUG_REGEX_SUBSTITUTIONS,
IMAGE_CREDITS_SUFFIX and IMAGE_CREDITS_WARN_MISSING.
"""

from __future__ import annotations

import os
import warnings
from datetime import datetime
from pathlib import Path

from dateutil.parser import UnknownTimezoneWarning
from pelican import signals
from pelican.contents import Article, Page
from pelican.urlwrappers import Author
from pelican.utils import slugify

from . import report
from .active import active_file_problems
from .bios import bio_index, check_bios
from .checks import (
    Checked,
    CheckMemo,
    bio_links,
    checked_files,
    content_files,
    pelicans_slug_warnings_silenced,
    post_slug,
    unread_posts,
)
from .credits import check_credits, credit_files
from .duplicate_tags import one_tag_a_page
from .header import read_header, read_utf8
from .linked_out import linked_out_files
from .links import site_map
from .menu import menu_problems
from .problems import BUILD_LEAVES_OUT, Problem, display

__all__ = ["CheckMemo", "Checked", "check_site", "checked_site", "planned_site_map", "site_slugify"]


def site_slugify(settings):
    """Pelican's slugify with this site's substitutions."""
    substitutions = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    return lambda text: slugify(text, regex_subs=substitutions)


def site_files(settings) -> tuple[list[Path], list[Path], Path]:
    """The posts, the pages and the bio folder of the content folder."""
    root = Path(settings["PATH"])
    ignores = settings.get("IGNORE_FILES", [])
    page_paths = [p for p in settings.get("PAGE_PATHS", []) if p]
    excluded = list(settings.get("ARTICLE_EXCLUDES", [])) + page_paths
    posts = content_files(root, excluded, ignores)
    pages = [page for folder in page_paths for page in content_files(root / folder, [], ignores)]
    return posts, pages, root / settings.get("AUTHOR_BIOS_PATH", "authors")


def unread_files(settings) -> list:
    """Files among the posts and pages that Pelican does not read, though a writer may have meant one (`post.MD`)."""
    root = Path(settings["PATH"])
    ignores = settings.get("IGNORE_FILES", [])
    page_paths = [p for p in settings.get("PAGE_PATHS", []) if p]
    # A template TEMPLATE_PAGES renders, and a static file (robots.txt among STATIC_PATHS) are published otherwise.
    static = [os.path.normpath(path) for path in settings.get("STATIC_PATHS", []) if path]
    templates = {str(name) for name in settings.get("TEMPLATE_PAGES", {})} | {
        path for path in static if (root / path).is_file()
    }
    excluded = list(settings.get("ARTICLE_EXCLUDES", [])) + page_paths + static
    problems = unread_posts(root, excluded, ignores, templates)
    for folder in page_paths:
        inside = {template.removeprefix(folder.strip("/") + "/") for template in templates}
        problems += unread_posts(root / folder, [], ignores, inside)
    return problems


def check_site(settings, posts=None, *, images: bool = True, now: datetime | None = None) -> list:
    """`invoke check`: every problem of the content folder (posts, pages, bios, credit files) and the menu."""
    return site_problems(settings, checked_site(settings, posts, images=images, now=now))


def site_problems(settings, checked: Checked) -> list:
    """The check's problems and the menu items', in file order.

    The menu's are named at the settings file's lines here, out of what build_speed remembers:
    a line added above MENUITEMS moves them without changing any setting.
    """
    problems = checked.problems + menu_problems(settings, checked.menu)
    return sorted(problems, key=lambda p: (p.path, p.line))


def checked_site(
    settings, posts=None, *, images: bool = True, now: datetime | None = None, memo: CheckMemo | None = None
) -> Checked:
    """check_site's problems, and until when the clock leaves them as they are (the files staying the same).

    A pure function of the settings, the content folder's files (the comment store apart), the
    working folder (the problems name files from there) and the clock. `memo`: the last check's
    findings, file by file, for a process that checks again and again (checks.CheckMemo).
    """
    found_posts, pages, bios = site_files(settings)
    posts = found_posts if posts is None else posts
    root = Path(settings["PATH"])
    suffix = settings.get("IMAGE_CREDITS_SUFFIX", ".credit")
    credits = credit_files(root, suffix, skip=(settings.get("COMMENTS_PATH", "comments"),)) if images else []
    authors = bio_index(bios)
    checked = checked_files(
        settings, posts, pages, authors, site_slugify(settings), credits=credits, images=images, now=now, memo=memo
    )
    problems = checked.problems
    with pelicans_slug_warnings_silenced():
        problems += check_bios(bios, root, lambda name: Author(name, settings).slug, settings, links=bio_links)
    problems += check_credits(credits, suffix)
    if images:
        problems += active_file_problems(root) + active_file_problems(root, "files")  # both published as they are
    problems += linked_out_files(root, list(settings.get("STATIC_PATHS", [])))
    problems += unread_files(settings)
    return Checked(sorted(problems, key=lambda p: (p.path, p.line)), checked.holds_until, checked.menu)


# What every build runs before reading (`checked_site`, given the settings). build_speed puts a memo
# in front of it in builds that keep a cache: the same files give the same problems until the clock
# says otherwise (build_speed/remembered.py).
check_content = checked_site


def planned_site_map(settings, texts: dict[Path, str]):
    """Every address of the site once these Markdown files (path -> text) are added to its content, or replace one.

    For a tool that is about to write content (the WordPress import): where the new
    files' addresses land among those the site has already.
    """
    posts, pages, bios = site_files(settings)
    root = Path(settings["PATH"])
    page_folders = tuple(p.strip("/") + "/" for p in settings.get("PAGE_PATHS", []) if p.strip("/"))
    headers: dict[Path, dict] = {"ARTICLE": {}, "PAGE": {}}
    for path in [*posts, *pages]:
        text = read_utf8(path)
        if not isinstance(text, Problem):
            headers["PAGE" if path in pages else "ARTICLE"][path] = read_header(text)
    for path, text in texts.items():
        if path.suffix == ".md" and bios not in path.parents:
            is_page = path.relative_to(root).as_posix().startswith(page_folders)
            headers["PAGE" if is_page else "ARTICLE"][path] = read_header(text)
    slugify = site_slugify(settings)
    return site_map(
        settings, headers["ARTICLE"], headers["PAGE"], lambda path, header: post_slug(path, header, slugify)
    )


def report_problems(generator):
    """Before Pelican reads anything, say what is wrong in the content, each problem once."""
    problems = site_problems(generator.settings, check_content(generator.settings))
    report.current.begin(generator.settings["PATH"], problems)
    for problem in problems:
        report.log_problem(problem)


def leave_out_duplicates(generator):
    """A post at the address of another, or dated out of range, is left out (as the check said), not a crash."""
    doubles = {Path(p.path).resolve() for p in report.current.problems if p.code in BUILD_LEAVES_OUT}
    if not doubles:
        return
    for name in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
        items = getattr(generator, name, None)
        if items:
            setattr(generator, name, [i for i in items if Path(i.source_path).resolve() not in doubles])
    report.current.left_out += sorted(display(path) for path in doubles)


def drop_tags_without_a_page(generator):
    """A tag that makes no address (an emoji alone) is left off its posts, as the check said: no page is written
    over the tags' own folder."""
    for article in generator.articles + generator.drafts + generator.hidden_articles:
        tags = getattr(article, "tags", None)
        if tags and not all(tag.slug for tag in tags):
            article.tags = [tag for tag in tags if tag.slug]
            article.metadata["tags"] = article.tags


def record_left_out(generators):
    """Note every post and page Pelican could not read (it keeps None for them), for the build's summary."""
    context = generators[0].context
    root = Path(generators[0].settings["PATH"])
    failed = [display(root / path) for path, item in context.get("generated_content", {}).items() if item is None]
    report.current.left_out = sorted(set(report.current.left_out) | set(failed))


def drop_empty_fields(instance):
    """An optional field left empty is no field at all (e.g. 'Summary:' from new-post)."""
    if not isinstance(instance, (Article, Page)):
        return
    for key in [k for k, v in instance.metadata.items() if isinstance(v, str) and not v.strip()]:
        del instance.metadata[key]
        if key == "summary":
            instance.__dict__.pop("_summary", None)
        elif hasattr(instance, key):
            delattr(instance, key)


def mark_scheduled(generator):
    """Mark posts dated in the future; note which tags and authors have a page of their own."""
    tags = {tag.slug for tag in generator.tags}
    authors = {author.slug for author, _articles in generator.authors}
    for article in generator.articles + generator.drafts + generator.hidden_articles:
        now = datetime.now(article.date.tzinfo) if article.date.tzinfo else datetime.now()
        article.scheduled = article.date > now
        article.tags_with_page = [t for t in getattr(article, "tags", []) if t.slug in tags]
        article.authors_with_page = [a for a in getattr(article, "authors", []) if a.slug in authors]


def count_scheduled_apart(generator, writer=None):
    """Once the articles are written: a scheduled post is no draft in Pelican's closing line.

    Without WITH_FUTURE_DATES (production), Pelican turns a post dated in the future
    into a draft, and its "Done: Processed …" line would count it as one. It is set
    apart (`generator.scheduled`) after everything is written; the build's own summary
    counts it as a scheduled post.
    """
    scheduled = [
        article
        for article in generator.drafts
        if getattr(article, "scheduled", False) and str(article.metadata.get("status", "")).lower() != "draft"
    ]
    if scheduled:
        generator.scheduled = scheduled
        generator.drafts = [article for article in generator.drafts if article not in scheduled]


def register():
    """Connect the plugin to Pelican's signals."""
    report.silence_echoes()
    # dateutil's warning of a zone it does not know names no file: the check says it with the file and line
    # (date-zone), and the build leaves the post out.
    warnings.filterwarnings("ignore", category=UnknownTimezoneWarning)
    signals.article_generator_init.connect(report_problems)
    signals.content_object_init.connect(drop_empty_fields)
    signals.article_generator_pretaxonomy.connect(leave_out_duplicates)
    signals.article_generator_pretaxonomy.connect(drop_tags_without_a_page)
    signals.article_generator_pretaxonomy.connect(one_tag_a_page)
    signals.page_generator_finalized.connect(leave_out_duplicates)
    signals.article_generator_finalized.connect(mark_scheduled)
    signals.article_writer_finalized.connect(count_scheduled_apart)
    signals.all_generators_finalized.connect(record_left_out)
