"""Every URL that names an object has a scoping matrix, checked against the URL resolver.

NetBox's view tests are generated per model, so no object page goes untested for permissions;
here each app writes its ``assert_scoping_matrix`` cases by hand, and this test finds the URL
patterns with an object in their path (a ``pk`` or ``*_id`` argument) that none of them reaches.

A case counts for the URL it requests: the test reads, with ``ast``, the URLs written in every
test function that builds a ``ScopingCase`` or calls ``assert_scoping_matrix`` (directly or
through a helper of its module) — string and f-string literals, ``reverse("name", …)``, and the
module-level lists such a function uses — and resolves each one. A URL that needs no matrix
(a public page, reference data) is listed in ``NOT_SCOPED`` with its reason.
"""

import ast
import itertools
import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

PACKAGE = Path(__file__).resolve().parents[2]
SCOPING_NAMES = frozenset({"ScopingCase", "assert_scoping_matrix"})
# Values tried for each placeholder of an f-string URL: an integer key, a UUID, a slug, and
# nothing (a trailing query string).
SAMPLES = ("1", "00000000-0000-0000-0000-000000000000", "sample", "")
FORMAT_FIELD = re.compile(r"\{[^{}]*\}")

PUBLIC = (
    "public page without sign-in (公示): it shows only what the public queryset holds, and an "
    "unpublished object answers the same 404 as a missing one"
)
NOT_SCOPED: dict[str, str] = {
    "complaints:public-warning": PUBLIC + " (ConsumerWarning.objects.published())",
    "inspections:public-plan": PUBLIC + " (InspectionPlan.objects.public())",
    "inspections:public-plan-record": PUBLIC + " (InspectionPlan.objects.public())",
    "inspections:public-task-record": PUBLIC + " (InspectionTask.objects.public())",
    "zones:public-detail": PUBLIC + " (ZoneApplication.objects.public())",
    "zones:public-objection": PUBLIC + " (ZoneApplication.objects.public())",
    "zones:public-questionnaire": PUBLIC + " (ZoneApplication.objects.public())",
    "platforms:guide": PUBLIC + "; a draft guide is visible to its bureau only "
    "(test_published_guides_are_public_and_drafts_are_not)",
    "platforms:guide-pdf": PUBLIC + "; a draft has no PDF at all",
    "services:education": PUBLIC + " (EducationArticle.objects.published())",
    "monitoring:rule-detail": (
        "a rule of the deployed rule pack: reference data, the same for every bureau, behind "
        "the monitoring.view_rules capability only"
    ),
}


def _object_arguments(pattern) -> set[str]:
    if isinstance(pattern, RoutePattern):
        names = set(pattern.converters)
    elif isinstance(pattern, RegexPattern):
        names = set(pattern.regex.groupindex)
    else:
        names = set()
    return {name for name in names if name == "pk" or name.endswith("_id")}


