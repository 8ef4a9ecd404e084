"""Move a WordPress blog over: posts, pages, authors, images with captions and credits, comments.

`plan` decides every file from the export alone (pure); `write` writes them,
never over a file the import did not write (manifest.py), copies uploads, and imports the
comments through the comments plugin's importer, tied to the new slugs.

The export comes from elsewhere, and names paths: a post's slug (`post_name`),
its old address (`link`), its images' URLs. None of them can name a path outside
the content folder: a slug is a single file name of letters, digits, `-` and `_`
(anything else is slugified, with a note); an old address with `..` gets no
redirect; an image URL whose path climbs (`uploads/../../..`) stays at its
address, with a note. Images, and the files posts link to, are copied only from
inside the uploads folder given (symbolic links resolved), only of the kinds
uploads.py vouches for, and every file is written only inside the content
folder. Metadata values are one line each, without control characters.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from escaping.markup import drop_controls
from escaping.terminal import BIDI_CONTROLS
from escaping.urls import is_web_url
from image_credits.credits import PLACEHOLDER, placeholder_line
from output_guard.paths import inside, within
from wordpress.addresses import redirect_file

from .convert import CreditText, ImageRef, to_markdown
from .displayed import Library
from .fidelity import PostFidelity, compare, not_rendered
from .links import LinkMap
from .manifest import ABSENT, EDITED, OURS, Manifest
from .rendered import checked_markdown
from .sanitise import MAX_DEPTH
from .uploads import EXTENSIONS, file_problem, image_problem
from .wxr import WpAuthor, WpItem, WpSite, split_url

IMAGES = "images/wordpress"  # where migrated images (and their credits) go, under content/
FILES = "files/wordpress"  # where the other uploaded files posts link to go, under content/
PUBLISHED, DRAFT = "published", "draft"
UNCATEGORIZED = "Uncategorized"  # WordPress's name for a post filed nowhere: its tag, so that `invoke check` passes
STATUS = {"publish": PUBLISHED, "future": PUBLISHED, "draft": DRAFT, "pending": DRAFT, "private": DRAFT}
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
# Top-level folders of the new site: a post may not take one of these as its slug.
RESERVED_SLUGS = {
    "tag", "tags", "author", "authors", "archives", "category", "categories", "feeds", "drafts",
    "images", "files", "theme", "page", "comment-received", "pages", "comments", "search", "pagefind",
}  # fmt: skip
# A slug is one file name: letters and digits (any script), "-" and "_", as WordPress makes them.
SLUG = re.compile(r"[\w-]+")
MAX_NAME_BYTES = 200  # file systems allow 255 bytes a name; ".md" and "-1234" must still fit


@dataclass(frozen=True)
class NewFile:
    """A file the migration writes, relative to the content folder."""

    path: str
    text: str
    what: str


@dataclass
class Plan:
    """Everything the migration will do, and what it noticed."""

    files: list[NewFile] = field(default_factory=list)
    copies: list[tuple[Path, str]] = field(default_factory=list)  # (upload file, content path)
    downloads: dict[str, str] = field(default_factory=dict)  # original URL -> content path to save it at
    to_move: dict[str, str] = field(default_factory=dict)  # a linked file's URL -> content path to save it at
    copied: dict[str, str] = field(default_factory=dict)  # an old URL -> the content path its copy is at
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # (item, a writer's file, the import's file)
    tagged_from_categories: list[str] = field(default_factory=list)  # posts with categories but no tags
    untagged: list[str] = field(default_factory=list)  # posts with neither: tagged UNCATEGORIZED
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    notes: list[str] = field(default_factory=list)
    slugs: dict[str, str] = field(default_factory=dict)  # WordPress post id -> slug
    counts: Counter = field(default_factory=Counter)
    fidelity: list[PostFidelity] = field(default_factory=list)  # one per post and page, when measured
    to_describe: list[tuple[str, str, str]] = field(default_factory=list)  # (post file, image, alt text guessed)
    decorative: list[tuple[str, str]] = field(default_factory=list)  # (post file, image) kept decorative
    started: datetime = field(default_factory=lambda: datetime.now(UTC).replace(second=0, microsecond=0))


@dataclass
class Report:
    """What a migration did: each planned file created, updated, unchanged, or kept (edited, or not the import's)."""

    plan: Plan
    created: list[NewFile] = field(default_factory=list)
    updated: list[NewFile] = field(default_factory=list)  # written by an earlier import, untouched since: rewritten
    unchanged: list[NewFile] = field(default_factory=list)
    edited: list[NewFile] = field(default_factory=list)  # written by an earlier import, edited since: kept
    replaced: list[NewFile] = field(default_factory=list)  # edited since an earlier import: replaced (--force)
    deleted: list[NewFile] = field(default_factory=list)  # written by an earlier import, deleted since: not again
    not_ours: list[NewFile] = field(default_factory=list)  # a writer's own (or another blog's import's): kept
    still_linking: dict[str, list[str]] = field(default_factory=dict)  # an edited post -> old URLs now copied
    comments: object = None  # the comments importer's ImportReport
    placeholders: list[str] = field(default_factory=list)  # credit files still placeholders, content-relative

    def find_placeholders(self, content: Path) -> None:
        """Note every planned credit file that is, in the content folder now, still a placeholder."""
        self.placeholders = []
        for new in self.plan.files:
            path = within(content, new.path) if new.path.endswith(".credit") else None
            if (
                path is not None
                and path.is_file()
                and placeholder_line(path.read_text(encoding="utf-8", errors="replace"))
            ):
                self.placeholders.append(new.path)


def upload_path(url: str) -> str:
    """Where an uploaded file sits below the uploads folder: '2014/02/photo.jpg'; "" when it cannot be one."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    path = parts.path
    if "/wp-content/uploads/" in path:
        path = path.split("/wp-content/uploads/", 1)[1]
    elif not (parts.scheme in ("http", "https") and parts.netloc):  # not an upload: some other page's image
        return ""
    # A name as the uploads folder holds it (`caf%C3%A9.jpg` is café.jpg there), each part checked once decoded.
    parts = [unquote(part) for part in path.split("/") if part not in ("", ".")]
    if not parts or any(not is_file_name(part) for part in parts):
        return ""
    return "/".join(parts)


def is_file_name(name: str) -> bool:
    """True for one ordinary file or folder name: no separator, space, control character or leading dot."""
    return (
        bool(name)
        and not name.startswith(".")
        and "\\" not in name
        and "/" not in name  # one decoded from %2F
        and not any(unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp") for char in name)
        and len(name.encode()) <= MAX_NAME_BYTES
    )


def safe_slug(text: str) -> str:
    """`text` when it can be a post's file and folder name as it is, else ""."""
    return text if SLUG.fullmatch(text) and len(text.encode()) <= MAX_NAME_BYTES else ""


def short_id(item_id: str) -> str:
    """A WordPress id as part of a file name: its digits, or a digest of whatever the export says."""
    if re.fullmatch(r"[0-9]{1,20}", item_id):
        return item_id
    return hashlib.sha256(item_id.encode()).hexdigest()[:8]


def old_address(link_path: str, slug: str) -> str:
    """A `WordPress-URL:` for the post's old address, or "" (the same as the new one, or no redirect can work there).

    No redirect works at a path outside the site, nor at a file that is not a page (`/feeds/all.atom.xml`):
    wordpress.addresses.redirect_file says which.
    """
    if not link_path or link_path.strip("/") == slug:
        return ""
    if link_path != one_line(link_path) or redirect_file(link_path)[1]:
        return ""
    return link_path


BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def one_line(text: str) -> str:
    """Metadata values live on one line, without control characters nor bidi controls (which reorder the line)."""
    return " ".join(BIDI.sub("", drop_controls(str(text))).split())


def plain_text(markup: str) -> str:
    """An excerpt or caption without its HTML."""
    return one_line(BeautifulSoup(markup or "", "html.parser").get_text(" "))


def bio_text(description: str, render: Callable[[str], str] | None = None) -> tuple[str, list[str]]:
    """An author's WordPress description (HTML, from elsewhere) as Markdown without live markup, as a post's body.

    With `render`, checked as the posts are (rendered.py): (the text, what it would have shown live).
    """
    if not description.strip():
        return "", []
    markdown = to_markdown(description, str, lambda _url: "").markdown
    return checked_markdown(markdown, render) if render is not None else (markdown, [])


def credit_text(image: ImageRef, site: WpSite, original: str) -> str:
    """The .credit file of a migrated image; `original`, its address on the old blog ("" for none).

    A copied image's credit names its old address too: another export of the same blog (or a post
    not imported again) may still show it from there, and takes its credit from this file.
    """
    lines = []
    if original:
        lines.append(f"For: {one_line(original)}")
    if image.credit:
        credit: CreditText = image.credit
        if credit.creator:
            lines.append(f"Creator: {one_line(credit.creator)}")
        if credit.source:
            lines.append(f"Source: {one_line(credit.source)}")
        if is_web_url(credit.source_url):
            lines.append(f"Source-URL: {credit.source_url}")
    else:
        lines = [
            f"{PLACEHOLDER}: WordPress did not say who made this image. Write its real Creator, Source and Licence,"
            " then delete this line.",
            *lines,
            f"Source: {one_line(site.title) or 'the old blog'}",
        ]
        if is_web_url(site.link):
            lines.append(f"Source-URL: {site.link}")
    if image.alt:
        lines.append(f"Alt: {one_line(image.alt)}")
    return "\n".join(lines) + "\n"


def copied_from(plan: Plan) -> dict[str, str]:
    """The old address of each image copied from the uploads, by its place under content/."""
    return {target: url for url, target in plan.copied.items()}


class _Images:
    """Places each image: copied from the uploads folder, or left at its original URL."""

    def __init__(self, site: WpSite, uploads: Path | None, plan: Plan, copied_before: frozenset[str] = frozenset()):
        self.site, self.uploads, self.plan = site, uploads, plan
        self.copied_before = copied_before  # copies an earlier import made, still there: the posts keep them
        self.by_name, self.checked = {}, {}
        if uploads is not None:
            for file in sorted(uploads.rglob("*")):
                if file.is_file() and inside(uploads, file):  # a symbolic link out of the folder is not read
                    self.by_name.setdefault(file.name, file)
        self.attachment_pages = {
            page for item in site.items if item.type == "attachment" and (page := item.link.strip("/"))
        }
        self.library = Library(site.attachments, site.blocks)
        self.hosts = {split_url(url).netloc.casefold() for url in (site.link, *site.base_urls) if url}
        # WordPress.com serves a blog's uploads from its own files host.
        self.hosts |= {host.replace(".wordpress.com", ".files.wordpress.com") for host in self.hosts}
        self.uploaded = {split_url(attachment.url).path for attachment in site.attachments.values()}
        self.alt, self.titles = {}, {}
        for attachment in site.attachments.values():
            key = SIZE_SUFFIX.sub("", split_url(attachment.url).path)
            self.alt[key], self.titles[key] = attachment.alt, attachment.title

    def locate(self, url: str) -> str:
        # WordPress.com serves sizes as ?w=604: the original file is the one to keep.
        url = clean = url.split("?", maxsplit=1)[0]
        relative = upload_path(clean)
        if not relative:
            note = f"image {url!r} cannot be placed under content/{IMAGES}/: it stays at its address"
            self.plan.notes += [note] if note not in self.plan.notes else []  # once, however many uses
            return url
        target = f"{IMAGES}/{relative}"
        if self.uploads is not None:
            found = within(self.uploads, relative)
            found = found if found is not None and found.is_file() else self.by_name.get(PurePosixPath(relative).name)
            if found is not None:
                if problem := self.problem(found):  # not an image we can vouch for: never served by the site
                    shown = found.relative_to(self.uploads) if inside(self.uploads, found) else found.name
                    note = f"--uploads file {str(shown)!r} {problem}; {url!r} stays at its address"
                    self.plan.notes += [note] if note not in self.plan.notes else []  # once, however many uses
                    return url
                self.plan.copies.append((found, target))
                self.plan.copied[url] = target
                return target
        if target in self.copied_before:  # copied by an earlier run with --uploads: not back to the old site
            return target
        self.plan.downloads[url] = target
        return url

    def is_upload(self, url: str) -> bool:
        """Whether a URL is a file the old blog uploaded: in its uploads folder, or in its media library."""
        parts = split_url(url)
        if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc.casefold() not in self.hosts):
            return False
        return (
            "/wp-content/uploads/" in parts.path
            or parts.path in self.uploaded
            or (parts.netloc.endswith(".files.wordpress.com") and "." in PurePosixPath(parts.path).name)
        )

    def locate_file(self, url: str) -> str | None:
        """Where a post's link to an uploaded file (a PDF, an MP3...) now points: its copy under content/, or
        its old address (listed to move) when it is not copied; None for a link to anything else."""
        url = url.strip()
        if not self.is_upload(url):
            return None
        clean, _, fragment = url.split("?", maxsplit=1)[0].partition("#")
        fragment = f"#{fragment}" if fragment else ""  # a PDF's page (#page=3) is the copy's too
        suffix = PurePosixPath(split_url(clean).path).suffix.lower()
        if any(suffix in names for names in EXTENSIONS.values()):
            placed = self.locate(clean)  # an image: where the posts show it, copied once
            return "{static}/" + placed + fragment if placed.startswith(f"{IMAGES}/") else None
        relative = upload_path(clean)
        if not relative or not suffix:  # the uploads folder itself, or a folder of it
            return None
        target = f"{FILES}/{relative}"
        found = within(self.uploads, relative) if self.uploads is not None else None
        if found is None or not found.is_file():
            found = self.by_name.get(PurePosixPath(relative).name)  # WordPress.com's uploads may be laid out flat
        if found is None:
            return self.copied_earlier(clean, target, fragment)
        if problem := self.problem(found, image=False):
            shown = found.relative_to(self.uploads) if inside(self.uploads, found) else found.name
            note = f"--uploads file {str(shown)!r} {problem}; the link to {clean!r} stays as it is"
            self.plan.notes += [note] if note not in self.plan.notes else []  # once, however many links
            return None
        if (found, target) not in self.plan.copies:
            self.plan.copies.append((found, target))
        self.plan.copied[clean] = target
        return "{static}/" + target + fragment

    def copied_earlier(self, url: str, target: str, fragment: str) -> str | None:
        """A file not in the uploads given: its copy by an earlier run with --uploads, else listed to move."""
        if target in self.copied_before:
            return "{static}/" + target + fragment
        self.plan.to_move[url] = target
        return None

    def problem(self, file: Path, *, image: bool = True) -> str:
        """Why an uploaded file may not be copied as an image (uploads.image_problem) or as a file a post links
        to (uploads.file_problem), each file checked once."""
        if (file, image) not in self.checked:
            self.checked[file, image] = image_problem(file) if image else file_problem(file)
        return self.checked[file, image]

    def describe(self, url: str) -> str:
        """The media library's alt text for an image (any of its sizes)."""
        return self.alt.get(SIZE_SUFFIX.sub("", split_url(url).path), "")

    def title_of(self, url: str) -> str:
        """The media library's title of an image: a guess at its alt text, which the report lists."""
        return self.titles.get(SIZE_SUFFIX.sub("", split_url(url).path), "")

    def is_image_link(self, href: str, src: str) -> bool:
        """Whether a link around an image goes to that image's file (any size) or to an attachment page."""
        target = split_url(href)
        if target.path.strip("/") in self.attachment_pages or "attachment_id=" in target.query:
            return True
        name = PurePosixPath(target.path).name
        return bool(name) and SIZE_SUFFIX.sub("", name) == SIZE_SUFFIX.sub("", PurePosixPath(split_url(src).path).name)


