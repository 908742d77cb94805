"""Bounded paging of the Partner API's paged routes (tenants, bulk licences)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from desktop.services.partner_api.errors import BadResponseError
from desktop.services.partner_api.parsing import Page

if TYPE_CHECKING:
    from desktop.services.partner_api.client import PartnerApiClient


class Pager:
    """Pages of one paged route: page 1 with totals, then the rest concurrently.

    Bounded by what the server announced (``pages.total``, and ``pages.items`` /
    ``pageSize``, whichever is smaller), by ``ApiConfig.max_pages``, and by content:
    the first page that brings no new id stops the paging (no further pages are asked
    for). Without any total, pages are asked one after another until a short page.
    The consumer reports each page with :meth:`brought_new`.
    """

    def __init__(self, client: PartnerApiClient, path: str, what: str, size: int) -> None:
        self.client = client
        self.path = path
        self.what = what
        self.size = size
        self.stop = False
        self.last_new_page = 0

    def brought_new(self, page: Page, new: bool) -> None:
        if new:
            self.last_new_page = max(self.last_new_page, page.number)
        else:
            self.stop = True

    def _fetch(self, number: int, total: bool = False) -> Page:
        return self.client._fetch_page(self.path, self.what, number, self.size, total)

    def __iter__(self) -> Iterator[Page]:
        client, size = self.client, self.size
        cap = max(client.config.max_pages, 1)
        first = self._fetch(1, total=True)
        total_pages = first.total_pages
        if first.total_items is not None:
            by_items = max(-(-first.total_items // size), 1)
            total_pages = by_items if total_pages is None else min(total_pages, by_items)
        if total_pages is None:
            # No page count: ask one page after another until a short or empty page.
            client._log.info("%s: no page total in the answer; paging sequentially", self.what)
            page = first
            while True:
                yield page
                if len(page.items) < size or self.stop:
                    return
                if page.number >= cap:
                    raise BadResponseError(_too_many_pages(self.what, cap, size))
                page = self._fetch(page.number + 1)
        if total_pages > cap:
            client._log.warning(
                "%s: the server announced %d pages; asking for at most %d",
                self.what,
                total_pages,
                cap,
            )
        bound = min(max(total_pages, 1), cap)
        first.total_pages = bound
        yield first
        if bound <= 1 or self.stop:
            return

        def numbers() -> Iterator[int]:
            for n in range(2, bound + 1):
                if self.stop:
                    return
                yield n

        for page in client._run_bounded(numbers(), self._fetch):
            page.total_pages = bound
            if page.total_items is None:
                page.total_items = first.total_items
            yield page
        if total_pages > cap and not self.stop and self.last_new_page >= cap:
            raise BadResponseError(_too_many_pages(self.what, cap, size))


def _too_many_pages(what: str, cap: int, size: int) -> str:
    return (
        f"The server kept sending {what} pages beyond {cap:,} pages ({cap * size:,} items); "
        "paging was stopped. This is more than this app supports."
    )
