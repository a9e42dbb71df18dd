"""Imports flow one way between apps (architecture.md §3), checked on the source."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
# Each app may import only the apps in earlier layers (and itself).
LAYERS = [
    {"core"},
    {"registry"},
    # Every app below feeds the credit record through credit's actions, so credit sits under them.
    {"credit"},
    {"monitoring", "complaints", "inspections", "evidence"},
    {"enforcement", "platforms", "services", "collaboration"},
    {"zones", "dashboards"},
]
APP_LAYER = {app: index for index, layer in enumerate(LAYERS) for app in layer}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[1] for name in names if name.startswith("wangjian.") and "." in name}


def app_sources():
    for app, layer in APP_LAYER.items():
        directory = PACKAGE / app
        if directory.is_dir():
            for path in sorted(directory.rglob("*.py")):
                yield app, layer, path


@pytest.mark.parametrize(("app", "layer", "path"), list(app_sources()), ids=str)
def test_an_app_imports_only_apps_of_earlier_layers(app, layer, path):
    upward = {
        other
        for other in imported_apps(path)
        if other in APP_LAYER and other != app and APP_LAYER[other] >= layer
    }
    assert not upward, f"{path.relative_to(PACKAGE)} imports {sorted(upward)}"


def test_the_monitoring_engine_imports_nothing_from_django():
    engine = PACKAGE / "monitoring" / "engine"
    offenders = []
    for path in sorted(engine.rglob("*.py")) if engine.is_dir() else []:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            if any(m.split(".")[0] in {"django", "rest_framework"} for m in modules):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_the_checker_sees_an_upward_import(tmp_path):
    source = tmp_path / "example.py"
    source.write_text("from wangjian.registry.models import MarketEntity\nimport wangjian.core\n")
    assert imported_apps(source) == {"registry", "core"}


# --------------------------------------------------------------------------------------------
# Where rows are written: actions modules only (architecture.md §2), with the exceptions below.

# Calls that write rows through the ORM. ``save()`` and ``delete()`` count only without positional
# arguments (a workbook's ``save(stream)`` is no row); ``update``/``delete`` on a queryset count
# when called on a manager or on ``filter()``/``exclude()``/``all()``/``select_for_update()``.
ALWAYS_WRITES = {"bulk_create", "bulk_update", "get_or_create", "update_or_create"}
MANAGER_WRITES = {"create", "update", "delete"} | ALWAYS_WRITES
QUERYSET_STEPS = {"filter", "exclude", "all", "select_for_update", "using"}

# Modules outside actions that may write, each with the reason. An entry whose module no longer
# writes fails the test, so the list only shrinks.
WRITES_ALLOWED = {
    "core/audit.py": "the audit log itself: record_event appends inside the caller's action",
    "core/jobs.py": "job bookkeeping (claim, heartbeat, finish) outside any action by design: a "
    "job's state must survive the rollback of the work it runs",
    "core/api/authentication.py": "a token's last-used time, written while authenticating, "
    "before any action runs",
    "core/api/throttling.py": "the API rate counters: request bookkeeping before any action "
    "runs, pruned in passing",
    "evidence/custody.py": "the custody log, appended inside the calling action's transaction "
    "(like the audit log)",
    "complaints/demo.py": "demonstration data; only the demo loader runs it",
    "registry/demo.py": "demonstration data (bulk register rows); only the demo loader runs it",
    "services/demo_selfservice.py": "demonstration data; only the demo loader runs it",
    "registry/maintenance.py": "register maintenance actions written before the actions package; "
    "each is an action already (actor, transaction, audit), the module is still to be moved",
    "registry/register_load.py": "the register import, an action already (actor, transaction, "
    "audit) in a module still to be moved into registry/actions",
}


def orm_writes(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, node.func.value
        on_manager = isinstance(owner, ast.Attribute) and owner.attr == "objects"
        on_queryset = (
            isinstance(owner, ast.Call)
            and isinstance(owner.func, ast.Attribute)
            and owner.func.attr in QUERYSET_STEPS
        )
        if (
            name in ALWAYS_WRITES
            or (name in MANAGER_WRITES and on_manager)
            or (name in {"update", "delete"} and on_queryset)
            or (name in {"save", "delete"} and not node.args)
        ):
            found.append((node.lineno, name))
    return found


def outside_actions(path: Path, root: Path = PACKAGE) -> bool:
    parts = path.relative_to(root).parts
    excluded = {"tests", "migrations", "actions"}
    return not excluded.intersection(parts) and path.name != "actions.py"


def writing_modules(root: Path = PACKAGE) -> dict[str, list[tuple[int, str]]]:
    modules = {}
    for path in sorted(root.rglob("*.py")):
        if outside_actions(path, root):
            writes = orm_writes(ast.parse(path.read_text(encoding="utf-8")))
            if writes:
                modules[path.relative_to(root).as_posix()] = writes
    return modules


def test_rows_are_written_only_in_actions_modules():
    unexplained = {
        module: writes
        for module, writes in writing_modules().items()
        if module not in WRITES_ALLOWED
    }
    assert unexplained == {}


def test_every_module_allowed_to_write_still_writes():
    assert sorted(set(WRITES_ALLOWED) - set(writing_modules())) == []


@pytest.mark.parametrize(
    "module",
    [
        "core/divisions.py",
        "core/legal_catalogue.py",
        "inspections/catalogue.py",
        "zones/programmes.py",
        "credit/tiers.py",
        "complaints/imports.py",
    ],
)
def test_the_data_file_readers_do_not_write(module):
    assert module not in WRITES_ALLOWED
    assert orm_writes(ast.parse((PACKAGE / module).read_text(encoding="utf-8"))) == []


def test_the_write_checker_sees_an_injected_write():
    source = (
        "def load(rows):\n"
        "    Item.objects.create(code='a')\n"
        "    Item.objects.filter(code='b').update(name='x')\n"
        "    item.save(update_fields=['name'])\n"
        "    Item.objects.bulk_create(rows)\n"
        "    workbook.save(stream)\n"
        "    digest.update(b'x')\n"
        "    values.update(more)\n"
    )
    assert orm_writes(ast.parse(source)) == [
        (2, "create"),
        (3, "update"),
        (4, "save"),
        (5, "bulk_create"),
    ]


def test_the_write_checker_finds_a_loader_writing_outside_actions(tmp_path):
    write = "def load(*, actor):\n    Item.objects.update_or_create(code='a')\n"
    for relative in ("shop/catalogue.py", "shop/actions/items.py", "shop/tests/test_items.py"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(write)
    assert writing_modules(tmp_path) == {"shop/catalogue.py": [(2, "update_or_create")]}


# --------------------------------------------------------------------------------------------
# Refusals: an action refuses with the app's ActionRefused subclass and a code from its
# error_codes.py, never with a bare PermissionDenied or django ValidationError.

BARE_REFUSALS = {"PermissionDenied", "ValidationError"}
# Actions modules that may still build a bare refusal, each with the reason (none today).
BARE_REFUSALS_ALLOWED: dict[str, str] = {}


def bare_refusals(tree: ast.AST) -> list[tuple[int, str]]:
    """Calls of ``PermissionDenied(…)`` or ``ValidationError(…)`` (also ``exceptions.X(…)``), and
    bare ``raise PermissionDenied``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in BARE_REFUSALS:
                found.append((node.lineno, name))
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Name | ast.Attribute):
            name = getattr(node.exc, "id", None) or getattr(node.exc, "attr", None)
            if name in BARE_REFUSALS:
                found.append((node.lineno, name))
    return sorted(found)