def comments_setting(item: WpItem) -> str:
    """`Comments:` as WordPress had it: closed stays closed; a page shows comments only if it had some."""
    if item.comment_status == "closed":
        return "closed"
    return "open" if item.type == "post" or item.comments else ""


def post_file(meta: dict[str, str], body: str) -> str:
    """The Markdown file of a post or page: one line a field, so no value can add a field of its own."""
    header = "\n".join(f"{key}: {one_line(value)}" for key, value in meta.items() if one_line(value) != "")
    return f"{header}\n\n{body}"


def author_of(item: WpItem, site: WpSite) -> WpAuthor:
    """The item's author; an author the export does not list is named by their login."""
    login = item.author if item.author in site.authors else item.author.strip(" <>\"'")
    return site.authors.get(login) or WpAuthor(login or "anonymous", login or "Anonymous")


def unique_slug(item: WpItem, title: str, used: set[str], slugify, result: Plan, *, taken: dict[str, str]) -> str:
    """The WordPress slug (old links map to it), or one from the title; never one taken already.

    `taken`: the slugs (and file names) of the posts and pages the import did not write, casefolded (one file
    on macOS and Windows) -> that file.
    """
    # WordPress keeps a non-ASCII slug percent-encoded: the folder name is the decoded one.
    wanted = unquote(item.slug)
    slug = safe_slug(wanted) or safe_slug(slugify(wanted)[:100])
    if wanted and slug != wanted:
        result.notes.append(
            f"{item.type} {short_id(item.id)}: its slug {wanted!r} cannot be a file name, "
            f"so it is {slug or 'made from the title'!r}"
        )
    slug = slug or safe_slug(slugify(title)[:100]) or f"{item.type}-{short_id(item.id)}"
    if slug in RESERVED_SLUGS:
        renamed = f"{slug}-{item.type}"
        result.notes.append(
            f"{item.type} {short_id(item.id)}: its slug {slug!r} is a folder of the new site, so it is {renamed!r}"
        )
        slug = renamed
    if slug.casefold() in taken:
        wanted, slug = slug.casefold(), free_slug(f"{slug}-{short_id(item.id)}", used, taken)
        result.renamed.append((f"{item.type} {short_id(item.id)} {title!r}", taken[wanted], post_path(item, slug)))
    elif slug in used:
        slug = free_slug(f"{slug}-{short_id(item.id)}", used, taken)
        result.notes.append(f"{item.type} {short_id(item.id)}: its slug was taken, so it is {slug!r}")
    used.add(slug)
    return slug


