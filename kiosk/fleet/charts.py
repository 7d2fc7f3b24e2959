"""The PNG charts of `kiosk stats`, drawn with matplotlib's Agg canvas (no display, no pyplot state).

matplotlib is the optional extra ``[stats]``: reports are made on an admin's machine, and a
kiosk has no use for it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from kiosk.errors import FleetError

COLORS = ["#00549f", "#e07b00", "#2e7d32", "#b3261e", "#6a1b9a", "#00838f", "#8d6e63", "#c2185b", "#827717",
          "#455a64"]  # fmt: skip
OTHERS = "andere / others"


def _figure(width: float, height: float):
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise FleetError("kiosk stats draws its charts with matplotlib: pip install 'infopoint-flensburg[stats]'") \
            from None  # fmt: skip
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return figure, figure.subplots()


def _empty(axes, message: str = "Keine Daten im Zeitraum / no data in this period") -> None:
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes, color="#555555")
    axes.set_axis_off()


def bar_chart(path: Path, title: str, ranked: list[tuple[str, int]]) -> Path:
    """Horizontal bars, the largest on top: ``ranked`` is [(label, count)], largest first."""
    figure, axes = _figure(9, 1.4 + 0.38 * max(len(ranked), 3))
    axes.set_title(title, loc="left", fontsize=13)
    if not ranked:
        _empty(axes)
    else:
        labels = [_cut(label, 48) for label, _count in reversed(ranked)]
        counts = [count for _label, count in reversed(ranked)]
        bars = axes.barh(range(len(ranked)), counts, color=COLORS[0])
        axes.set_yticks(range(len(ranked)), labels)
        axes.bar_label(bars, padding=3)
        axes.set_xlabel("Anzahl / count")
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_xlim(0, max(counts) * 1.12 or 1)
    figure.savefig(path)
    return path


def day_chart(path: Path, title: str, days: list[str], series: dict[str, list[int]], stacked: bool) -> Path:
    """Counts per day: one coloured series per label, as stacked bars or as lines."""
    figure, axes = _figure(10, 5)
    axes.set_title(title, loc="left", fontsize=13)
    if not days or not any(any(values) for values in series.values()):
        _empty(axes)
        figure.savefig(path)
        return path
    positions = list(range(len(days)))
    bottom = [0] * len(days)
    for index, (label, values) in enumerate(series.items()):
        color = COLORS[index % len(COLORS)]
        if stacked:
            axes.bar(positions, values, bottom=bottom, label=label, color=color, width=0.8)
            bottom = [low + value for low, value in zip(bottom, values, strict=True)]
        else:
            axes.plot(positions, values, label=label, color=color, marker="o" if len(days) < 20 else None)
    step = max(1, len(days) // 15)
    axes.set_xticks(positions[::step], [_short_day(day) for day in days[::step]], rotation=45, ha="right")
    axes.set_ylabel("Anzahl / count")
    axes.set_ylim(bottom=0)
    axes.spines[["top", "right"]].set_visible(False)
    handles, labels = axes.get_legend_handles_labels()
    if stacked:  # the legend from top to bottom, as the stack
        handles, labels = handles[::-1], labels[::-1]
    axes.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    figure.savefig(path)
    return path


def _short_day(day: str) -> str:
    return datetime.date.fromisoformat(day).strftime("%d.%m.")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
