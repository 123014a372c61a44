"""Paging for list pages: one helper instead of per-view boilerplate."""
import math
from dataclasses import dataclass


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages


def paginate(query, page, per_page):
    """Run one page of a peewee query. Out-of-range pages are clamped."""
    total = query.count()
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    return Page(items=list(query.paginate(page, per_page)), page=page, per_page=per_page, total=total)
