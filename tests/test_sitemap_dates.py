"""build_speed's memo of the sitemap's dates: the plugin's own text for every date, bound only for a build."""

from __future__ import annotations

import datetime
import functools

import pytest
from build_speed import sitemap_dates
from hypothesis import given
from hypothesis import strategies as st
from pelican.plugins.sitemap import sitemap
from pelican.utils import SafeDatetime

from tests.sitebuild import build_site

FORMAT_DATE = sitemap.format_date
offsets = st.integers(min_value=-86399, max_value=86399).map(
    lambda seconds: datetime.timezone(datetime.timedelta(seconds=seconds))
)
zones = st.one_of(st.none(), offsets, st.timezones())


@given(moments=st.lists(st.tuples(st.datetimes(timezones=zones), st.booleans()), max_size=8))
def test_the_memo_gives_the_plugins_own_text_for_every_date(moments):
    memo = sitemap_dates.memo_of(FORMAT_DATE)
    for moment, safe in moments + moments:  # each date met twice: the second answer is the memo's
        date = moment
        if safe:
            date = SafeDatetime(*moment.timetuple()[:6], moment.microsecond, tzinfo=moment.tzinfo, fold=moment.fold)
        assert memo(date) == FORMAT_DATE(date)


def test_two_equal_moments_in_other_zones_keep_their_own_offsets():
    memo = sitemap_dates.memo_of(FORMAT_DATE)
    utc = datetime.datetime(2024, 1, 2, 12, 0, tzinfo=datetime.UTC)
    new_york = utc.astimezone(datetime.timezone(datetime.timedelta(hours=-5)))
    assert utc == new_york
    assert (memo(utc), memo(new_york)) == ("2024-01-02T12:00:00+00:00", "2024-01-02T07:00:00-05:00")


def test_a_build_binds_the_memo_and_leaves_the_plugins_own_function(tmp_path):
    sitemap_dates._formatted.clear()
    output = build_site(tmp_path / "site")
    assert sitemap.format_date is FORMAT_DATE
    assert "<lastmod>" in (output / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap_dates._formatted  # the build's dates went through the memo


def in_utc():
    """Another plugin's format_date: every date in UTC (a new function each time)."""

    def dates_in_utc(date):
        return FORMAT_DATE(date.astimezone(datetime.UTC) if date.tzinfo else date)

    return dates_in_utc


@pytest.mark.parametrize(
    "theirs", [in_utc(), functools.wraps(FORMAT_DATE)(in_utc())], ids=["plain", "made with functools.wraps"]
)
def test_another_plugins_format_date_is_left_as_it_is(theirs, monkeypatch):
    monkeypatch.setattr(sitemap, "format_date", theirs)
    sitemap_dates.bind()
    assert sitemap.format_date is theirs
    sitemap_dates.unbind()
    assert sitemap.format_date is theirs
    monkeypatch.undo()
    sitemap_dates.bind()
    sitemap.format_date = theirs  # put there while a build runs
    sitemap_dates.unbind()
    assert sitemap.format_date is theirs
    sitemap.format_date = FORMAT_DATE


class Floating(datetime.tzinfo):
    """A tzinfo with no offset: the same ISO form as a naive date, another text from the plugin."""

    def utcoffset(self, _date):
        return None

    def dst(self, _date):
        return None

    def tzname(self, _date):
        return None


def test_a_date_with_a_tzinfo_but_no_offset_keeps_its_own_text():
    memo = sitemap_dates.memo_of(FORMAT_DATE)
    naive, floating = datetime.datetime(2020, 1, 1, 10, 0), datetime.datetime(2020, 1, 1, 10, 0, tzinfo=Floating())
    assert naive.isoformat() == floating.isoformat()
    assert (memo(naive), memo(floating)) == (FORMAT_DATE(naive), FORMAT_DATE(floating))
    assert memo(naive) != memo(floating)
