"""Scheduled posts: the day each one appears, with the daily publish of the workflow.

A post dated in the future is left out of the published site until a publish
after its date; `.github/workflows/pages.yml` publishes every day at
DAILY_PUBLISH_UTC ("HH:MM", UTC; None when there is no daily publish).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .header import read_header
from .links import status_of
from .problems import NOTE, Problem, display


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


def scheduled(settings, posts: list[Path], now: datetime | None = None) -> list[Problem]:
    """A note for each post dated in the future (not a draft): when it appears."""
    zone = settings.get("TIMEZONE") or "UTC"
    now = now or datetime.now(ZoneInfo(zone))
    notes = []
    for path in posts:
        header = read_header(path.read_text(encoding="utf-8", errors="replace"))
        status, date = status_of(header, zone, now)
        if status == "scheduled" and date is not None:
            notes.append(
                Problem(
                    display(path),
                    header.line("date"),
                    f"scheduled for {date:%Y-%m-%d %H:%M}: {appearance(date, settings)}",
                    NOTE,
                    code="scheduled",
                )
            )
    return notes
