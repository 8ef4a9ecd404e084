"""The "Leave a Reply" form for each form service."""

import pytest
from comments.forms import FormSettingError, form_spec
from comments.settings import DEFAULTS

SITE = "https://blog.example"


def spec(**settings):
    return form_spec({**DEFAULTS, **settings}, SITE)


def test_formspree_posts_to_the_form_with_its_honeypot_and_redirect():
    form = spec(COMMENTS_SERVICE="formspree", COMMENTS_FORMSPREE_ID="abcd1234")
    assert form.action == "https://formspree.io/f/abcd1234"
    assert form.honeypot == "_gotcha"
    assert ("_next", "https://blog.example/comment-received/") in form.hidden


def test_netlify_marks_the_form_and_uses_our_thanks_page():
    form = spec(COMMENTS_SERVICE="netlify")
    assert form.attributes == {"name": "comments", "data-netlify": "true", "netlify-honeypot": "bot-field"}
    assert form.action == "/comment-received/" and ("form-name", "comments") in form.hidden


def test_google_forms_maps_our_fields_to_its_entries():
    fields = {f: f"entry.{n}" for n, f in enumerate(("name", "email", "website", "comment", "article", "parent"), 1)}
    form = spec(COMMENTS_SERVICE="google", COMMENTS_GOOGLE_FORM_ID="1FAIpQL", COMMENTS_GOOGLE_FIELDS=fields)
    assert form.action == "https://docs.google.com/forms/d/e/1FAIpQL/formResponse"
    assert form.names["comment"] == "entry.4"


def test_custom_endpoint_gets_the_redirect_field():
    form = spec(COMMENTS_SERVICE="custom", COMMENTS_FORM_ACTION="https://forms.example/submit")
    assert form.action == "https://forms.example/submit" and form.hidden == (
        ("_next", "https://blog.example/comment-received/"),
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"COMMENTS_SERVICE": "disqus"}, "COMMENTS_SERVICE is 'disqus'"),
        ({"COMMENTS_SERVICE": "formspree"}, "COMMENTS_FORMSPREE_ID is not set"),
        ({"COMMENTS_SERVICE": "custom"}, "COMMENTS_FORM_ACTION"),
        ({"COMMENTS_SERVICE": "google", "COMMENTS_GOOGLE_FORM_ID": "x"}, "missing: name, email"),
    ],
)
def test_a_setting_that_makes_no_form_names_the_setting(settings, message):
    with pytest.raises(FormSettingError, match=message):
        spec(COMMENTS_FORM_REQUIRED=True, **settings)


@pytest.mark.parametrize("service", ["formspree", "custom", "google"])
def test_in_development_a_service_not_configured_leaves_the_form_to_the_local_receiver(service):
    form = spec(COMMENTS_SERVICE=service)
    assert (form.service, form.action, form.honeypot) == ("local", "https://blog.example/_comments/receive", "_gotcha")
    assert form.hidden == ()  # the receiver knows the thanks page: the request names no address


def test_without_a_local_receiver_or_with_an_unknown_service_there_is_no_form():
    with pytest.raises(FormSettingError, match="COMMENTS_FORMSPREE_ID"):
        spec(COMMENTS_LOCAL_RECEIVER="")
    with pytest.raises(FormSettingError, match="disqus"):
        spec(COMMENTS_SERVICE="disqus")
