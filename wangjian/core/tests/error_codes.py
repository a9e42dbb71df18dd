"""The refusal codes an app's source names, found by reading the source (used by each app's
``tests/test_error_codes.py``)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]


def codes_named(
    app: str, exception: str, *, keyword: str | None = None, position: int = 0, root=PACKAGE
):
    """``(file:line, code)`` for every string literal passed to ``exception`` in the app's
    non-test source: the ``keyword`` argument if given, else the positional one at ``position``."""
    found = []
    for path in sorted((root / app).rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != exception:
                continue
            if keyword is not None:
                values = [k.value for k in node.keywords if k.arg == keyword]
            else:
                values = node.args[position : position + 1]
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    where = f"{path.relative_to(root)}:{node.lineno}"
                    found.append((where, value.value))
    return found