def actions_modules(root: Path = PACKAGE):
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if "actions" in parts[:-1] or path.name == "actions.py":
            yield path.relative_to(root).as_posix(), path


def test_no_action_raises_a_bare_permission_denied_or_validation_error():
    unexplained = {}
    for module, path in actions_modules():
        found = bare_refusals(ast.parse(path.read_text(encoding="utf-8")))
        if found and module not in BARE_REFUSALS_ALLOWED:
            unexplained[module] = found
    assert unexplained == {}


def test_every_module_allowed_a_bare_refusal_still_has_one():
    modules = dict(actions_modules())
    still = {
        module
        for module in BARE_REFUSALS_ALLOWED
        if bare_refusals(ast.parse(modules[module].read_text(encoding="utf-8")))
    }
    assert still == set(BARE_REFUSALS_ALLOWED)


def test_the_refusal_checker_sees_a_bare_refusal(tmp_path):
    (tmp_path / "shop" / "actions").mkdir(parents=True)
    (tmp_path / "shop" / "actions" / "items.py").write_text(
        "def close(*, actor, item):\n"
        "    if actor is None:\n"
        "        raise PermissionDenied\n"
        "    if item.closed:\n"
        "        raise exceptions.ValidationError('已关闭 / closed')\n"
        "    raise ShopRefused('不可 / no', code=ShopErrorCode.REFUSED)\n"
    )
    (tmp_path / "shop" / "forms.py").write_text("raise ValidationError('x')\n")
    found = {
        module: bare_refusals(ast.parse(path.read_text(encoding="utf-8")))
        for module, path in actions_modules(tmp_path)
    }
    assert found == {"shop/actions/items.py": [(3, "PermissionDenied"), (5, "ValidationError")]}


