"""The district board (决策分析): figures across the apps for the viewer's division (or a
district inside a province), each drilling down to its rows, a comparison across the child
divisions, and XLSX exports. Read-only: no page here changes anything."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise

from wangjian.core.access import not_found, require_capability
from wangjian.dashboards.board import board_for
from wangjian.dashboards.figures import FIGURES

DRILL_LIMIT = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _division(request):
    """The board's division: the viewer's jurisdiction, or one inside it (``?division=``)."""
    from wangjian.core.models import Division

    user = request.user
    require_capability(user, "dashboards.view_board")
    own = user.jurisdiction
    if own is None:
        raise not_found()
    code = request.GET.get("division", "")
    if not code or code == own.code:
        return own
    division = Division.objects.inside(own).filter(code=code).first()
    if division is None:
        raise not_found()
    return division


def _drill_url(key, params, division) -> str:
    query = urlencode({**params, "division": division.code})
    return f"{reverse('dashboards:drill', args=[key])}?{query}"


@login_required
def board(request):
    division = _division(request)
    current = board_for(request.user, division)
    tables = []
    for table in current.tables:
        top = max((row.count for row in table.rows), default=0)
        rows = [
            {
                "cells": row.cells,
                "count": row.count,
                "url": _drill_url(table.key, row.params, division),
                "width": round(100 * row.count / top) if top else 0,
            }
            for row in table.rows
        ]
        tables.append({"table": table, "rows": rows})
    comparison_rows = []
    for row in current.comparison.rows:
        cells = [
            {
                "value": value,
                "url": _drill_url(key, row.params, division) if row.params else "",
            }
            for key, value in zip(current.compared, row.cells[1:], strict=True)
        ]
        comparison_rows.append({"label": row.cells[0], "cells": cells})
    children = division.children.order_by("code") if division.level < 4 else []
    context = {
        "division": division,
        "as_of": current.as_of,
        "tables": tables,
        "comparison": current.comparison,
        "comparison_rows": comparison_rows,
        "children": children,
        "is_own": division == request.user.jurisdiction,
    }
    return render(request, "dashboards/board.html", context)


def _figure(request, key):
    figure = FIGURES.get(key)
    if figure is None or not request.user.has_capability(figure.capability):
        raise not_found()
    return figure


def _drill_params(request) -> dict:
    return {k: v for k, v in request.GET.items() if k != "division"}


@login_required
def drill(request, key: str):
    division = _division(request)
    figure = _figure(request, key)
    rows = figure.drill(figure.base(request.user, division), _drill_params(request))
    total = rows.count()
    context = {
        "division": division,
        "figure": figure,
        "headers": figure.drill_headers,
        "rows": [figure.drill_row(obj) for obj in rows[:DRILL_LIMIT]],
        "total": total,
        "limited": total > DRILL_LIMIT,
        "export_url": f"{reverse('dashboards:drill-export', args=[key])}?{request.GET.urlencode()}",
        "board_url": f"{reverse('dashboards:board')}?division={division.code}",
    }
    return render(request, "dashboards/drill.html", context)


def _plain(cell):
    """Translated labels are lazy objects; a spreadsheet cell needs the text."""
    return str(cell) if isinstance(cell, Promise) else cell


def _xlsx(name: str, title: str, headers, rows) -> HttpResponse:
    from urllib.parse import quote

    from wangjian.registry.reports import xlsx_bytes

    plain = (tuple(_plain(cell) for cell in row) for row in rows)
    response = HttpResponse(
        xlsx_bytes(str(title)[:31], [str(h) for h in headers], plain), content_type=XLSX
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.xlsx"
    return response


@login_required
def drill_export(request, key: str):
    division = _division(request)
    figure = _figure(request, key)
    rows = figure.drill(figure.base(request.user, division), _drill_params(request))
    data = (figure.drill_row(obj)[0] for obj in rows.iterator(chunk_size=2000))
    return _xlsx(f"{division.name}-{key}-明细", figure.title, figure.drill_headers, data)


@login_required
def table_export(request, key: str):
    division = _division(request)
    current = board_for(request.user, division)
    table = current.table(key)
    if table is None:
        raise not_found()
    if key == "comparison":
        data = [row.cells for row in table.rows]
    else:
        data = [(*row.cells, row.count) for row in table.rows]
    return _xlsx(f"{division.name}-{key}", table.title, table.headers, data)
