"""Every form field a person fills in has a label, and date inputs carry ISO values.

Two checks cover the forms of every app: the templates' hand-written inputs (each inside a
``<label>``, named by ``<label for>`` or by ``aria-label``; date inputs filled with
``|date:'Y-m-d'``), and the Form classes' declared fields (an explicit label, and a date
rendered as YYYY-MM-DD in both languages, the only value ``<input type=date>`` accepts).
Apps' form modules are discovered by name, as the home cards and demo steps are.
"""

import datetime as dt
import importlib
import inspect
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2]
NOT_FILLED_IN = {"hidden", "submit", "button", "reset", "image"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open_labels = 0
        self.label_targets = set()
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_targets.add(attributes["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and (attributes.get("type") or "text").lower() in NOT_FILLED_IN:
                return
            named = bool(
                self.open_labels
                or attributes.get("aria-label")
                or attributes.get("aria-labelledby")
            )
            self.fields.append((self.getpos()[0], tag, attributes, named))

    def handle_endtag(self, tag):
        if tag == "label" and self.open_labels:
            self.open_labels -= 1


def _without_template_tags(text: str) -> str:
    # Line breaks are kept so that positions still point at the template's lines.
    def blank(match, filler=""):
        return filler + "\n" * match.group(0).count("\n")

    text = re.sub(r"{#.*?#}", blank, text, flags=re.S)
    text = re.sub(r"{%\s*(?:translate|trans)\s.*?%}", lambda m: blank(m, "T"), text, flags=re.S)
    text = re.sub(r"{%.*?%}", blank, text, flags=re.S)
    return re.sub(r"{{.*?}}", lambda m: blank(m, "X"), text, flags=re.S)


def _templates():
    return sorted(PACKAGE.glob("*/templates/**/*.html"))


def test_every_hand_written_input_has_a_label():
    unlabelled = []
    for path in _templates():
        parser = _Inputs()
        parser.feed(_without_template_tags(path.read_text(encoding="utf-8")))
        for line, tag, attributes, named in parser.fields:
            if not named and attributes.get("id") not in parser.label_targets:
                unlabelled.append(f"{path.relative_to(PACKAGE)}:{line} <{tag} {attributes}>")
    assert unlabelled == []


def test_hand_written_date_inputs_are_filled_with_iso_dates():
    wrong = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<input\b[^>]*\btype=[\"']?date\b[^>]*>", text):
            value = re.search(r"\bvalue=\"({{.*?}})\"", tag)
            # A date object is formatted as ISO; a value echoed from the submitted form is
            # already what the browser sent (ISO).
            if (
                value
                and not re.search(r"\|date:['\"]Y-m-d['\"]", value.group(1))
                and not re.match(r"{{\s*(?:form|request\.(?:GET|POST))\.", value.group(1))
            ):
                wrong.append(f"{path.relative_to(PACKAGE)}: {tag}")
    assert wrong == []


def _form_classes():
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wangjian."):
            continue
        for module_name in (f"{config.name}.forms", f"{config.name}.calendar_views"):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name == module_name:
                    continue
                raise
            found += [
                value
                for value in vars(module).values()
                if inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module_name
            ]
            # Forms built per step from data (zones' application steps).
            factory = getattr(module, "step_form_class", None)
            found += [factory(step) for step in getattr(module, "STEP_FIELDS", {})]
    return found


FORM_CLASSES = _form_classes()


def test_the_form_classes_are_found():
    names = {form.__name__ for form in FORM_CLASSES}
    assert {"YearTableForm", "NoticeDeliveryForm", "SessionForm"} <= names
    assert len(FORM_CLASSES) >= 40


@pytest.mark.parametrize(
    "form_class", FORM_CLASSES, ids=lambda form: f"{form.__module__}.{form.__qualname__}"
)
def test_form_fields_are_labelled_and_dates_render_as_iso(form_class):
    try:
        # Some forms set labels or fields in __init__; those needing arguments are checked
        # as declared.
        fields = form_class().fields
    except TypeError:
        fields = form_class.base_fields
    for name, field in fields.items():
        if field.widget.is_hidden:
            continue
        # Without a label Django shows the field's English name ("Held on").
        assert field.label, f"{form_class.__name__}.{name} has no label"
        if isinstance(field, forms.DateField):
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    html = field.widget.render(name, dt.date(2026, 12, 7))
                value = re.search(r'value="([^"]*)"', html).group(1)
                assert ISO_DATE.match(value), (form_class.__name__, name, language, html)