def error_code_references(root: Path = PACKAGE) -> list[tuple[str, str, str]]:
    """``(file:line, enum, member)`` for every ``<Something>ErrorCode.MEMBER`` in the source."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id.endswith("ErrorCode")
                and node.attr.isupper()
            ):
                where = f"{path.relative_to(root).as_posix()}:{node.lineno}"
                found.append((where, node.value.id, node.attr))
    return found


def test_every_error_code_a_refusal_names_is_in_its_enum():
    from importlib import import_module

    enums = {}
    for module in sorted(PACKAGE.glob("*/error_codes.py")):
        codes = import_module(f"wangjian.{module.parent.name}.error_codes")
        enums.update(
            {name: value for name, value in vars(codes).items() if name.endswith("ErrorCode")}
        )
    missing = [
        (where, enum, member)
        for where, enum, member in error_code_references()
        if enum in enums and member not in enums[enum].__members__
    ]
    assert missing == []
    assert {"CoreErrorCode", "ServiceErrorCode", "CreditErrorCode", "InspectionErrorCode"} <= set(
        enums
    )


# Modules are split by topic before they grow past these sizes (issue #20): a module past 800
# lines, or models past 450, is a package with re-exports, as core/models/ and <app>/actions/.
MODULE_LINE_LIMIT = 800
MODELS_LINE_LIMIT = 450
# path relative to wangjian/ -> why it may stay larger; empty while every module fits.
LINE_LIMIT_EXCEPTIONS: dict[str, str] = {}


def oversized(paths, limit: int, root: Path = PACKAGE) -> dict[str, int]:
    sizes = {}
    for path in paths:
        relative = path.relative_to(root).as_posix()
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit and relative not in LINE_LIMIT_EXCEPTIONS:
            sizes[relative] = count
    return sizes


def source_modules(root: Path = PACKAGE):
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "migrations" not in parts and "tests" not in parts:
            yield path


def models_modules(root: Path = PACKAGE):
    for path in source_modules(root):
        if path.name == "models.py" or path.parent.name == "models":
            yield path


def test_no_module_exceeds_the_line_limit():
    assert oversized(source_modules(), MODULE_LINE_LIMIT) == {}


def test_no_models_module_exceeds_the_models_line_limit():
    assert oversized(models_modules(), MODELS_LINE_LIMIT) == {}


def test_the_line_limit_checker_sees_a_module_one_line_too_long(tmp_path):
    for relative, count in [
        ("shop/models.py", 451),
        ("shop/views.py", 801),
        ("shop/tests/test_views.py", 900),
        ("zone/models/topic.py", 450),
        ("zone/views.py", 800),
        ("zone/migrations/0001_initial.py", 900),
    ]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n" * count, encoding="utf-8")
    assert oversized(source_modules(tmp_path), MODULE_LINE_LIMIT, tmp_path) == {
        "shop/views.py": 801
    }
    assert oversized(models_modules(tmp_path), MODELS_LINE_LIMIT, tmp_path) == {
        "shop/models.py": 451
    }
