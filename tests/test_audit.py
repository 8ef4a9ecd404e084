"""`invoke audit`: how Lighthouse's reports are read and judged (the run itself is a task, like the benchmark)."""

from __future__ import annotations

import pytest

from tools import Stop
from tools.site.audit import CATEGORIES, pages_to_audit, report, scores


def lighthouse_report(score: float = 1.0, costly: dict[str, float] | None = None) -> dict:
    """A Lighthouse JSON report in the shape of Lighthouse 13: every category with `score`, its audits elsewhere."""
    costly = costly or {}
    audits = {
        "fine": {"score": 1},
        "informative": {"score": None},
        **{name: {"score": s} for name, s in costly.items()},
    }
    refs = [{"id": name, "weight": 1} for name in audits] + [{"id": "unweighted", "weight": 0}]
    audits["unweighted"] = {"score": 0}
    return {"categories": {c: {"score": score, "auditRefs": refs} for c in CATEGORIES}, "audits": audits}


def test_a_page_scoring_100_everywhere_passes():
    found = scores("article", lighthouse_report())
    assert [s.category for s in found] == list(CATEGORIES)
    assert all(s.met and not s.failing for s in found)
    report(found)


def test_a_point_lost_names_the_audits_that_cost_it_and_fails_the_audit():
    found = scores("article", lighthouse_report(0.93, {"target-size": 0, "color-contrast": 0.5}))
    assert not any(s.met for s in found)
    assert found[0].failing == ("target-size", "color-contrast")
    with pytest.raises(Stop, match=r"article, performance: target-size, color-contrast"):
        report(found)


def test_an_audit_scoring_just_under_1_that_still_rounds_to_100_passes():
    found = scores("home", lighthouse_report(0.996, {"first-contentful-paint": 0.99}))
    assert all(s.met for s in found)


def test_the_search_pages_noindex_is_the_one_allowed_loss():
    found = {s.category: s for s in scores("search", lighthouse_report(0.66, {"is-crawlable": 0}))}
    assert found["seo"].met and found["seo"].allowed == ("is-crawlable",)
    assert not found["performance"].met, "allowed only where it is deliberate: SEO, on the search page"
    home = {s.category: s for s in scores("home", lighthouse_report(0.66, {"is-crawlable": 0}))}
    assert not home["seo"].met


def test_the_pages_audited_are_the_home_the_newest_article_a_tag_and_search(tmp_path):
    site = "http://127.0.0.1:4321"
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "all.atom.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://127.0.0.1:4321/newest/"/></entry>'
        '<entry><link href="http://127.0.0.1:4321/older/"/></entry></feed>'
    )
    for page in ("tag/b", "tag/a", "search"):
        (tmp_path / page).mkdir(parents=True)
        (tmp_path / page / "index.html").write_text("<html></html>")
    assert pages_to_audit(tmp_path, site) == {
        "home": "",
        "article": "newest/",
        "tag": "tag/a/",
        "search": "search/?q=job",
    }
    assert pages_to_audit(tmp_path / "nothing", site) == {"home": ""}