def object_url_names() -> dict[str, str]:
    """View name -> route of every URL pattern whose path names an object."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str | None, inherited: set[str]):
        for pattern in patterns:
            arguments = inherited | _object_arguments(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner, arguments)
            elif isinstance(pattern, URLPattern) and pattern.name and arguments:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.setdefault(name, prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "/", None, set())
    return found


def _url_templates(node: ast.AST, known: dict[str, list[str]]) -> list[list[str]]:
    """The URL literals under ``node``, each as the fixed parts around its placeholders.

    A placeholder naming a module-level string (``f"{API}/entities/{pk}/"``) or a loop variable
    over literal strings (``for suffix in ("", "bundle/")``) is filled in with each value.
    """
    templates = []
    fragments = {
        id(value)
        for child in ast.walk(node)
        if isinstance(child, ast.JoinedStr)
        for value in child.values
    }
    for child in ast.walk(node):
        if id(child) in fragments:
            continue
        if isinstance(child, ast.JoinedStr):
            variants = [[""]]
            for value in child.values:
                if isinstance(value, ast.Constant):
                    variants = [[*v[:-1], v[-1] + str(value.value)] for v in variants]
                elif isinstance(value.value, ast.Name) and value.value.id in known:
                    variants = [
                        [*v[:-1], v[-1] + text] for v in variants for text in known[value.value.id]
                    ]
                else:
                    variants = [[*v, ""] for v in variants]
            templates += [parts for parts in variants if parts[0].startswith("/")]
        elif (
            isinstance(child, ast.Constant)
            and isinstance(child.value, str)
            and child.value.startswith("/")
            and " " not in child.value
        ):
            templates.append(FORMAT_FIELD.split(child.value))
    return templates


def _string_list(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Tuple | ast.List) and all(
        isinstance(item, ast.Constant) and isinstance(item.value, str) for item in node.elts
    ):
        return [item.value for item in node.elts]
    return None


def _loop_values(function: ast.AST) -> dict[str, list[str]]:
    """Names bound to literal strings by a loop (``for suffix in ("", "bundle/")``) or by
    ``@pytest.mark.parametrize("step", ["record", "photos"])``."""
    values = {}
    for decorator in getattr(function, "decorator_list", []):
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "parametrize"
            and len(decorator.args) >= 2
            and isinstance(decorator.args[0], ast.Constant)
            and "," not in str(decorator.args[0].value)
            and (strings := _string_list(decorator.args[1])) is not None
        ):
            values[decorator.args[0].value.strip()] = strings
    for child in ast.walk(function):
        if (
            isinstance(child, ast.For)
            and isinstance(child.target, ast.Name)
            and isinstance(child.iter, ast.Tuple | ast.List)
            and all(
                isinstance(item, ast.Constant) and isinstance(item.value, str)
                for item in child.iter.elts
            )
        ):
            values[child.target.id] = [item.value for item in child.iter.elts]
    return values


def _reversed_names(node: ast.AST) -> set[str]:
    names = set()
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Name)
            and child.func.id == "reverse"
            and child.args
            and isinstance(child.args[0], ast.Constant)
        ):
            names.add(child.args[0].value)
    return names


def _resolved_name(parts: list[str]) -> str | None:
    for values in itertools.product(SAMPLES, repeat=len(parts) - 1):
        tail = zip(values, parts[1:], strict=True)
        path = parts[0] + "".join(value + part for value, part in tail)
        try:
            return resolve(path.split("?")[0]).view_name
        except Resolver404:
            continue
    return None


def _called_names(node: ast.AST) -> set[str]:
    return {
        child.func.id
        for child in ast.walk(node)
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name)
    }


def _named_urls(node: ast.AST, url_names: frozenset[str]) -> set[str]:
    """String constants that are URL names, passed on to ``reverse`` by a helper."""
    return {
        child.value
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and isinstance(child.value, str)
        if child.value in url_names
    }


def covered_url_names_in(source: str, url_names: frozenset[str] = frozenset()) -> set[str]:
    """The view names the scoping cases of one test module request."""
    tree = ast.parse(source)
    functions = [
        node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    module_values = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    constants = {
        name: [value.value]
        for name, value in module_values.items()
        if isinstance(value, ast.Constant) and isinstance(value.value, str)
    }
    # Helpers of the module that build cases (``def matrix(url, …)``) count like the builders.
    builders = set(SCOPING_NAMES)
    while True:
        more = {f.name for f in functions if _called_names(f) & builders} - builders
        if not more:
            break
        builders |= more
    names: set[str] = set()
    for function in functions:
        if not _called_names(function) & builders:
            continue
        known = constants | _loop_values(function)
        scopes = [function]
        scopes += [
            module_values[child.id]
            for child in ast.walk(function)
            if isinstance(child, ast.Name) and child.id in module_values
        ]
        for scope in scopes:
            names |= _reversed_names(scope) | _named_urls(scope, url_names)
            names |= {
                name for parts in _url_templates(scope, known) if (name := _resolved_name(parts))
            }
    return names


def covered_url_names() -> set[str]:
    url_names = frozenset(object_url_names())
    names: set[str] = set()
    for path in sorted(PACKAGE.glob("*/tests/*.py")):
        source = path.read_text(encoding="utf-8")
        if any(name in source for name in SCOPING_NAMES) and path.name != Path(__file__).name:
            names |= covered_url_names_in(source, url_names)
    return names


def test_every_url_naming_an_object_has_a_scoping_matrix():
    covered = covered_url_names()
    missing = sorted(
        f"{name} ({route})"
        for name, route in object_url_names().items()
        if name not in covered and name not in NOT_SCOPED
    )
    assert missing == []


def test_every_exception_gives_a_reason_and_names_a_real_url():
    urls = object_url_names()
    assert [name for name, reason in NOT_SCOPED.items() if len(reason.strip()) < 20] == []
    assert [name for name in NOT_SCOPED if name not in urls] == []
    covered = covered_url_names()
    assert [name for name in NOT_SCOPED if name in covered] == []


def test_the_scan_reads_cases_through_helpers_literals_and_reverse():
    source = """
from wangjian.core.testing import ScopingCase, assert_scoping_matrix

PAGES = [("/complaints/{id}/", "complaints")]


def matrix(url, missing, *users):
    return assert_scoping_matrix(ScopingCase(url=url, missing_url=missing), *users)


def test_case_page(case, users):
    matrix(f"/enforcement/cases/{case.pk}/", "/enforcement/cases/999999/", *users)


def test_listed_pages(users):
    for template, _app in PAGES:
        matrix(template.format(id=1), template.format(id=2), *users)


def test_reversed(clue, users):
    matrix(reverse("monitoring:clue-record", args=[clue.pk]), "", *users)


def test_without_a_matrix(client, zone):
    client.get(f"/zones/{zone.pk}/")
"""

    assert covered_url_names_in(source) == {
        "enforcement:case-detail",
        "complaints:detail",
        "monitoring:clue-record",
    }