def free_slug(slug: str, used: set[str], taken: dict[str, str]) -> str:
    """`slug`, or it numbered (-2, -3...) until no post has it."""
    candidate, number = slug, 1
    while candidate in used or candidate.casefold() in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def post_path(item: WpItem, slug: str) -> str:
    """The Markdown file of a post or page, relative to the content folder."""
    return f"{'pages/' if item.type == 'page' else ''}{slug}.md"


def title_and_slug(item: WpItem, used: set[str], slugify, result: Plan, *, taken: dict[str, str]) -> tuple[str, str]:
    """The item's title (one is made up for an untitled item) and its slug on the new site."""
    title = item.title or f"Untitled ({item.type} {short_id(item.id)})"
    if not item.title:
        result.notes.append(f"{item.type} {short_id(item.id)} has no title: titled {title!r}")
    slug = unique_slug(item, title, used, slugify, result, taken=taken)
    result.slugs[item.id] = slug
    return title, slug


def post_tags(item: WpItem, path: str, result: Plan) -> list[str]:
    """A post's tags: WordPress's, else its categories (as the blog used them), else WordPress's own default.

    `invoke check` wants every post tagged: a post WordPress filed under no tag and no
    category (which WordPress shows as "Uncategorized") is tagged so, and listed.
    """

    def names(terms):  # Pelican splits Tags at semicolons if any, else at commas: neither may be in a name
        return [
            name for term in terms if (name := " ".join(one_line(term).replace(",", " ").replace(";", " ").split()))
        ]

    tags = names(item.tags)
    if tags or item.type != "post":
        return tags or names(item.categories)
    if tags := names(item.categories):
        result.tagged_from_categories.append(path)
        return tags
    result.untagged.append(path)
    return [UNCATEGORIZED]


