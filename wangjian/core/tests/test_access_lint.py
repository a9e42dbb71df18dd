"""Reads in views and the API go through the access layer, checked on the source.

As Zulip's linter refuses ``Stream.objects.get`` in ``zerver/views/`` ("Please use
access_stream_by_*()"), this test refuses a fetch of a jurisdiction-scoped model in a views
module (``views.py``, ``*_views.py``, a ``views/`` package) or under ``api/`` unless it goes
through ``visible_to(user)``, a ``get_<model>_for`` function of the app's ``access.py`` (which is
not a model manager call, so it is never flagged), or a ``published()``-style public queryset.
Anything else needs an entry in ``ALLOWED`` with its reason.

A model is jurisdiction-scoped when its manager offers ``visible_to`` or it has a foreign key to
``core.Division``; the list is read from the installed models, not written here.
"""

import ast
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps

PACKAGE = Path(__file__).resolve().parents[2]
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
FETCH_SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
# core.access.get_visible_or_404(queryset, user, capability, ...) applies visible_to itself.
SCOPING_FETCH = "get_visible_or_404"
ACCESS_METHOD = "visible_to"
PUBLIC_METHOD_PREFIXES = ("public", "published")

# (module relative to the package, enclosing function, model) -> why a raw fetch is right there.
PROGRAMMES = (
    "示范区 programmes are published measures (创建与评估办法 as versioned data) that every zones "
    "user may read, whatever territory they cover"
)
EVALUATORS = (
    "third-party evaluators (第三方评估机构) are entrusted from every active evaluator "
    "organisation, whatever its division; only the organisation's name is shown"
)
ALLOWED: dict[tuple[str, str, str], str] = {
    ("collaboration/api/views.py", "AssistanceRequestViewSet.create", "OrgUnit"): (
        "异地协查 is addressed to another bureau's unit, outside the sender's jurisdiction, as the "
        "web form offers every active bureau and station; send_request checks the unit"
    ),
    ("collaboration/views.py", "alert_list", "AlertSubscription"): (
        "the signed-in user's own subscriptions (user=user): a subscription belongs to a person"
    ),
    ("complaints/views.py", "_has_half_elsewhere", "Complaint"): (
        "asks only whether the other half of a mixed filing exists (暂行办法 第七条), to say part "
        "was forwarded; nothing of the other bureau's record is read"
    ),
    ("platforms/views.py", "_own_business_types", "PlatformClassification"): (
        "category and subtype of the platforms the user's own shops trade on (ids read through "
        "visible_to), to choose the compliance guides that apply to the merchant"
    ),
    ("services/views.py", "_issued", "ReportIssue"): (
        "public report verification: the issue is looked up by the number, USCC and hash inside "
        "a report whose signature has just been verified"
    ),
    ("services/views.py", "id_code_page", "MarketEntity"): (
        "public page opened with a signed 市场主体身份码: it shows the entity's public profile; "
        "anything more goes through visible_to"
    ),
    ("services/views.py", "_repair_target", "CreditEvent"): (
        "the entity came from get_entity_for(user, …, services.merchant_self_service); the record "
        "is one of that entity's own, which credit's jurisdiction-only visible_to does not give "
        "to its merchant"
    ),
    ("services/views.py", "_repair_target", "CreditListEntry"): (
        "the entity came from get_entity_for(user, …, services.merchant_self_service); the entry "
        "is one of that entity's own, which credit's jurisdiction-only visible_to does not give "
        "to its merchant"
    ),
    ("services/views.py", "gig_batch", "IdCodeIssue"): (
        "identity codes of the entities registered from a batch reached through "
        "get_gig_batch_for; the platform that filed the batch hands them to its workers"
    ),
    ("services/views.py", "gig_notice", "GigNotice"): (
        "public page opened with the receipt code printed on the notice (a bearer code): it "
        "shows that notice to the worker holding it"
    ),
    ("services/views.py", "gig_notice", "IdCodeIssue"): (
        "the identity code of the worker named in the notice opened with its receipt code, "
        "printed on the notice page for that worker"
    ),
    ("zones/views.py", "_prepare_form", "Programme"): PROGRAMMES,
    ("zones/views.py", "application_prepare", "Programme"): PROGRAMMES,
    ("zones/views.py", "programme_list", "Programme"): PROGRAMMES,
    ("zones/views.py", "_step_choices", "OrgUnit"): EVALUATORS,
    ("zones/views.py", "_evaluator_unit", "OrgUnit"): EVALUATORS,
}


@dataclass(frozen=True)
class RawFetch:
    """A manager call or fetch shortcut on a scoped model that bypasses the access layer."""

    function: str
    model: str
    line: int
    call: str


