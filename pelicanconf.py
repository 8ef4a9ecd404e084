"""Development settings for the blog; `publishconf.py` overrides what production changes."""

import os
import sys

# --- The site -------------------------------------------------------------
SITENAME = "Second Round"
SITESUBTITLE = "Honest career advice for every stage of the job hunt"
SITEURL = ""  # Empty in development: pages link to each other relatively.
RELATIVE_URLS = True
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# --- Content --------------------------------------------------------------
PATH = "content"
# Posts sit directly in content/; these folders hold other things.
ARTICLE_EXCLUDES = ["authors", "comments", "files", "images", "pages"]
PAGE_PATHS = ["pages"]
# Copied as they are: images, and the documents and recordings posts link to (files/, where the WordPress
# import puts those it copies).
STATIC_PATHS = ["images", "files"]
# content/README.md is the writers' note, never a post; *.credit files are read
# by the image_credits plugin and must not be copied to the site; nor what editors and
# systems leave beside a file (backups, swap files, folder thumbnails).
IGNORE_FILES = [
    ".#*", "README.md", "*.credit", "*~", "#*#", "*.bak", "*.orig", "*.swp", "*.swo", "*.tmp", ".DS_Store", "Thumbs.db",
]  # fmt: skip
# Posts and pages are Markdown, which `invoke check` checks: Pelican's readers of HTML and reStructuredText are off,
# and the check names a file of theirs among the posts as one not published.
READERS = {"html": None, "htm": None, "rst": None}
DEFAULT_CATEGORY = "Career advice"
USE_FOLDER_AS_CATEGORY = False
SUMMARY_MAX_LENGTH = 45
TYPOGRIFY = True
# Typogrify does quotes, dashes and ellipses (so Markdown's "smarty", which would
# do them twice, is left out: it doubled the Markdown time). "--" is an en dash,
# "---" an em dash.
TYPOGRIFY_DASHES = "oldschool"

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        # Numbered lists start at their first number; a bulleted and a numbered list in a row stay two.
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.toc": {"anchorlink": False},
    },
    "output_format": "html5",
}

# --- URLs: pretty, folder-style -----------------------------------------
# Drafts and posts dated in the future show in the development build, marked as
# such; publishconf.py never publishes a draft, nor a post before its date.
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
WITH_FUTURE_DATES = True
SHOW_DRAFTS = True  # list drafts on the home page of this build

# .github/workflows/pages.yml publishes every day at this time (UTC), so a post dated in
# the future appears on its day; `invoke check` lists scheduled posts with that day.
# Keep the two equal (a test checks); None: no daily publish.
DAILY_PUBLISH_UTC = "14:17"

INDEX_URL = ""  # page 1 of the home page is the site root, not index.html
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# A post or page in another language than DEFAULT_LANG (`Lang: ar`): folder-style too, the language after the slug.
ARTICLE_LANG_URL = "{slug}-{lang}/"
ARTICLE_LANG_SAVE_AS = "{slug}-{lang}/index.html"
PAGE_LANG_URL = "{slug}-{lang}/"
PAGE_LANG_SAVE_AS = "{slug}-{lang}/index.html"
DRAFT_LANG_URL = "drafts/{slug}-{lang}/"
DRAFT_LANG_SAVE_AS = "drafts/{slug}-{lang}/index.html"
# Languages written right to left: a post in one (`Lang: ar`) is shown right to left (dir="rtl"), the site around it not.
RTL_LANGS = ["ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"]
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Feeds: Atom and RSS, all articles, per tag, per author ----------------
# (publishconf.py makes their links absolute)
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = None
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author/{slug}.rss.xml"
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20
# True: feeds carry each article's summary instead of the whole article.
FEED_SUMMARY_ONLY = False
RSS_FEED_SUMMARY_ONLY = FEED_SUMMARY_ONLY