def status_noted(item: WpItem, status: str, named: str, result: Plan) -> str:
    """The item's status on the new site (a draft when it cannot be published as it is), with the notes why."""
    if item.status == "private":
        result.notes.append(f"{named} was private: imported as a draft (a static site has no private posts)")
    if item.password:
        status = DRAFT
        result.notes.append(f"{named} was password-protected: imported as a draft (a static site cannot protect it)")
    if not item.content.strip():
        result.notes.append(f"{named} has no content")
    if not item.date:
        unreadable = "" if not item.date_text or item.date_text.startswith("0000") else f" ({item.date_text!r})"
        result.notes.append(
            f"{named} has no date{unreadable}: imported as a draft dated the day of the import; set its Date: line"
        )
        status = DRAFT
    return status


def plan_item(
    item: WpItem, status: str, title: str, slug: str, *, site: WpSite, images: _Images, links: LinkMap, result: Plan,
    render: Callable[[str], str] | None = None,
):  # fmt: skip
    """The Markdown file of one post or page, its images, and its author."""
    where = f"{item.type} {short_id(item.id)}"
    status = status_noted(item, status, f"{where} {title!r}", result)
    converted = to_markdown(
        item.content,
        images.locate,
        images.describe,
        images.library,
        post_id=item.id,
        footnotes=item.footnotes,
        link_target=lambda url: links.target(url) or images.locate_file(url),
        is_image_link=images.is_image_link,
        title_of=images.title_of,
    )
    path = post_path(item, slug)
    if converted.depth > MAX_DEPTH:
        result.notes.append(
            f"{where} {title!r}: its HTML nests elements {converted.depth} deep; deeper than {MAX_DEPTH}, only their"
            " text, images and line breaks are kept (look at the post before publishing)"
        )
    body, live = checked_markdown(converted.markdown, render) if render is not None else (converted.markdown, [])
    if live:
        status = DRAFT
        result.notes.append(
            f"{where} {title!r}: its Markdown would have shown {', '.join(dict.fromkeys(live[:3]))}: imported as a"
            " draft holding its HTML, cleaned (look at it before publishing)"
        )
    result.to_describe += [(path, url, alt) for url, alt in converted.guessed_alt]
    result.decorative += [(path, url) for url in converted.decorative]
    lead = site.attachments.get(item.thumbnail_id)
    lead_src = images.locate(lead.url) if lead else ""
    if lead and lead_src == lead.url and not is_web_url(lead.url):
        result.notes.append(f"{where} {title!r}: its featured image {lead.url!r} is not a web address: left out")
        lead, lead_src = None, ""
    lead_alt = (lead.alt or lead.title) if lead else ""
    if lead:
        converted.images.append(ImageRef(lead_src, lead.url, lead_alt, ""))
        if not lead.alt and lead.title:
            result.to_describe.append((path, lead.url, lead_alt))
    author = author_of(item, site)
    meta = {
        "Title": item.title_html or html.escape(title, quote=False),
        "Slug": slug,
        "Date": (item.date or result.started).isoformat(sep=" ", timespec="minutes"),
        "Author": one_line(author.name),
        "Tags": ", ".join(post_tags(item, path, result)),
        "Category": one_line(item.categories[0]) if item.categories else "",
        "Summary": html.escape(plain_text(item.excerpt), quote=False),  # Markdown: "<b>" as text stays text
        "Image": lead_src,
        "Image-Alt": one_line(lead_alt),
        "Comments": comments_setting(item),
        "Status": status,
        "WordPress-URL": old_address(item.link, slug),
    }
    if item.foreign_link:
        result.notes.append(
            f"{where} {title!r}: its address in the export, {item.foreign_link!r}, is not on the blog's own site:"
            " not an old address of it, so no redirect (no WordPress-URL written)"
        )
    if item.link and not meta["WordPress-URL"] and (why := redirect_file(item.link)[1]):
        result.notes.append(f"{where} {title!r}: its old address {item.link!r} {why.replace('; remove this line', '')}")
    post = NewFile(path, post_file(meta, body), f"{item.type} {title!r}")
    missing = tuple(sorted(converted.missing.items()))
    if render is not None:
        result.fidelity.append(
            compare(PostFidelity(where, title, post.path, missing=missing), converted.displayed, post.text, render)
        )
    else:
        result.notes += [f"{where} {title!r}: {phrase}" for phrase in not_rendered(missing)]
    result.counts[f"{item.type}s"] += 1
    result.counts["drafts"] += status == DRAFT
    result.counts["comments"] += item.comments
    result.counts.update(f"tag:{t}" for t in item.tags)
    return post, converted.images, author


