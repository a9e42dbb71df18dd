"""The lists a regulator works from (complaints, findings, clues, entities, flags, cases,
inspections) behave alike: search by number and name with spaces as separators, sortable
columns, the total count, a page jump, and an XLSX export of exactly what is filtered.

A view builds a queryset of what the user may see, applies its own filters, then calls
``build_listing``; the templates ``core/_list_head.html`` and ``core/_list_pager.html`` render
the header row and the pager. Exports go through ``core.spreadsheets`` (formula guard) and write
an audit event, because a list can hold personal data.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse

from wangjian.core.audit import record_event
from wangjian.core.spreadsheets import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Half- and full-width spaces, and the 、，, a person types between words.
TERM_SEPARATORS = re.compile(r"[\s\u3000、，,]+")
MAX_TERMS = 6
# An export is a whole filtered list, but not the whole database in one request.
MAX_EXPORT_ROWS = 20000


@dataclass(frozen=True)
class Column:
    """One column of a list: ``order_by`` names the fields it sorts by (empty: not sortable)."""

    key: str
    label: str
    order_by: tuple[str, ...] = ()


@dataclass
class HeaderCell:
    label: str
    url: str = ""
    active: bool = False
    descending: bool = False


@dataclass
class Listing:
    page: object
    total: int
    columns: Sequence[Column]
    sort: str
    descending: bool
    query: str
    # The current query string without ``page`` (pager links) and without sort (header links).
    page_query: str
    header: list[HeaderCell] = field(default_factory=list)
    # Hidden inputs that keep the filters when the page-jump form is sent.
    kept: list[tuple[str, str]] = field(default_factory=list)
    bulk: bool = False


def search_terms(text: str) -> list[str]:
    """The words of a search box: spaces (either width) and list commas separate them."""
    return [term for term in TERM_SEPARATORS.split(text or "") if term][:MAX_TERMS]


def apply_search(queryset, text: str, fields: Iterable[str]):
    """Keep the rows where every term occurs in at least one of ``fields`` (icontains)."""
    fields = tuple(fields)
    for term in search_terms(text):
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


def _sort_of(request, columns: Sequence[Column], default: str) -> tuple[str, bool]:
    requested = request.GET.get("sort", "")
    descending = requested.startswith("-")
    key = requested.lstrip("-")
    if any(column.key == key and column.order_by for column in columns):
        return key, descending
    return default.lstrip("-"), default.startswith("-")


def _ordering(columns: Sequence[Column], key: str, descending: bool) -> list[str]:
    for column in columns:
        if column.key == key:
            return [f"-{name}" if descending else name for name in column.order_by]
    return []


def build_listing(
    request,
    queryset,
    *,
    columns: Sequence[Column],
    default_sort: str,
    per_page: int = 50,
    bulk: bool = False,
    tiebreak: Sequence[str] = ("pk",),
) -> Listing:
    """Sort and paginate ``queryset`` (already scoped and filtered) as the request asks.
    ``tiebreak`` orders equal rows (grouped ``values()`` querysets pass their group keys)."""
    sort, descending = _sort_of(request, columns, default_sort)
    ordering = _ordering(columns, sort, descending)
    if ordering:
        ties = [f"-{name}" if descending else name for name in tiebreak]
        queryset = queryset.order_by(*ordering, *ties)
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    kept = [(name, value) for name, values in params.lists() for value in values]
    params.pop("sort", None)
    header = []
    for column in columns:
        if not column.order_by:
            header.append(HeaderCell(label=column.label))
            continue
        active = column.key == sort
        params["sort"] = f"-{column.key}" if active and not descending else column.key
        header.append(
            HeaderCell(
                label=column.label,
                url=f"?{params.urlencode()}",
                active=active,
                descending=active and descending,
            )
        )
    query = request.GET.copy()
    query.pop("page", None)
    return Listing(
        page=page,
        total=paginator.count,
        columns=columns,
        sort=sort,
        descending=descending,
        query=request.GET.get("q", "").strip(),
        page_query=query.urlencode(),
        header=header,
        kept=kept,
        bulk=bulk,
    )


def export_response(
    *,
    actor,
    list_name: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    filters: dict,
    file_name: str,
) -> HttpResponse:
    """An XLSX file of the filtered rows (cells through the formula guard), audited as an
    export: who took which list, with which filters and how many rows."""
    materialised = []
    for count, row in enumerate(rows):
        if count >= MAX_EXPORT_ROWS:
            break
        materialised.append(row)
    content = xlsx_bytes(title, headers, materialised)
    with transaction.atomic():
        record_event(
            actor=actor,
            event_type="core.list_exported",
            target=("list", list_name, title),
            division=getattr(actor, "jurisdiction", None),
            after={"rows": len(materialised), "filters": filters},
        )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
