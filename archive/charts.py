"""Chart geometry computed at build time; the templates draw it as inline SVG."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from archive.model import TimelineEntry
from archive.views import person_url

BAR_WIDTH, BAR_GAP, CHART_HEIGHT, LABEL_SPACE = 18, 6, 120, 34


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    count: int
    label: str  # "Oct 2022: 2 contacts"
    month_label: str  # "O"
    year_label: str | None
    anchor: str  # timeline group anchor, "m-2022-10"
    year: int
    month: int


@dataclass(frozen=True)
class MonthChart:
    width: int
    height: int
    baseline: int
    bars: tuple[Bar, ...]
    max_count: int
    rows: tuple[tuple[str, int], ...]  # the text alternative: (month, count)


def month_chart(counts: list[tuple[int, int, int]]) -> MonthChart:
    top = max([c for _, _, c in counts] + [1])
    bars = []
    for index, (year, month, count) in enumerate(counts):
        height = round(count / top * (CHART_HEIGHT - 10))
        name = dt.date(year, month, 1).strftime("%b %Y")
        bars.append(Bar(
            x=index * (BAR_WIDTH + BAR_GAP) + BAR_GAP, y=CHART_HEIGHT - height, width=BAR_WIDTH,
            height=height, count=count, label=f"{name}: {count} contact{'s' if count != 1 else ''}",
            month_label=dt.date(year, month, 1).strftime("%b")[0],
            year_label=str(year) if month == 1 else None, anchor=f"m-{year}-{month:02d}", year=year, month=month,
        ))
    width = len(counts) * (BAR_WIDTH + BAR_GAP) + BAR_GAP
    rows = tuple((dt.date(y, m, 1).strftime("%B %Y"), c) for y, m, c in counts)
    return MonthChart(width, CHART_HEIGHT + LABEL_SPACE, CHART_HEIGHT, tuple(bars), top, rows)


@dataclass(frozen=True)
class Cell:
    chinese: str
    american: str
    count: int
    contact_ids: tuple[str, ...]


@dataclass
class Matrix:
    chinese: list[tuple[str, str]] = field(default_factory=list)  # (name, url)
    american: list[tuple[str, str]] = field(default_factory=list)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    max_count: int = 0


def meeting_matrix(entries: list[TimelineEntry]) -> Matrix:
    """Chinese × US participants, with the contacts each pair took part in together."""
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in entries:
        people = entry.contact.participants
        for cn in (p.name for p in people if p.side == "CN"):
            for us in (p.name for p in people if p.side == "US"):
                pairs[(cn, us)].append(entry.id)
    chinese = sorted({cn for cn, _ in pairs}, key=lambda n: (-sum(len(v) for k, v in pairs.items() if k[0] == n), n))
    american = sorted({us for _, us in pairs}, key=lambda n: (-sum(len(v) for k, v in pairs.items() if k[1] == n), n))
    cells = {key: Cell(key[0], key[1], len(ids), tuple(ids)) for key, ids in pairs.items()}
    return Matrix([(n, person_url(n)) for n in chinese], [(n, person_url(n)) for n in american], cells,
                  max((c.count for c in cells.values()), default=0))