def plan(
    site: WpSite,
    *,
    slugify: Callable[[str], str],
    existing_authors: set[str],
    uploads: Path | None = None,
    render: Callable[[str], str] | None = None,
    taken: dict[str, str] | None = None,
    copied_before: frozenset[str] = frozenset(),
) -> Plan:
    """Decide every file of the migration from the export alone; with `render`, measure each post's fidelity.

    `render` is the site's Markdown renderer (fidelity.markdown_renderer); `taken` the
    slugs of the content's posts and pages the import did not write (slug -> file): a
    post of the export with one of them is imported under another slug; `copied_before` the uploads an
    earlier import of this blog copied that are still in the content folder (posts keep pointing at them).
    """
    taken = taken or {}
    result = Plan()
    images = _Images(site, uploads, result, copied_before)
    used: set[str] = set()
    credits: dict[str, NewFile] = {}
    authors: dict[str, WpAuthor] = {}
    imported = []
    for item in site.items:
        status = STATUS.get(item.status)
        if item.type not in ("post", "page") or status is None:
            reason = (
                f"{item.type or 'unknown'} items"
                if item.type not in ("post", "page")
                else f"{item.type}s with status {item.status!r}"
            )
            result.skipped[reason] += 1
            continue
        imported.append((item, status, *title_and_slug(item, used, slugify, result, taken=taken)))
    # Every post's new file is known before any is converted: links between them follow.
    uses = Counter(item.id for item in site.items)
    for post_id in sorted(i for i, n in uses.items() if n > 1):  # ids are unique in WordPress: an edited export
        named = ", ".join(repr(slug) for item, _status, _title, slug in imported if item.id == post_id)
        result.notes.append(
            f"post id {short_id(post_id)!r} is used by {uses[post_id]} items ({named or 'not imported'}): their"
            " comments are held for moderation (which post each belongs to is unsure)"
        )
    links = LinkMap(site, {item.id: post_path(item, slug) for item, _status, _title, slug in imported})
    for item, status, title, slug in imported:
        post, used_images, author = plan_item(
            item, status, title, slug, site=site, images=images, links=links, result=result, render=render
        )
        result.files.append(post)
        authors[author.name] = author
        origins = copied_from(result) if used_images else {}  # once a post, not once an image
        for image in used_images:  # one credit per image, however many posts show it
            placed = result.downloads.get(image.src, image.src)
            if not placed.startswith(f"{IMAGES}/"):  # an image left at an address no file can stand for
                continue
            path = f"{placed}.credit"
            if image.credit or path not in credits:
                original = image.src if "://" in image.src else origins.get(image.src, "")
                credits[path] = NewFile(path, credit_text(image, site, original), f"credit for {image.src}")
    result.files += credits.values()
    for name, author in sorted(authors.items()):
        slug = safe_slug(slugify(name)[:100]) or f"author-{short_id(name)}"
        if slug in existing_authors:
            continue
        if not author.description:
            result.notes.append(f"author {name!r} has no description in WordPress: write their bio")
        bio, live = bio_text(author.description, render)
        if live:
            result.notes.append(
                f"author {name!r}: their description would have shown {', '.join(dict.fromkeys(live[:3]))}:"
                " their bio holds its HTML, cleaned (look at it before publishing)"
            )
        text = f"Name: {one_line(name)}\n\n{bio}"
        result.files.append(NewFile(f"authors/{slug}.md", text, f"bio of {name!r}"))
    return result


