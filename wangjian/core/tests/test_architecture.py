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
