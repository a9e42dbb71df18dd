"""Form and query-string helpers shared by the enforcement pages."""

PAGE_SIZE = 50


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
