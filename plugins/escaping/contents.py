"""Articles and pages whose HTML is marked trusted where Pelican makes it.

Pelican hands the theme a post's `content` and `summary` as plain `str`. With
autoescaping on, a plain `str` is text; these subclasses return the same HTML as
`Html`, which the theme prints as is, so every template (ours and those still to
come) shows a post's body without a `|safe` of its own. The body is the writer's
Markdown (raw HTML included: the writer is trusted with it; the
Content-Security-Policy still stops scripts). The classes keep Pelican's names:
Pelican reads `ARTICLE_URL` and `PAGE_URL` from the class name.
"""

from __future__ import annotations

from pelican import contents


class Html(str):
    """Trusted HTML: Jinja and markupsafe print it as is (`__html__`); to any other code, a `str`.

    Not `Markup`, whose `+` and `%` escape what is added to it: Pelican's own summary,
    cut from the body, would end in escaped closing tags.
    """

    __slots__ = ()

    def __html__(self) -> str:
        """The HTML itself: it is safe to print."""
        return str(self)


class TrustedContent:
    """`content` and `summary` as `Html`: the HTML Pelican made from the writer's Markdown."""

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


class Article(TrustedContent, contents.Article):
    """A Pelican article whose HTML is marked trusted."""


class Page(TrustedContent, contents.Page):
    """A Pelican page whose HTML is marked trusted."""


TRUSTED = {contents.Article: Article, contents.Page: Page}
