"""Every audit event type the code writes is registered with a label in both languages."""

import ast
import re
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

import wangjian
from wangjian.core.audit import record_event
from wangjian.core.audit_types import event_label, registered_enums, registered_labels
from wangjian.core.choices import JobState

SOURCE_ROOT = Path(wangjian.__file__).parent
APP_LABELS = {path.parent.name for path in SOURCE_ROOT.glob("*/apps.py")} | {"core"}
# Keywords that carry an audit event type: ``record_event(event_type=...)`` and the evidence
# helper that forwards ``audit=`` to it.
AUDIT_KEYWORDS = {"event_type", "audit"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _module_name(path: Path) -> str:
    relative = path.relative_to(SOURCE_ROOT.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def _imported_names(tree: ast.Module, module_name: str) -> dict[str, str]:
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = node.module
    return names


def _resolve(node: ast.expr, names: dict[str, str], module_name: str):
    """Yield ("exact", value) or ("prefix", literal) for what ``node`` can evaluate to."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield "exact", node.value
    elif isinstance(node, ast.IfExp):
        yield from _resolve(node.body, names, module_name)
        yield from _resolve(node.orelse, names, module_name)
    elif isinstance(node, ast.Attribute) and node.attr == "value":
        yield from _resolve(node.value, names, module_name)
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        owner = node.value.id
        module = import_module(names.get(owner, module_name))
        member = getattr(getattr(module, owner), node.attr)
        yield "exact", str(getattr(member, "value", member))
    elif isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant):
            yield "prefix", first.value


def _looks_like_audit_type(value: str) -> bool:
    return value.split(".", 1)[0] in APP_LABELS and "." in value


def unregistered_types(source: str, path: Path, module_name: str, registered) -> list[str]:
    """``file:line type`` for every audit event type in ``source`` that is not registered."""
    tree = ast.parse(source)
    names = _imported_names(tree, module_name)
    problems = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        function = call.func
        function_name = getattr(function, "attr", None) or getattr(function, "id", "")
        for keyword in call.keywords:
            if keyword.arg not in AUDIT_KEYWORDS:
                continue
            if keyword.arg == "audit" and function_name != "_log_and_audit":
                continue
            for kind, value in _resolve(keyword.value, names, module_name):
                # Other calls (queries, custody log entries) pass ``event_type`` too; only
                # values shaped like ``<app>.<verb>`` are audit types there.
                if function_name != "record_event" and not _looks_like_audit_type(value):
                    continue
                if kind == "exact":
                    known = value in registered
                else:
                    known = any(item.startswith(value) for item in registered)
                if not known:
                    problems.append(f"{path}:{call.lineno} {value}")
    return problems


def _production_sources():
    for path in sorted(SOURCE_ROOT.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(SOURCE_ROOT).parts):
            continue
        yield path


def test_every_recorded_audit_event_type_is_registered():
    registered = set(registered_labels())
    problems = []
    for path in _production_sources():
        problems += unregistered_types(path.read_text(), path, _module_name(path), registered)
    assert problems == []


def test_the_scan_names_an_unregistered_type_with_its_line():
    snippet = (
        "from wangjian.core.audit import record_event\n"
        "from wangjian.core.choices import AuditEventType, JobState\n"
        "def act(actor):\n"
        "    record_event(actor=actor, event_type=AuditEventType.SIGNED_IN)\n"
        '    record_event(actor=actor, event_type="complaints.accepted")\n'
        '    record_event(actor=actor, event_type="complaints.not_a_registered_type")\n'
        "    record_event(actor=actor, event_type=JobState.QUEUED.value)\n"
        '    record_event(actor=actor, event_type=f"nowhere.{actor}")\n'
        '    record_event(actor=actor, event_type="core.a" if actor else "core.b")\n'
    )
    problems = unregistered_types(snippet, Path("snippet.py"), "snippet", set(registered_labels()))
    assert problems == [
        "snippet.py:6 complaints.not_a_registered_type",
        "snippet.py:7 queued",
        "snippet.py:8 nowhere.",
        "snippet.py:9 core.a",
        "snippet.py:9 core.b",
    ]


def test_every_registered_type_has_a_chinese_label_and_an_english_translation():
    missing = []
    for enum in registered_enums():
        for member in enum:
            with translation.override("zh-hans"):
                chinese = str(member.label)
            with translation.override("en"):
                english = str(member.label)
            if not CJK.search(chinese):
                missing.append(f"{member.value}: no Chinese label ({chinese})")
            if english == chinese or not english.isascii():
                missing.append(f"{member.value}: no English translation ({english})")
    assert missing == []


def test_each_type_is_registered_once_under_its_own_app():
    seen = {}
    for enum in registered_enums():
        for member in enum:
            assert member.value not in seen, (member.value, seen.get(member.value), enum)
            seen[member.value] = enum
            assert _looks_like_audit_type(member.value), member.value


def test_job_outcomes_are_registered():
    # Written through an f-string, which the source scan can only check by prefix.
    registered = registered_labels()
    for state in (JobState.SUCCEEDED, JobState.FAILED):
        assert f"core.job_{state}" in registered


def test_event_label_follows_the_active_language_and_names_unknown_types_neutrally():
    with translation.override("zh-hans"):
        assert event_label("core.personal_data_viewed") == "查阅个人信息"
        assert event_label("legacy.gone") == "其他事件（legacy.gone）"
    with translation.override("en"):
        assert event_label("core.personal_data_viewed") == "Personal data viewed"
        assert event_label("legacy.gone") == "Other event (legacy.gone)"


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in {"script", "style", "title"}

    def handle_endtag(self, tag):
        self._hidden -= tag in {"script", "style", "title"}

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"),
    [("zh-hans", "查阅个人信息"), ("en", "Personal data viewed")],
)
def test_audit_page_shows_the_label_and_keeps_the_key_in_a_tooltip(
    section_chief, divisions, language, label
):
    with transaction.atomic():
        record_event(
            actor=section_chief,
            event_type="core.personal_data_viewed",
            division=divisions["yangpu"],
        )
    client = Client()
    client.force_login(section_chief)
    client.cookies["django_language"] = language
    html = client.get("/audit/").content.decode()
    visible = _visible_text(html)
    assert f'<td title="core.personal_data_viewed">{label}</td>' in html
    assert "core.personal_data_viewed" not in visible
    assert label in visible


@pytest.mark.django_db
def test_audit_event_api_gives_the_label_in_the_requested_language(section_chief, divisions):
    with transaction.atomic():
        event = record_event(
            actor=section_chief, event_type="core.list_exported", division=divisions["yangpu"]
        )
    client = Client()
    client.force_login(section_chief)
    url = f"/api/v1/core/audit-events/{event.pk}/"
    chinese = client.get(url, headers={"accept-language": "zh-hans"}).json()
    english = client.get(url, headers={"accept-language": "en"}).json()
    assert (chinese["event_type"], chinese["event_type_label"]) == (
        "core.list_exported",
        "导出列表",
    )
    assert english["event_type_label"] == "List exported"