# Development feeds carry relative links on purpose (publishconf.py sets the
# absolute SITEURL), so Pelican's warning about it is noise here.
LOG_FILTER = [(30, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]

# --- Theme ----------------------------------------------------------------
THEME = "theme"
# The header's links after Home: (text, where). A site path ("archives/", "/about/") links under SITEURL;
# a full address ("https://...", "mailto:...") is linked as it is.
MENUITEMS = [
    ("Archives", "archives/"),
    ("Tags", "tags/"),
    ("Authors", "authors/"),
]
DIRECT_TEMPLATES = [
    "index", "tags", "categories", "authors", "archives", "search", "comment_received", "robots", "not_found",
]  # fmt: skip
SEARCH_SAVE_AS = "search/index.html"  # the search page; the search plugin's settings are below
ROBOTS_SAVE_AS = "robots.txt"
NOT_FOUND_SAVE_AS = "404.html"  # GitHub Pages serves it for any missing page
COMMENT_RECEIVED_SAVE_AS = "comment-received/index.html"
COMMENT_RECEIVED_URL = "comment-received/"

# --- Plugins --------------------------------------------------------------
PLUGIN_PATHS = ["plugins"]
# Our plugins import one another by name (the checks, the escaping rules), and Pelican loads
# each one from PLUGIN_PATHS without putting that folder on the import path: a plugin that
# imports one listed after it would fail to load when Pelican runs alone (`pelican content`).
_plugins_folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins")
if _plugins_folder not in sys.path:
    sys.path.insert(0, _plugins_folder)
# "output_guard" keeps every file the build writes inside the output folder; "escaping"
# marks what the theme may print as HTML. Both come first: Pelican loads plugins in this
# order, and later ones import their checks (it does not put plugins/ on the import path).
# "wordpress" before "publishing": its redirect pages are written before the link check.
PLUGINS = [
    "output_guard",
    "escaping",
    "writing",
    "author_bios",
    "image_credits",
    "comments",
    "structured_data",
    "reading",
    "related_posts",
    "post_navigation",
    "share_links",
    "newsletter",
    "search",
    "minify_css",
    "csp",
    "wordpress",
    "publishing",
    "sitemap",
    "build_speed",
]

# author_bios: one Markdown file per author in this folder (relative to PATH).
AUTHOR_BIOS_PATH = "authors"
# image_credits: where a missing credit or alt text is reported.
IMAGE_CREDITS_WARN_MISSING = True

# comments: see plugins/comments/settings.py for every setting and its default,
# and docs/moderating.md for the moderator's workflow.
# The form service readers post to: formspree, netlify, google or custom.
# Formspree works with GitHub Pages; create the form at formspree.io and give its
# id here (or in the FORMSPREE_ID environment variable).
COMMENTS_SERVICE = "formspree"
COMMENTS_FORMSPREE_ID = os.environ.get("FORMSPREE_ID", "")
COMMENTS_THANKS_URL = COMMENT_RECEIVED_URL
COMMENTS_MAX_LINKS = 2
COMMENTS_BLOCKLIST = ["viagra", "casino", "crypto giveaway", "payday loan"]
COMMENTS_MODERATION_WORDS = []
COMMENTS_AUTO_APPROVE_KNOWN = False
COMMENTS_MAX_DEPTH = 5

# csp: every page carries a Content-Security-Policy (plugins/csp/__init__.py has every
# setting). This build is served by `invoke livereload`, whose inline script it allows.
CSP_DEVELOPMENT = True
# More origins a form may post to (the comment form's service is added by itself).
CSP_FORM_ACTION = []

# sitemap (the maintained pelican-sitemap plugin): every page but these (the search
# page, like the others, says noindex: it has no content of its own).
SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^robots\.txt$", r"^comment-received/", r"^search/"],
}
# publishing: see plugins/publishing/__init__.py; publishconf.py turns the link check on.
PUBLISHING_CHECK_LINKS = False
# The search index is written after Pelican's build (the search plugin), and the sitemap as
# it ends (the sitemap plugin, after the link check): links into them are checked once they are there.
PUBLISHING_WRITTEN_LATER = ["pagefind/", "sitemap.xml"]

# --- Readers' features ----------------------------------------------------
# search (Pagefind): the index folder in the output; the search page is the "search"
# direct template above. See plugins/search/__init__.py.
SEARCH_INDEX_FOLDER = "pagefind"
SEARCH_URL = "search/"
# reading: reading time, and a table of contents from this many headings on
# (`Toc: off` in a post leaves it out). See plugins/reading/__init__.py.
READING_WORDS_PER_MINUTE = 230
TOC_MIN_HEADINGS = 4
# related_posts: three to five under each article. See plugins/related_posts/__init__.py.
RELATED_POSTS_MAX = 5
RELATED_POSTS_MIN = 3
# share_links: the services an article offers to share it on, in this order (() for none).
SHARE_LINKS = ("linkedin", "bluesky", "email")
# newsletter: an email-subscription form for a hosted service that mails new posts from
# the feed; off while NEWSLETTER_SERVICE is empty. See docs/writing.md and
# plugins/newsletter/__init__.py (e.g. NEWSLETTER_SERVICE = "buttondown",
# NEWSLETTER_ACCOUNT = "your-username").
NEWSLETTER_SERVICE = os.environ.get("NEWSLETTER_SERVICE", "")
NEWSLETTER_ACCOUNT = os.environ.get("NEWSLETTER_ACCOUNT", "")

# --- Development conveniences --------------------------------------------
# Rebuilds reuse each unchanged post as it was read (Markdown and typogrify
# done): see docs/performance.md. publishconf.py builds from scratch.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "generator"
CACHE_PATH = "cache"
# Uncompressed: compressing the cache cost a third of a second of every warm build
# (1000 posts), for a few megabytes saved in a folder that is never published.
GZIP_CACHE = False
# Every template escapes what it prints; what is HTML already (a post's body, figures,
# bios, JSON-LD, comments) is marked as such where it is made (plugins/escaping).
# Each build makes its own template environment, so checking the template files for
# changes on every use (Jinja's default, 20,000 stat calls a build) buys nothing.
JINJA_ENVIRONMENT = {"autoescape": True, "auto_reload": False}  # Pelican adds its defaults (trim_blocks...)
