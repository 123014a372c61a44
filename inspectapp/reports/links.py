"""Drill-down: the URL of the list behind every number on a dashboard (ratings, 差评 tickets,
findings, 整改 cases), filtered to the same period and scope."""
from flask import url_for

_PLACEHOLDER = 987654321


class Links:
    """URL builders for one period and scope. A table of 100 windows asks for hundreds of links:
    each kind of link is built once with url_for and the row's id appended."""

    def __init__(self, period, scope):
        self.period, self.scope = period, scope
        self._cache = {}

    def _url(self, endpoint, window_id, unit_id, **args):
        key = (endpoint, tuple(sorted((k, v) for k, v in args.items() if v is not None)))
        if key not in self._cache:
            self._cache[key] = url_for(endpoint, hall=self.scope.hall_id, unit=self.scope.unit_id, **args)
        url = self._cache[key]
        if unit_id and not self.scope.unit_id:
            url += f"{'&' if '?' in url else '?'}unit={int(unit_id)}"
        if window_id:
            url += f"{'&' if '?' in url else '?'}window={int(window_id)}"
        return url

    def _dates(self):
        return {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}

    def ratings(self, status="counted", window_id=None, unit_id=None, negative=False):
        """The ratings list: counted ones by default; status held / rejected / excluded."""
        return self._url("evaluations.index", window_id, unit_id, status=status, negative="1" if negative else None,
                         **self._dates())

    def tickets(self, state="all", window_id=None, unit_id=None):
        return self._url("complaints.index", window_id, unit_id, state=state, **self._dates())

    def findings(self, window_id=None, unit_id=None, severity=None, category=None):
        dates = {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()}
        return self._url("inspections.findings", window_id, unit_id, severity=severity, category=category,
                         status="active", published="1", **dates)

    def rectifications(self, tab="all", unit_id=None):
        """The 整改 cases issued (签发) in the period; `tab` as on the list (overdue, red …)."""
        return self._url("rectifications.index", None, unit_id, tab=tab, **self._dates())

    def window(self, window_id):
        key = ("reports.window",)
        if key not in self._cache:
            self._cache[key] = url_for("reports.window", window_id=_PLACEHOLDER, **self.period_args())
        return self._cache[key].replace(f"/{_PLACEHOLDER}", f"/{int(window_id)}", 1)

    def unit(self, unit_id):
        return url_for("reports.index", unit=unit_id, hall=self.scope.hall_id, **self.period_args())

    def export(self, table, fmt):
        return url_for("reports.export", table=table, fmt=fmt, hall=self.scope.hall_id, unit=self.scope.unit_id,
                       **self.period_args())

    def period_args(self):
        if self.period.kind == "dates":
            return {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        return {"period": self.period.key}
