"""The "Leave a Reply" form's attributes for each form service.

Every form posts the same field names (name, email, website, comment, article,
parent) so that every export carries them; Google Forms, which names its fields
"entry.NNN", gets them through COMMENTS_GOOGLE_FIELDS.

A development build whose service is not configured (a fresh clone has no form id)
posts to the local receiver instead (COMMENTS_LOCAL_RECEIVER, served by `invoke serve`
and `invoke livereload`); a production build (COMMENTS_FORM_REQUIRED) never does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import FIELDS
from .settings import SERVICES


class FormSettingError(ValueError):
    """A comments setting that makes no usable form; says which setting to fix."""


@dataclass(frozen=True)
class FormSpec:
    """What the theme needs to render the form for one service."""

    service: str
    action: str
    attributes: dict[str, str] = field(default_factory=dict)
    hidden: tuple[tuple[str, str], ...] = ()
    honeypot: str = ""
    names: dict[str, str] = field(default_factory=dict)  # our field -> the name posted


LOCAL, LOCAL_HONEYPOT = "local", "_gotcha"


def form_spec(options: dict, siteurl: str) -> FormSpec:
    """The form for the configured service, else (development only) the local receiver's.

    `siteurl` makes the thanks page's address. FormSettingError when the service is not
    configured and the local receiver may not stand in for it.
    """
    try:
        return service_form(options, siteurl)
    except FormSettingError:
        local = options["COMMENTS_LOCAL_RECEIVER"].strip("/")
        if options["COMMENTS_FORM_REQUIRED"] or not local or options["COMMENTS_SERVICE"] not in SERVICES:
            raise
        return local_form(local, siteurl)


def local_form(path: str, siteurl: str) -> FormSpec:
    """The form posting to the local receiver at `path` on the development server (which knows the thanks page)."""
    return FormSpec(LOCAL, f"{siteurl.rstrip('/')}/{path}", honeypot=LOCAL_HONEYPOT, names={f: f for f in FIELDS})


def service_form(options: dict, siteurl: str) -> FormSpec:
    """The form for the configured service; FormSettingError names the setting that makes none."""
    service = options["COMMENTS_SERVICE"]
    if service not in SERVICES:
        raise FormSettingError(f"COMMENTS_SERVICE is {service!r}; use one of: {', '.join(SERVICES)}")
    thanks = f"{siteurl.rstrip('/')}/{options['COMMENTS_THANKS_URL'].lstrip('/')}"
    names = {f: f for f in FIELDS}
    honeypot = options["COMMENTS_HONEYPOT_FIELD"]
    override = options["COMMENTS_FORM_ACTION"]
    if service == "formspree":
        form_id = options["COMMENTS_FORMSPREE_ID"]
        if not (form_id or override):
            raise FormSettingError(
                "COMMENTS_SERVICE is 'formspree' but COMMENTS_FORMSPREE_ID is not set: create the form at"
                " https://formspree.io, then set the FORMSPREE_ID variable to its id (on GitHub: Settings > Secrets"
                " and variables > Actions > Variables; on this computer: FORMSPREE_ID=<id> invoke publish);"
                ' see docs/moderating.md, "1. Choose a form service"'
            )
        return FormSpec(
            service,
            override or f"https://formspree.io/f/{form_id}",
            hidden=(("_next", thanks), ("_subject", "New comment awaiting moderation")),
            honeypot=honeypot or "_gotcha",
            names=names,
        )
    if service == "netlify":
        form_name = options["COMMENTS_NETLIFY_FORM_NAME"]
        honeypot = honeypot or "bot-field"
        return FormSpec(
            service,
            # Netlify takes the form's action as the page to show after a submission.
            override or "/" + options["COMMENTS_THANKS_URL"].lstrip("/"),
            attributes={"name": form_name, "data-netlify": "true", "netlify-honeypot": honeypot},
            hidden=(("form-name", form_name),),
            honeypot=honeypot,
            names=names,
        )
    if service == "google":
        form_id, mapping = options["COMMENTS_GOOGLE_FORM_ID"], options["COMMENTS_GOOGLE_FIELDS"]
        missing = [f for f in FIELDS if f not in mapping]
        if not (form_id or override) or missing:
            raise FormSettingError(
                "COMMENTS_SERVICE is 'google': set COMMENTS_GOOGLE_FORM_ID and map every field in "
                f"COMMENTS_GOOGLE_FIELDS (missing: {', '.join(missing) or 'none'})"
            )
        action = override or f"https://docs.google.com/forms/d/e/{form_id}/formResponse"
        return FormSpec(service, action, honeypot=honeypot, names={f: mapping[f] for f in FIELDS})
    if not override:
        raise FormSettingError("COMMENTS_SERVICE is 'custom' but COMMENTS_FORM_ACTION (the endpoint URL) is not set")
    redirect = options["COMMENTS_REDIRECT_FIELD"]
    return FormSpec(
        service, override, hidden=((redirect, thanks),) if redirect else (), honeypot=honeypot or "_gotcha", names=names
    )
