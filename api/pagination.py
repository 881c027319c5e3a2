"""One paginator: the HSDS `Page` envelope for every list endpoint."""

import math
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

T = TypeVar("T")


class PageParams(BaseModel):
    """Which page of a list to return."""

    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1")
    per_page: int = Field(20, ge=1, le=100, description="Items per page, 1–100")

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.page - 1) * self.per_page


class Page(BaseModel, Generic[T]):
    """A page of results in the HSDS 3.0 `Page` shape."""

    total_items: int
    total_pages: int
    page_number: int
    size: int = Field(description="Number of items on this page")
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[T]


def make_page(*, items: list[T], total: int, params: PageParams) -> Page[T]:
    """Wrap one page of items with the counts a client needs to page on."""
    total_pages = max(1, math.ceil(total / params.per_page)) if total else 0
    return Page[T](
        total_items=total,
        total_pages=total_pages,
        page_number=params.page,
        size=len(items),
        first_page=params.page == 1,
        last_page=params.page >= total_pages,
        empty=not items,
        contents=items,
    )


PageDep = Annotated[PageParams, Query()]


def page_json(envelope: Page, *, contents: list[str]) -> str:  # type: ignore[type-arg]
    """A page's JSON from an envelope with no contents and the items' JSON, already serialised.

    pydantic serialises the envelope; the items go where its empty `contents` list is.
    """
    rendered = envelope.model_dump_json(by_alias=True)
    empty = '"contents":[]'
    if envelope.contents or rendered.count(empty) != 1:
        raise ValueError("page_json needs an envelope whose only contents list is empty")
    return rendered.replace(empty, '"contents":[' + ",".join(contents) + "]")
