"""The comments plugin's settings: every default in one place.

Each is read from pelicanconf.py when set there. None of them is required.

Form service (what the "Leave a Reply" form posts to):
    COMMENTS_SERVICE = "formspree"       formspree | netlify | google | custom
    COMMENTS_FORMSPREE_ID = ""           the form's id in https://formspree.io/f/<id>
    COMMENTS_NETLIFY_FORM_NAME = "comments"
    COMMENTS_GOOGLE_FORM_ID = ""         the id in https://docs.google.com/forms/d/e/<id>/viewform
    COMMENTS_GOOGLE_FIELDS = {}          our field name -> the form's "entry.NNN" name
    COMMENTS_FORM_ACTION = ""            the endpoint URL for "custom" (overrides any service's)
    COMMENTS_HONEYPOT_FIELD = ""         honeypot field name; "" = the service's own
    COMMENTS_REDIRECT_FIELD = "_next"    field telling a custom endpoint where to send the reader
    COMMENTS_THANKS_URL = "comment-received/"   our "awaits moderation" page
    COMMENTS_FORM_REQUIRED = False       True (publishconf.py): a form left without its service
                                         is a warning, which stops `invoke publish`; False
                                         (development): a note, not shown, and the form posts
                                         to the local receiver instead (below)
    COMMENTS_LOCAL_RECEIVER = "_comments/receive"   where a development build's form posts
                                         while no service is configured: the local server of
                                         `invoke serve` and `invoke livereload` takes it into
                                         exports/local-comments.json (tools/comments/receiver.py);
                                         "" = none (pages say "Comments are not open yet").
                                         Never used when COMMENTS_FORM_REQUIRED: a published
                                         site has no such server

Import and moderation:
    COMMENTS_PATH = "comments"           the committed store, relative to PATH: approved comments,
                                         and the ids of refused ones (refused.txt)
    COMMENTS_QUEUE_PATH = "comments-queue"  the moderation queue (pending, spam and rejected
                                         comments), relative to the project's folder, git-ignored;
                                         never inside PATH (what is there gets published)
    COMMENTS_EMAIL_SALT_FILE = ".comments-salt"  secret salt for email hashes (git-ignored, 0600,
                                         made at the first import); the environment variable
                                         COMMENTS_EMAIL_SALT wins, and is required in CI
    COMMENTS_FETCH_STATE = "fetched.json"   how far `invoke comments.fetch` got (a date per form, no
                                         personal data), in the store: committed with it
    COMMENTS_MAX_LENGTH = 10000          characters; a longer comment is held, with the reason
    COMMENTS_TIMEZONE = None             time zone of dates without one (default: TIMEZONE)
    COMMENTS_GOOGLE_DAYFIRST = False     True when the sheet's locale writes 31/12/2024
    COMMENTS_CSV_COLUMNS = {}            a CSV's column title -> our field (date, name, email, ...)

Classification:
    COMMENTS_BLOCKLIST = []              words that make a comment spam
    COMMENTS_MODERATION_WORDS = []       words that hold a comment for moderation
    COMMENTS_MAX_LINKS = 2               this many links or more hold a comment (WordPress's default)
    COMMENTS_AUTO_APPROVE_KNOWN = False  approve commenters who already have an approved comment
    COMMENTS_CLOSE_AFTER_DAYS = None     close comments this many days after an article's date

Display:
    COMMENTS_MAX_DEPTH = 5               replies nest this deep (at most 10); deeper ones show at this depth
    COMMENTS_SHOW_PINGBACKS = False      show approved pingbacks and trackbacks

Development builds (CACHE_CONTENT) keep the store as read (`comments-store.json`) and
the rendered HTML (`comments-html.json`) in CACHE_PATH, so a rebuild reads and renders
only new or changed comment files (both hold for the plugin's code that made them:
code.py). With build_speed, a large store is prepared in a second process while the posts
are read (BUILD_SPEED_COMMENTS_MIN_FILES).
"""

from __future__ import annotations

from types import MappingProxyType

DEFAULTS = MappingProxyType(
    {
        "COMMENTS_SERVICE": "formspree",
        "COMMENTS_FORMSPREE_ID": "",
        "COMMENTS_NETLIFY_FORM_NAME": "comments",
        "COMMENTS_GOOGLE_FORM_ID": "",
        "COMMENTS_GOOGLE_FIELDS": {},
        "COMMENTS_FORM_ACTION": "",
        "COMMENTS_HONEYPOT_FIELD": "",
        "COMMENTS_REDIRECT_FIELD": "_next",
        "COMMENTS_THANKS_URL": "comment-received/",
        "COMMENTS_FORM_REQUIRED": False,
        "COMMENTS_LOCAL_RECEIVER": "_comments/receive",
        "COMMENTS_PATH": "comments",
        "COMMENTS_QUEUE_PATH": "comments-queue",
        "COMMENTS_EMAIL_SALT_FILE": ".comments-salt",
        "COMMENTS_FETCH_STATE": "fetched.json",
        "COMMENTS_MAX_LENGTH": 10_000,
        "COMMENTS_TIMEZONE": None,
        "COMMENTS_GOOGLE_DAYFIRST": False,
        "COMMENTS_CSV_COLUMNS": {},
        "COMMENTS_BLOCKLIST": [],
        "COMMENTS_MODERATION_WORDS": [],
        "COMMENTS_MAX_LINKS": 2,
        "COMMENTS_AUTO_APPROVE_KNOWN": False,
        "COMMENTS_CLOSE_AFTER_DAYS": None,
        "COMMENTS_MAX_DEPTH": 5,
        "COMMENTS_SHOW_PINGBACKS": False,
    }
)
SERVICES = ("formspree", "netlify", "google", "custom")


def comment_settings(settings) -> dict:
    """The plugin's settings: the defaults overlaid with the site's, as a new dict."""
    merged = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    if merged["COMMENTS_TIMEZONE"] is None:
        merged["COMMENTS_TIMEZONE"] = settings.get("TIMEZONE") or "UTC"
    return merged
