"""Articles and pages as this site builds them: HTML marked trusted, pages kept inside the output folder.

Pelican hands the theme a post's `content` and `summary` as plain `str`. With
autoescaping on, a plain `str` is text; these subclasses return the same HTML as
`Html`, which the theme prints as is, so every template (ours and those still to
come) shows a post's body without a `|safe` of its own. The body is the writer's
Markdown (raw HTML included: the writer is trusted with it; the
Content-Security-Policy still stops scripts).

Pelican validates each post it reads, among other things that its page is written
inside the output folder; its check compares the paths' text (`output-old/` passes
as inside `output/`) and ignores symbolic links. These classes check with
output_guard's `paths` instead.

The classes keep Pelican's names: Pelican reads `ARTICLE_URL` and `PAGE_URL` from
the class name.
"""

from __future__ import annotations

import logging
import os

from output_guard import display_path
from output_guard.paths import inside, leaves
from pelican import contents

logger = logging.getLogger(__name__)


class Html(str):
    """Trusted HTML: Jinja and markupsafe print it as is (`__html__`); to any other code, a `str`.

    Not `Markup`, whose `+` and `%` escape what is added to it: Pelican's own summary,
    cut from the body, would end in escaped closing tags.
    """

    __slots__ = ()

    def __html__(self) -> str:
        """The HTML itself: it is safe to print."""
        return str(self)


class SiteContent:
    """`content` and `summary` as `Html` (the HTML Pelican made from the writer's Markdown); a contained page."""

    @property
    def content(self) -> Html:
        """The body as HTML."""
        return Html(super().content)

    @property
    def summary(self) -> Html:
        """The `Summary:` (sanitised when read) or the start of the body, as HTML."""
        return Html(super().summary)

    @summary.setter
    def summary(self, value) -> None:
        """Ignored, as in Pelican: the summary comes from the metadata or the body."""

    def _has_valid_save_as(self) -> bool:
        """Pelican's check that the page is written inside the output folder, made strict."""
        output = self.settings.get("OUTPUT_PATH")
        if output is None or not self.save_as:  # an empty save_as: not written at all
            return True
        if not all(hasattr(self, name) for name in self.mandatory_properties):
            return True  # left out for that already (a post without a title has no address of its own)
        if leaves(self.save_as) or not inside(output, os.path.join(output, self.save_as)):
            logger.error(
                "%s: its page would be written at %r, outside the output folder: not built (fix its Slug or Save_as)",
                display_path(self.source_path) if self.source_path else self,
                self.save_as,
            )
            return False
        return True


class Article(SiteContent, contents.Article):
    """A Pelican article whose HTML is marked trusted."""


class Page(SiteContent, contents.Page):
    """A Pelican page whose HTML is marked trusted."""


TRUSTED = {contents.Article: Article, contents.Page: Page}
