"""Scheduled posts: the day each one appears, with the daily publish of the workflow.

A post dated in the future is left out of the published site until a publish
after its date; `.github/workflows/pages.yml` publishes every day at
DAILY_PUBLISH_UTC ("HH:MM", UTC; None when there is no daily publish).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .problems import NOTE, Problem


def first_publish(date: datetime, daily_utc: str) -> datetime:
    """The first daily publish (at `daily_utc`, "HH:MM" UTC) at or after `date`."""
    hour, minute = (int(part) for part in daily_utc.split(":"))
    moment = date.astimezone(UTC)
    publish = datetime.combine(moment.date(), time(hour, minute), tzinfo=UTC)
    return publish if publish >= moment else publish + timedelta(days=1)


def appearance(date: datetime, settings) -> str:
    """When a post dated `date` appears, in the writer's words."""
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    daily = settings.get("DAILY_PUBLISH_UTC")
    if not daily:
        return "appears with the first `invoke publish` after that"
    publish = first_publish(date, daily).astimezone(zone)
    return f"appears on {publish:%A %Y-%m-%d}, with the daily publish at {daily} UTC ({publish:%H:%M} {zone.key})"


def scheduled_note(rel: str, line: int, date: datetime, settings) -> Problem:
    """The note `invoke check` and the builds give a post dated in the future: when it appears."""
    return Problem(rel, line, f"scheduled for {date:%Y-%m-%d %H:%M}: {appearance(date, settings)}", NOTE, "scheduled")