def drop_taken_addresses(planned: Plan, taken: dict[str, str]) -> None:
    """No `WordPress-URL:` where the new site has a page already (`taken`: post path -> that page, in words).

    Its redirect could not be written (the page is there); old links to that address
    show the new site's page, and the notes say so.
    """
    for number, new in enumerate(planned.files):
        if new.path not in taken:
            continue
        header, _, body = new.text.partition("\n\n")
        lines = header.split("\n")
        old = next((line.partition(": ")[2] for line in lines if line.startswith("WordPress-URL: ")), "")
        if not old:
            continue
        kept = "\n".join(line for line in lines if not line.startswith("WordPress-URL: "))
        planned.files[number] = NewFile(new.path, f"{kept}\n\n{body}", new.what)
        planned.notes.append(
            f"{new.what}: its old address {old} is {taken[new.path]} on the new site: no redirect there"
            " (no WordPress-URL written); old links to it show that page"
        )


def write(
    content: Path, planned: Plan, *, force: bool, write_file: Callable[[Path, str], None], manifest: Manifest, blog: str
) -> Report:
    """Write the planned files, then copy uploads; never over a file an import of this `blog` did not write.

    A file an earlier import wrote is rewritten while it is as it left it (the manifest
    says), and with `force` when edited since; each other file is kept and reported.
    """
    report = Report(planned)
    try:
        for new in planned.files:
            target = within(content, new.path)
            if target is None:  # planned paths are safe; a symbolic link in content/ may still lead out
                planned.notes.append(f"{new.what}: {new.path} would be written outside {content}/: not written")
                continue
            if outcome := place(new.path, target, new.text.encode(), manifest, blog, force=force):
                write_file(target, new.text)
            getattr(report, outcome or kept(new.path, target, manifest, blog)).append(new)
        for source, path in planned.copies:
            destination = within(content, path)
            if destination is None:
                planned.notes.append(f"image {path} would be copied outside {content}/: not copied")
                continue
            data = source.read_bytes()
            new = NewFile(path, "", f"copy of {source.name}")
            if outcome := place(path, destination, data, manifest, blog, force=force):
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
            getattr(report, outcome or kept(path, destination, manifest, blog)).append(new)
    finally:  # what was written is listed, however the import ends
        manifest.save(content, write_file)
    report.find_placeholders(content)
    report.still_linking = {
        new.path: [url for url in sorted(planned.copied) if url in (content / new.path).read_text(errors="replace")]
        for new in report.edited
        if new.path.endswith(".md")
    }
    report.still_linking = {path: urls for path, urls in report.still_linking.items() if urls}
    return report


def place(relative: str, target: Path, data: bytes, manifest: Manifest, blog: str, *, force: bool) -> str:
    """Whether to write a planned file: "created", "updated" or "replaced" (then write it), or "" (leave it).

    A file that is already as planned is left, and counts as the import's from then on.
    """
    state = manifest.state(relative, target, blog)
    if state == ABSENT and manifest.written_by(relative, blog) and not force:
        return ""  # an earlier import wrote it and someone deleted it since: not brought back (but with --force)
    if state != ABSENT and target.is_file() and target.read_bytes() == data:
        manifest.record(relative, data, blog)
        return ""
    if state in {ABSENT, OURS} or (state == EDITED and force):
        manifest.record(relative, data, blog)
        return {ABSENT: "created", OURS: "updated"}.get(state, "replaced")
    return ""


def kept(relative: str, target: Path, manifest: Manifest, blog: str) -> str:
    """Which list a file left as it is goes to: unchanged (as planned), edited (since the import), or not ours."""
    if manifest.written_by(relative, blog) and not target.exists():
        return "deleted"
    if manifest.written_by(relative, blog) and target.is_file():
        state = manifest.state(relative, target, blog)
        return "unchanged" if state == OURS else "edited"
    return "not_ours"
