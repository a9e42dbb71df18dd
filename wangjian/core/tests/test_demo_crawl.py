"""Every demo role walks its pages as a new user would (issue #18): from the home page and its
menu, through every same-site link, GET only. No page may fail, no page linked from the role's
own menu may refuse it, and no page may show machinery: raw catalogue keys, Python values,
placeholders or notes meant for the catalogue's maintainers."""

from django.test import Client

from wangjian.core.demo import load_demo
from wangjian.core.models import User
from wangjian.core.tests.crawl import MACHINE_TOKENS, crawl, read_page

# Pages per role: enough for every menu entry and one record of each kind (one page per URL
# name keeps the walk of a dozen roles within a minute or two).
PAGES_PER_ROLE = 150
PER_KIND = 1


def test_every_demo_role_walks_its_pages_without_errors_refusals_or_machinery(db):
    context = load_demo(size="small")
    usernames = [username for username, *_rest in context.accounts]
    assert {"admin", "regulator", "chief", "platform", "merchant", "consumer"} <= set(usernames)
    problems, visited = [], {}
    for username in usernames:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        report = crawl(client, user, limit=PAGES_PER_ROLE, per_pattern=PER_KIND)
        visited[username] = len(report.visited)
        problems.extend(f"{username}: {problem}" for problem in report.problems)
    # Someone without an account starts from the public home.
    public = Client()
    links, _text = read_page(public.get("/public/").content.decode())
    report = crawl(public, start="/public/", limit=PAGES_PER_ROLE, per_pattern=PER_KIND)
    visited["anonymous"] = len(report.visited)
    problems.extend(f"anonymous: {problem}" for problem in report.problems)
    assert problems == []
    # The public home leads to the complaint form of the demo district and to the lookup.
    assert any(link.startswith("/complaints/public/file/310110") for link in links), links
    assert "/complaints/public/lookup/" in links
    # Each role reached more than its home page: the walk really followed the menu.
    assert all(count > 3 for count in visited.values()), visited


def test_the_crawler_reads_visible_text_only():
    links, text = read_page(
        '<p title="ad-law-2021:57">《广告法》第五十七条</p><script>var x = {"a": True};</script>'
        '<a href="/x/">go</a><code>core.user_created</code>'
    )
    assert links == ["/x/"]
    assert text == "《广告法》第五十七条\ngo"
    assert not any(pattern.search(text) for pattern in MACHINE_TOKENS.values())
    _links, raw = read_page("<td>20 working_days</td><td>ad-law-2021:57</td><td>{'day': 31}</td>")
    found = {name for name, pattern in MACHINE_TOKENS.items() if pattern.search(raw)}
    assert found == {"working_days", "catalogue key", "dict"}
