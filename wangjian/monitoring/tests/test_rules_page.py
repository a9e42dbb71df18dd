"""The rules page: every rule of the default pack with its legal texts, open to every signed-in
role, and each rule's examples run live through the engine."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from wangjian.core.legal_catalogue import LegalBasisNotFound, cite, get_article, in_words
from wangjian.monitoring.actions import engine
from wangjian.monitoring.engine.rules import load_rule_pack

pytestmark = pytest.mark.django_db

PACK = load_rule_pack(None)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class ExampleRows(HTMLParser):
    """The data attributes of the rule page's example rows."""

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr" and attributes.get("data-testid") == "example":
            self.rows.append(attributes)


def example_rows(html: str) -> list[dict]:
    parser = ExampleRows()
    parser.feed(html)
    return parser.rows


def test_the_rules_page_lists_every_rule_for_every_role(legal, regulator, merchant, consumer):
    anonymous = Client().get("/monitoring/rules/")
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    for user in (regulator, merchant, consumer):
        response = client_for(user).get("/monitoring/rules/")
        assert response.status_code == 200
        html = response.content.decode()
        for rule in PACK.rules:
            assert f'data-testid="rule-{rule.id}"' in html
            assert f'href="/monitoring/rules/{rule.id}/"' in html
        assert PACK.label in html
    families = [family for family, _label, _views in response.context["groups"]]
    assert families == list(dict.fromkeys(rule.family for rule in PACK.rules))
    assert sum(len(views) for _f, _l, views in response.context["groups"]) == len(PACK.rules)
    assert cite("ad-law-2021:9.3") in html
    assert get_article("ad-law-2021:9.3").text in html


def test_a_basis_missing_from_the_catalogue_is_named_in_words_with_its_key_in_a_tooltip(regulator):
    # The catalogue is not loaded in this test: no key is shown as the citation itself.
    html = client_for(regulator).get("/monitoring/rules/").content.decode()
    keys = {key for rule in PACK.rules for key in rule.legal_basis}
    for key in keys:
        assert f'<li data-testid="legal-{key}"><strong title="{key}">{key}</strong>' not in html
        assert f'<li data-testid="legal-{key}"><strong title="{key}">' in html
    assert html.count("（法律依据目录中暂无该条全文）") == sum(
        len(rule.legal_basis) for rule in PACK.rules
    )
    assert "{term}" not in html


@pytest.mark.parametrize("rule", PACK.rules, ids=[rule.id for rule in PACK.rules])
def test_the_rule_page_shows_the_engines_live_result_for_each_example(legal, merchant, rule):
    response = client_for(merchant).get(f"/monitoring/rules/{rule.id}/")
    assert response.status_code == 200
    html = response.content.decode()
    for key in rule.legal_basis:
        assert shown_basis(key) in html
    rows = example_rows(html)
    expected = [("must_fire", example) for example in rule.must_fire] + [
        ("must_not_fire", example) for example in rule.must_not_fire
    ]
    assert [row["data-kind"] for row in rows] == [kind for kind, _example in expected]
    for row, (kind, example) in zip(rows, expected, strict=True):
        shown = [verdict for verdict in row["data-found-verdicts"].split(",") if verdict]
        if kind == "must_fire":
            assert row["data-expected-verdict"] == example.verdict
            assert example.verdict in shown, (example.text, shown)
        else:
            assert set(shown) <= {"exempt"}, (example.text, shown)
        assert row["data-passed"] == "true"
    # What the page shows is what the engine finds now, not a copy of the expectation.
    for run in response.context["runs"]:
        found = [f.verdict for f in engine().scan(_record(rule, run)) if f.rule == rule.id]
        assert run.found_verdicts == found


def _record(rule, run):
    from wangjian.monitoring.engine.records import parse_record

    raw = {
        "id": "check",
        "text": run.example.text,
        "source_type": run.source_type,
        "category": run.example.category or "",
        **run.example.fields,
    }
    return parse_record(raw, 1, PACK.category_aliases)


def shown_basis(key: str) -> str:
    """The citation for a catalogued article, else the article in words with a note."""
    try:
        return cite(key)
    except LegalBasisNotFound:
        note = '<span class="muted">（法律依据目录中暂无该条全文）</span>'
        return f'<strong title="{key}">{in_words(key)}</strong> {note}'


def test_an_unknown_rule_is_not_found(regulator):
    assert client_for(regulator).get("/monitoring/rules/XX-999/").status_code == 404
