"""Statistics on the home pages: the windows getting worse fastest and last month's bulletin not yet
issued (admins); the headline figures of this month and last month (viewers, `headline`)."""
import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask import url_for

from inspectapp.auth import roles
from inspectapp.common.waiting import WaitingItem
from inspectapp.i18n import N_
from inspectapp.reports import stats
from inspectapp.reports.models import Bulletin
from inspectapp.reports.periods import Period
from inspectapp.reports.periods import Scope

#: The worsening windows compare the last 30 days with the 30 days before (a month just begun
#: would compare a few days with a whole month).
ROLLING_DAYS = 30


def rolling_period(today):
    return Period.dates(today - dt.timedelta(days=ROLLING_DAYS - 1), today)


def items(user, due):
    if not roles.can_issue_bulletins(user):
        return []
    settings = stats.Settings.from_config(current_app.config)
    period = rolling_period(due.today)
    current, _previous = stats.with_previous(period, Scope(), settings, as_of=due.today, light=True)
    worse = stats.worsening_windows(current, settings, limit=20)
    last_month = Period.containing(due.today).previous()
    issued = Bulletin.select().where(Bulletin.period_key == last_month.key).exists()
    return [
        WaitingItem(N_("退步最快的窗口"), len(worse),
                    url_for("reports.index", start=period.start.isoformat(), end=period.end.isoformat()) + "#worsening",
                    "warning", N_("近30天窗口服务指数明显下降")),
        WaitingItem(N_("上月通报尚未签发"), int(not issued),
                    url_for("reports.bulletin_new", period=last_month.key), "info", last_month.label),
    ]


@dataclass
class Headline:
    label: str
    value: str
    previous: str
    change: float | None
    url: str
    #: True when a rise is good news (好评率), False when it is bad news (差评, 问题).
    good_up: bool = True


def headline(user, today):
    """This month's and last month's headline figures for a leader's home page, or []."""
    if not roles.can_view_dashboards(user):
        return []
    settings = stats.Settings.from_config(current_app.config)
    month = Period.containing(today)
    now, before = (stats.period_statistics(p, Scope(), settings, today, light=True) for p in (month, month.previous()))
    url = url_for("reports.index", period=month.key)

    def pct(v):
        return "—" if v is None else f"{v:.2f}%"

    def diff(a, b):
        return None if a is None or b is None else a - b

    return [
        Headline("有效评价", str(now.ratings.counted), str(before.ratings.counted),
                 diff(now.ratings.counted, before.ratings.counted), url),
        Headline("好评率", pct(now.ratings.positive_rate), pct(before.ratings.positive_rate),
                 diff(now.ratings.positive_rate, before.ratings.positive_rate), url),
        Headline("差评", str(now.ratings.negative), str(before.ratings.negative),
                 diff(now.ratings.negative, before.ratings.negative), url, good_up=False),
        Headline("差评整改率", pct(now.complaints.rectification_rate), pct(before.complaints.rectification_rate),
                 diff(now.complaints.rectification_rate, before.complaints.rectification_rate), url),
        Headline("暗访发现问题", str(now.inspections.findings), str(before.inspections.findings),
                 diff(now.inspections.findings, before.inspections.findings), url, good_up=False),
    ]
