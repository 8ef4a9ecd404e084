"""`invoke import-wordpress`: a WordPress export (WXR) into Markdown posts, bios, credits and comments.

`wxr.py` reads the export, `convert.py` turns post HTML into Markdown, `migrate.py`
plans and writes the files, `run.py` ties in the comments importer. The redirect
pages at the old addresses are written by the build's `wordpress` plugin.
"""

import warnings

from bs4 import MarkupResemblesLocatorWarning

# A title or an excerpt can look like a file name or a URL ("index.html"): BeautifulSoup
# warns that it may not be markup. Here it always is, and the warning would only clutter
# the import's report.
warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