def _access_methods(model) -> frozenset[str]:
    """The manager methods of ``model`` that read only what a user may see.

    Those taking the reader as their first argument (``visible_to(user)``, ``handled_by(user)``),
    the ``published()``-style public querysets, and ``none()``, which reads nothing.
    """
    queryset_class = model._default_manager._queryset_class
    methods = {"none"}
    for name in dir(queryset_class):
        if name.startswith("_"):
            continue
        member = getattr(queryset_class, name)
        if not callable(member):
            continue
        if name.startswith(PUBLIC_METHOD_PREFIXES):
            methods.add(name)
            continue
        try:
            parameters = list(inspect.signature(member).parameters)
        except (TypeError, ValueError):
            continue
        if parameters[1:2] == ["user"]:
            methods.add(name)
    return frozenset(methods)


def scoped_models() -> dict[str, dict[str, frozenset[str]]]:
    """Class name -> {app label: access methods} of the jurisdiction-scoped models of wangjian.

    ``core.Division`` is excluded: it is the jurisdiction itself, public reference data
    (GB/T 2260) whose own ``visible_to`` shows every division to every signed-in user.
    """
    from wangjian.core.models import Division

    scoped: dict[str, dict[str, frozenset[str]]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("wangjian.") or model is Division:
            continue
        has_division = any(
            field.many_to_one and field.related_model is Division
            for field in model._meta.get_fields()
        )
        if has_division or hasattr(model._default_manager, ACCESS_METHOD):
            scoped.setdefault(model.__name__, {})[model._meta.app_label] = _access_methods(model)
    return scoped


def unscoped_model_apps() -> dict[str, set[str]]:
    """Class name -> app labels of wangjian's other models, to resolve names used by both."""
    scoped = scoped_models()
    names: dict[str, set[str]] = {}
    for model in apps.get_models():
        label = model._meta.app_label
        if model.__module__.startswith("wangjian.") and label not in scoped.get(model.__name__, {}):
            names.setdefault(model.__name__, set()).add(label)
    return names


def _imported_models(tree: ast.AST) -> dict[str, tuple[str | None, str]]:
    """Local name -> (app label or None, class name) for names imported from a models module."""
    names: dict[str, tuple[str | None, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and ".models" in f".{node.module}":
            parts = node.module.split(".")
            app = (
                parts[1] if node.level == 0 and parts[0] == "wangjian" and len(parts) > 1 else None
            )
            for alias in node.names:
                names[alias.asname or alias.name] = (app, alias.name)
    return names


def _model_name(node: ast.expr) -> str | None:
    """``Complaint`` for ``Complaint`` or ``models.Complaint``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _manager_call(call: ast.Call) -> tuple[str, str] | None:
    """(model expression name, method) for ``Model.objects.method(...)``."""
    function = call.func
    if not (isinstance(function, ast.Attribute) and isinstance(function.value, ast.Attribute)):
        return None
    if function.value.attr not in MANAGERS:
        return None
    model = _model_name(function.value.value)
    return (model, function.attr) if model else None


def _chain_calls(expression: ast.expr):
    """The calls of a method chain: ``a.objects.filter(x).order_by(y)`` gives both calls."""
    while isinstance(expression, ast.Call | ast.Attribute):
        if isinstance(expression, ast.Call):
            yield expression
            expression = expression.func
        else:
            expression = expression.value


class _Finder(ast.NodeVisitor):
    def __init__(self, resolve):
        self.resolve = resolve
        self.scope: list[str] = []
        self.found: list[RawFetch] = []
        self.scoped_by_caller: set[int] = set()

    def _enter(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _enter

    def _report(self, node: ast.Call, model: str) -> None:
        self.found.append(
            RawFetch(".".join(self.scope) or "<module>", model, node.lineno, ast.unparse(node))
        )

    def visit_Call(self, node: ast.Call) -> None:
        if _model_name(node.func) == SCOPING_FETCH and node.args:
            self.scoped_by_caller.update(id(call) for call in _chain_calls(node.args[0]))
        manager_call = _manager_call(node) if id(node) not in self.scoped_by_caller else None
        if manager_call is not None:
            name, method = manager_call
            model, access_methods = self.resolve(name)
            if model and method not in access_methods:
                self._report(node, model)
        if _model_name(node.func) in FETCH_SHORTCUTS and node.args:
            # get_object_or_404(Model, ...) fetches from the default manager; a queryset
            # argument is judged by the manager call inside it.
            name = _model_name(node.args[0])
            model, _access_methods = self.resolve(name) if name else (None, None)
            if model:
                self._report(node, model)
        self.generic_visit(node)


def raw_fetches(source: str, scoped: dict, unscoped: dict[str, set[str]]):
    """Every fetch of a scoped model in ``source`` that bypasses the access layer."""
    tree = ast.parse(source)
    imported = _imported_models(tree)

    def resolve(name: str) -> tuple[str | None, frozenset[str]]:
        """The scoped model ``name`` stands for and its access methods, or (None, …)."""
        app, class_name = imported.get(name, (None, name))
        by_app = scoped.get(class_name, {})
        if app is None and len(by_app) == 1 and class_name not in unscoped:
            # A name no import explains is taken as the one scoped model of that name.
            app = next(iter(by_app))
        if app not in by_app:
            return None, frozenset()
        return class_name, by_app[app]

    finder = _Finder(resolve)
    finder.visit(tree)
    return finder.found


def view_and_api_modules():
    """``views.py``, ``*_views.py``, modules in a ``views/`` package and everything in ``api/``."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if path.name.endswith("views.py") or "views" in parts[:-1] or "api" in parts[:-1]:
            yield path


def all_raw_fetches() -> dict[tuple[str, str, str], list[RawFetch]]:
    scoped, unscoped = scoped_models(), unscoped_model_apps()
    found: dict[tuple[str, str, str], list[RawFetch]] = {}
    for path in view_and_api_modules():
        module = str(path.relative_to(PACKAGE))
        for fetch in raw_fetches(path.read_text(encoding="utf-8"), scoped, unscoped):
            found.setdefault((module, fetch.function, fetch.model), []).append(fetch)
    return found


def test_views_and_the_api_fetch_scoped_models_only_through_the_access_layer():
    offenders = [
        f"{module}:{fetch.line} in {function}: {fetch.call} — use {fetch.model}.objects."
        f"visible_to(user) or get_{fetch.model.lower()}_for(user, id) from the app's access.py"
        for (module, function, model), fetches in all_raw_fetches().items()
        if (module, function, model) not in ALLOWED
        for fetch in fetches
    ]
    assert offenders == []


def test_every_allow_list_entry_gives_a_reason_and_is_still_needed():
    found = all_raw_fetches()
    assert [key for key, reason in ALLOWED.items() if len(reason.strip()) < 20] == []
    assert [key for key in ALLOWED if key not in found] == []


def test_scoped_models_are_read_from_the_models():
    scoped = scoped_models()
    # Scoped by a visible_to queryset without a division field of its own ...
    assert "credit" in scoped["CreditEvent"]
    # ... by a division foreign key without visible_to ...
    assert set(scoped["Transfer"]) == {"complaints", "enforcement"}
    # ... and the division table itself is reference data, not scoped.
    assert "Division" not in scoped


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("def view(request, pk):\n    return Complaint.objects.get(pk=pk)\n", ["Complaint"]),
        ("def view(request, pk):\n    return get_object_or_404(Complaint, pk=pk)\n", ["Complaint"]),
        (
            "def view(request, pk):\n"
            "    return get_object_or_404(Complaint.objects.filter(state='open'), pk=pk)\n",
            ["Complaint"],
        ),
        ("def view(request):\n    return list(models.Complaint.objects.all())\n", ["Complaint"]),
        ("def view(request):\n    return C._default_manager.exclude(pk=1)\n", ["Complaint"]),
        (
            "def view(request, pk):\n"
            "    return Complaint.objects.visible_to(request.user).filter(pk=pk).get()\n",
            [],
        ),
        (
            "def view(request, pk):\n"
            "    return get_object_or_404(ConsumerWarning.objects.published(), pk=pk)\n",
            [],
        ),
        ("def view(request, pk):\n    return get_complaint_for(request.user, pk)\n", []),
        (
            "def view(request, pk):\n"
            "    return get_visible_or_404(Complaint.objects.select_related('division'),"
            " request.user, 'complaints.view', pk=pk)\n",
            [],
        ),
        ("def view(request):\n    return Complaint.objects.respondent_side(request.user)\n", []),
        ("def view(request):\n    return Complaint.objects.none()\n", []),
        ("def view(request):\n    return Division.objects.get(code='310110')\n", []),
    ],
    ids=[
        "manager-get",
        "shortcut-with-model",
        "shortcut-with-raw-queryset",
        "module-attribute",
        "aliased-default-manager",
        "visible_to",
        "published",
        "access-function",
        "get-visible-or-404",
        "method-taking-the-user",
        "none",
        "reference-data",
    ],
)
def test_the_checker_catches_an_injected_raw_fetch(snippet, expected):
    source = (
        "from django.shortcuts import get_object_or_404\n"
        "from wangjian.complaints import models\n"
        "from wangjian.complaints.models import Complaint, ConsumerWarning\n"
        "from wangjian.complaints.models import Complaint as C\n"
        "from wangjian.core.models import Division\n" + snippet
    )

    found = raw_fetches(source, scoped_models(), unscoped_model_apps())

    assert [fetch.model for fetch in found] == expected
    assert all(fetch.function == "view" for fetch in found)
