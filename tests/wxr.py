"""WordPress exports for the tests: the real ones in tests/data/wordpress, small ones made per construct."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.sax.saxutils import escape

from pelican.settings import read_settings

from tests.sitebuild import FIXTURE_CONTENT, ROOT
from tools.comments.exports import wxr_blog

DATA = Path(__file__).parent / "data" / "wordpress"
UNIT_TEST = DATA / "themeunittestdata.wordpress.xml"
BLOCKS = DATA / "64-block-test-data.xml"
STRIKING_OUT = DATA / "striking-out.wxr.xml"
SITE = "https://old.example.com"
BLOG = wxr_blog([SITE])  # the blog key of export()'s blog: its comments' ids are wp-<BLOG>-<comment id>


def fresh_content(tmp: Path) -> Path:
    """A content folder with the blog's own authors and images, and nothing else."""
    content = tmp / "content"
    content.mkdir()
    for folder in ("authors", "images"):
        shutil.copytree(FIXTURE_CONTENT / folder, content / folder)
    return content


def settings_for(content: Path):
    """The project's settings, reading this content folder."""
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


def migrate(export: Path, content: Path, **options):
    """`invoke import-wordpress` of an export into a content folder."""
    from tools.wordpress.run import import_wordpress

    return import_wordpress(export, settings_for(content), salt_file=content.parent / "salt", **options)


def cdata(text: str) -> str:
    """Text in CDATA, as WordPress writes it (a "]]>" inside split the way WordPress splits it)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def item(
    post_id: int,
    content: str = "",
    *,
    title: str = "A post",
    slug: str = "",
    kind: str = "post",
    status: str = "publish",
    date: str = "2014-02-18 14:00:00",
    password: str = "",
    comments: tuple[str, ...] = (),
    extra: str = "",
    link: str = "",
) -> str:
    """One <item> of an export; `comments` are the bodies of approved comments on it; `link` its path."""
    slug = slug or f"post-{post_id}"
    link = link or f"/2014/02/18/{slug}/"
    replies = "".join(
        f"<wp:comment><wp:comment_id>{post_id * 100 + n}</wp:comment_id><wp:comment_author>{cdata('Reader')}"
        f"</wp:comment_author><wp:comment_author_email>reader@example.com</wp:comment_author_email>"
        f"<wp:comment_date_gmt>2014-02-19 10:00:0{n}</wp:comment_date_gmt><wp:comment_content>{cdata(body)}"
        f"</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment"
        f"</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>"
        for n, body in enumerate(comments)
    )
    return (
        f"<item><title>{escape(title)}</title><link>{SITE}{escape(link)}</link>"
        f"<dc:creator>{cdata('chrisw')}</dc:creator><content:encoded>{cdata(content)}</content:encoded>"
        f"<excerpt:encoded>{cdata('')}</excerpt:encoded><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_date>{cdata(date)}</wp:post_date><wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>"
        f"<wp:comment_status>open</wp:comment_status><wp:post_name>{cdata(slug)}</wp:post_name>"
        f"<wp:status>{cdata(status)}</wp:status><wp:post_type>{cdata(kind)}</wp:post_type>"
        f"<wp:post_password>{cdata(password)}</wp:post_password>{extra}{replies}</item>"
    )


def postmeta(key: str, value: str) -> str:
    """A <wp:postmeta> of an item (its `extra`)."""
    return f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key><wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"


def attachment(post_id: int, url: str, *, parent: int = 0, order: int = 0, alt: str = "", caption: str = "") -> str:
    """A media library item of an export, attached to the post `parent`."""
    return (
        f"<item><title>{escape(url.rsplit('/', 1)[-1])}</title><link>{SITE}/?attachment_id={post_id}</link>"
        f"<content:encoded>{cdata('')}</content:encoded><excerpt:encoded>{cdata(caption)}</excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_parent>{parent}</wp:post_parent>"
        f"<wp:menu_order>{order}</wp:menu_order><wp:post_type>{cdata('attachment')}</wp:post_type>"
        f"<wp:status>{cdata('inherit')}</wp:status><wp:attachment_url>{cdata(url)}</wp:attachment_url>"
        + (postmeta("_wp_attachment_image_alt", alt) if alt else "")
        + "</item>"
    )


def export(*items: str, site: str = SITE) -> str:
    """A WordPress export (WXR 1.2) of these items, by one author, of the blog at `site`."""
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
        f"<channel><title>Old blog</title><link>{site}</link><wp:wxr_version>1.2</wp:wxr_version>"
        f"<wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>"
        "<wp:author><wp:author_login>chrisw</wp:author_login><wp:author_display_name>Chris"
        "</wp:author_display_name></wp:author>" + "".join(items) + "</channel></rss>\n"
    )
