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
