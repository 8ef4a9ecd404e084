"""`invoke import-wordpress`: a WordPress export (WXR) into Markdown posts, bios, credits and comments.

`wxr.py` reads the export, `convert.py` turns post HTML into Markdown, `migrate.py`
plans and writes the files, `run.py` ties in the comments importer. The redirect
pages at the old addresses are written by the build's `wordpress` plugin.
"""
