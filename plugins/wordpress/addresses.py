"""Where the redirect page of an old WordPress address is written, or why none can be.

Shared by the build (which writes the pages), the checks (which say why a post gets
none) and the migration tool (which writes `WordPress-URL:` only when one can work).
An old address is a folder (`/2014/02/18/slug/`, or no extension: its page is
`…/index.html`) or a page file (`/slug.html`, from a `%postname%.html` permalink:
written as that file). Any other file name (`/feeds/all.atom.xml`, `/a.php`) gets no
redirect: a page written there would be served as what its name says, not as a page,
and would take the place of the new site's own file of that name.
"""

from __future__ import annotations

import re
from posixpath import splitext
from urllib.parse import unquote

from output_guard.paths import leaves

PAGE_EXTENSIONS = (".html", ".htm")
# What a file system takes: a file or folder name of at most 255 bytes (ext4, APFS, NTFS in UTF-16 units),
# and a path short enough to leave room for the output folder's own under Linux's 4,096.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 1024
OUTSIDE = "is outside the site: no redirect written (give the old path, e.g. /2014/02/18/slug/)"
# What reads as a file's extension: a dot and a few letters (`version-2.0` is a folder's name).
EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}")


def redirect_file(old: str) -> tuple[str, str]:
    """(the redirect page's path in the output folder, "") for a WordPress-URL, or ("", why there is none)."""
    path = unquote(old).strip().strip("/")  # a server decodes %xx before finding the file
    extension = splitext(path.rpartition("/")[2])[1]
    if not path:
        return "", "is the home page: no redirect written (remove this line)"
    if old.strip().endswith("/") or not EXTENSION.fullmatch(extension):
        page = f"{path}/index.html"
    elif extension.lower() in PAGE_EXTENSIONS:
        page = path
    else:
        return "", (
            f"names a file ({path.rpartition('/')[2]}), not a page: no redirect can be written there (it would be"
            " served as such a file, in place of any the site has); remove this line"
        )
    if leaves(page):
        return "", OUTSIDE
    names = [len(name.encode("utf-8", "surrogatepass")) for name in page.split("/")]
    if max(names) > MAX_NAME_BYTES or len(page.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return "", (
            f"is too long to be a page's path (a name of more than {MAX_NAME_BYTES} bytes, or more than"
            f" {MAX_PATH_BYTES} in all, which no file system takes): no redirect written; remove this line"
        )
    return page, ""
