"""Form, query-string and text helpers shared by the monitoring pages."""

PAGE_SIZE = 50


# Characters of the item's text shown each side of the match in the queue.
QUEUE_CONTEXT = 15


def _form_error(form) -> str:
    problems = "；".join(
        f"{form.fields[name].label if name in form.fields else name}：{' '.join(errors)}"
        for name, errors in form.errors.items()
    )
    return f"表单有误：{problems} / invalid form: {form.errors.as_text()}"


def _querystring(request, without=("page",)) -> str:
    query = request.GET.copy()
    for name in without:
        query.pop(name, None)
    return query.urlencode()


def _finding_text(finding) -> str:
    return finding.item.title if finding.field == "title" else finding.item.text
