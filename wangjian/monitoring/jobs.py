"""Scan jobs: an uploaded file, or the home pages of the registry's shops, scanned by the worker."""

import html.parser
import re
from pathlib import Path

from wangjian.core.jobs import JobProgress, job_releaser, job_runner
from wangjian.core.models import Job
from wangjian.core.netpolicy import FetchPolicy, FetchRefused, fetch, policy_from_settings

USER_AGENT = "wangjian-monitor/1.0 (online trading monitoring)"  # headers are latin-1


class _VisibleText(html.parser.HTMLParser):
    """The text a visitor reads: no scripts, styles or markup; block elements end a line."""

    SKIPPED = {"script", "style", "noscript", "template", "head"}
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "footer"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in joined.split("\n"))
        return "\n".join(line for line in lines if line)


def page_text(body: bytes, charset: str | None) -> str:
    """Visible text of an HTML page (a page that is not HTML is read as plain text)."""
    text = body.decode(charset or "utf-8", errors="replace")
    if "<" not in text:
        return text.strip()
    parser = _VisibleText()
    parser.feed(text)
    parser.close()
    return parser.text()


def fetch_page(url: str, policy: FetchPolicy | None = None) -> tuple[str | None, str]:
    """``(text, "")`` for a fetched page, ``(None, reason)`` when it cannot be fetched.

    The fetch follows the outbound policy (``wangjian.core.netpolicy``): a shop URL pointing at
    this host, the intranet or a metadata service is refused, at every redirect.
    """
    try:
        result = fetch(url, policy or policy_from_settings(), user_agent=USER_AGENT)
    except FetchRefused as error:
        return None, str(error)
    if result.status >= 400:
        return None, result.reason or str(result.status)
    return page_text(result.body, result.charset), ""


@job_runner("monitoring.scan_batch", capability="monitoring.scan")
def scan_batch_job(job: Job, progress: JobProgress) -> dict:
    from wangjian.monitoring.actions import fail_batch, scan_uploaded_batch
    from wangjian.monitoring.models import ScanBatch

    batch = ScanBatch.objects.select_related("division", "platform").get(pk=job.parameters["batch"])
    progress.advance(0, "正在扫描 / scanning", force=True)
    try:
        batch = scan_uploaded_batch(
            actor=job.created_by, batch=batch, path=Path(job.parameters["path"])
        )
    except Exception as error:
        fail_batch(actor=job.created_by, batch=batch, reason=str(error))
        raise
    return _result(batch)


@job_runner("monitoring.scan_registry", capability="monitoring.scan")
def scan_registry_job(job: Job, progress: JobProgress) -> dict:
    from wangjian.monitoring.actions import fail_batch, scan_registry_batch
    from wangjian.monitoring.models import ScanBatch
    from wangjian.registry.models import OnlineShop

    batch = ScanBatch.objects.select_related("division", "platform").get(pk=job.parameters["batch"])
    shops = (
        OnlineShop.objects.select_related("entity", "division", "platform")
        .filter(division__path__startswith=batch.division.path)
        .order_by("platform_id", "shop_id")
    )
    if batch.platform_id:
        shops = shops.filter(platform_id=batch.platform_id)
    shops = list(shops)
    policy = policy_from_settings(division=batch.division)
    progress.set_total(len(shops))
    progress.every = 10

    def pages():
        for done, shop in enumerate(shops, start=1):
            text, error = fetch_page(shop.url, policy)
            progress.advance(done, f"{done}/{len(shops)} {shop.name}")
            yield shop, text, error

    try:
        batch = scan_registry_batch(
            actor=job.created_by,
            batch=batch,
            pages=list(pages()),
            families=job.parameters.get("families"),
        )
    except Exception as error:
        fail_batch(actor=job.created_by, batch=batch, reason=str(error))
        raise
    return _result(batch)


def _result(batch) -> dict:
    return {
        "batch": batch.pk,
        "records": batch.records,
        "malformed": batch.malformed,
        "findings": batch.findings,
        "new_findings": batch.new_findings,
        "routed_elsewhere": batch.routed_elsewhere,
    }


@job_releaser("monitoring.scan_batch")
@job_releaser("monitoring.scan_registry")
def release_scan_batches(job: Job, reason: str) -> None:
    """A scan whose worker died: its unfinished batch fails, so the next scan runs it again."""
    from wangjian.monitoring.actions import fail_batch
    from wangjian.monitoring.choices import BatchState
    from wangjian.monitoring.models import ScanBatch

    unfinished = ScanBatch.objects.select_related("division").filter(
        job=job, state__in=[BatchState.QUEUED, BatchState.RUNNING]
    )
    for batch in unfinished:
        fail_batch(actor=None, batch=batch, reason=reason)
