"""The comment form's email field in Chromium: it refuses, before sending, what moderation would file as spam
without a word, and takes every address moderation accepts.

The field's `pattern` is compiled by the browser (a JavaScript regular expression with the `v` flag, matched
against the whole value), so it is tried in the browser, on the form of a fixture build, never with Python's `re`.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from tests.conftest import ARTICLE
from tools.comments.classify import email_problem
from tools.comments.privacy import has_email

FIELD = "#respond input[name=email]"
# The outside tester's: each passes the browser's own check (type="email"), and moderation marks it as spam.
TESTERS = ["jane@gmailcom", "jane.doe@localhost", "jane..doe@gmail.com"]
# The other shapes moderation refuses that the pattern must refuse too.
DOTS = [".jane@example.com", "jane.@example.com", "jane@.example.com", "jane@example..com", "jane@example.com."]
# Addresses moderation accepts, as readers type them.
VALID = [
    "jane@example.com",
    "jane+newsletter@example.com",  # plus-addressing
    "jane.doe@mail.example.co.uk",  # subdomains
    "JANE_DOE-1@Sub-Domain.Example.ORG",
    "o'brien@example.ie",
    "a@b.co",
    "jane@bücher.de",  # an IDN domain: the browser sends it as xn--bcher-kva.de
    "jane@xn--bcher-kva.de",
    "jane@例え.テスト",
    "jane@example。com",  # an ideographic full stop, which IDNA (and moderation) reads as a dot
    "{jane}|#!$%&*/=?^`~@example.com",
]
UNICODE_LOCAL = "jäne@example.com"  # moderation accepts it; Chromium's type="email" never has (see below)


@pytest.fixture(scope="module")
def form(browser, served_site):
    """The fixture article's comment form, open in a tab for the whole module."""
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(served_site + ARTICLE)
    yield tab
    context.close()


def typed(tab, value: str) -> dict:
    """The field's validity once a reader has typed `value` into it (and what the browser made of it)."""
    tab.fill(FIELD, value)
    return tab.eval_on_selector(
        FIELD,
        """field => ({value: field.value, valid: field.validity.valid, typeMismatch: field.validity.typeMismatch,
                     patternMismatch: field.validity.patternMismatch, message: field.validationMessage})""",
    )


def pattern_matches(tab, value: str) -> bool:
    """Whether the field's pattern, as the browser compiled it, takes `value` (set as it is, not typed: an IDN
    domain stays as written), trimmed as the field trims it (moderation trims it too)."""
    return tab.eval_on_selector(
        FIELD,
        """(field, value) => {
            const probe = document.createElement("input");
            probe.type = field.type;
            if (field.hasAttribute("pattern")) probe.pattern = field.pattern;  // pattern="" takes only ""
            probe.value = value;
            return !probe.validity.patternMismatch;
        }""",
        value,
    )


def test_the_pattern_compiles_in_the_browser(form):
    """A pattern the `v` flag cannot compile is ignored without a word: it would take everything."""
    assert form.eval_on_selector(FIELD, "field => field.pattern") != ""
    assert not pattern_matches(form, "jane@gmailcom") and pattern_matches(form, "jane@gmail.com")


@pytest.mark.parametrize("address", TESTERS)
def test_the_outside_testers_addresses_are_refused_before_sending(form, address):
    """They passed type="email", and moderation filed the comment as spam without telling its reader."""
    assert email_problem(address)
    state = typed(form, address)
    assert not state["typeMismatch"] and state["patternMismatch"] and not state["valid"]


@pytest.mark.parametrize("address", TESTERS + DOTS)
def test_a_stray_or_missing_dot_is_refused_by_the_pattern_itself(form, address):
    assert email_problem(address)
    assert not typed(form, address)["valid"]
    assert not pattern_matches(form, address)  # whatever type="email" says


@pytest.mark.parametrize("address", VALID)
def test_an_address_moderation_accepts_is_sent(form, address):
    assert email_problem(address) == ""
    state = typed(form, address)
    assert state["valid"], state
    assert email_problem(state["value"]) == ""  # what the browser sends (an IDN domain in ASCII) too
    assert pattern_matches(form, address)  # typed as it is, before the browser converts it


def test_a_unicode_local_part_passes_the_pattern(form):
    """Moderation accepts `jäne@example.com`; the pattern does too. Chromium's type="email" refuses it by itself
    (the HTML standard's email syntax is ASCII before the @): a limit of the browser, not of the pattern."""
    assert email_problem(UNICODE_LOCAL) == ""
    assert pattern_matches(form, UNICODE_LOCAL)
    state = typed(form, UNICODE_LOCAL)
    assert state["typeMismatch"] and not state["patternMismatch"]


def test_the_field_says_what_is_wrong_in_plain_words(form):
    title = form.eval_on_selector(FIELD, "field => field.title")
    assert "a dot after the @" in title and "two in a row" in title
    assert not has_email(title)  # no address anywhere on the site (tests/test_comments_build.py)


# --- Every address moderation accepts matches the pattern --------------------------------------------------------

ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~"
LOCAL_CHARACTERS = st.one_of(
    st.sampled_from(ATEXT),
    st.characters(codec="utf-8", exclude_characters='@."(),:;<>[\\] '),  # unicode: moderation decides which
)
DOMAIN_CHARACTERS = st.one_of(
    st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-"),
    st.sampled_from("äöüßéèñçøåłžšбукгрεφ例えテスト中文한국"),
)
DOTS_IN_DOMAINS = st.sampled_from([".", ".", ".", "。", "．", "｡"])  # IDNA's full stops


@st.composite
def addresses(draw) -> str:
    """An address of dot-separated atoms before the @ and labels after it, every character a candidate."""
    atoms = draw(st.lists(st.text(LOCAL_CHARACTERS, min_size=1, max_size=8), min_size=1, max_size=3))
    labels = draw(st.lists(st.text(DOMAIN_CHARACTERS, min_size=1, max_size=10), min_size=2, max_size=4))
    domain = labels[0]
    for label in labels[1:]:
        domain += draw(DOTS_IN_DOMAINS) + label
    return ".".join(atoms) + "@" + domain


@given(st.one_of(st.emails(), addresses()))
@example("jane@bücher.de")
@example("jäne@example.com")
@example("jane@example。com")
@example("\x0cjane@example.com ")
def test_every_address_moderation_accepts_matches_the_pattern(form, address):
    """The pattern only ever refuses what moderation refuses: a reader is never kept from a comment it would take.

    Moderation reads the address with the spaces around it trimmed (Python's idea of a space, `\\x0b` and `\\x1c`
    included): the pattern must take that. A field trims only HTML's spaces, and type="email" refuses any other.
    """
    assume(email_problem(address) == "")
    assert pattern_matches(form, address.strip()), address
