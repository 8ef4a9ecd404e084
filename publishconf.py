"""Production settings: everything in pelicanconf.py, plus what publishing changes."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *

# The site's public address. CI injects the GitHub Pages URL through SITEURL.
SITEURL = os.environ.get("SITEURL", "https://second-round.github.io").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
LOG_FILTER = []  # Nothing is noise in production.

DELETE_OUTPUT_DIRECTORY = True

# Drafts are never built, and a post dated in the future waits for its date.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
WITH_FUTURE_DATES = False
SHOW_DRAFTS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# The strict Content-Security-Policy: no inline script at all (see docs/security.md).
CSP_DEVELOPMENT = False

# Check every link of the output; `invoke publish` refuses to ship any warning.
PUBLISHING_CHECK_LINKS = True
# A comment form that posts nowhere is a warning here (so it stops `invoke publish`).
COMMENTS_FORM_REQUIRED = True

# GitHub Pages: `invoke gh-pages` commits output/ to this branch and pushes it.
GITHUB_PAGES_REMOTE = os.environ.get("GITHUB_PAGES_REMOTE", "origin")
GITHUB_PAGES_BRANCH = os.environ.get("GITHUB_PAGES_BRANCH", "gh-pages")
# A custom domain (e.g. "blog.example.com"): written to output/CNAME when set.
GITHUB_PAGES_CNAME = os.environ.get("GITHUB_PAGES_CNAME", "")
