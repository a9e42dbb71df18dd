"""``wangjian monitoring feed|upload|scan-registry|export-dismissals``: the platform side of
以网管网 from the command line, through the same actions as the API and the pages.

``wangjian scan`` (the engine alone, no database) is a separate command in ``scan.py``.
"""

import hashlib
import json
import sys
from pathlib import Path


class CommandRefused(Exception):
    """A refusal to print (bilingual) and exit with status 2."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "monitoring", help="以网管网：报送、上传扫描、店铺首页扫描 / online monitoring"
    )
    commands = parser.add_subparsers(dest="monitoring_command", metavar="SUBCOMMAND", required=True)

    feed = commands.add_parser(
        "feed",
        help="以报送批次扫描 JSONL 或 JSON 数组中的记录 / post records as feed batches",
        description=(
            "每批最多 5000 条；更多记录按顺序分批报送，批次号为 ID-1、ID-2 … / at most 5000 "
            "records per batch; more are posted as consecutive batches ID-1, ID-2 …"
        ),
    )
    feed.add_argument("file", type=Path, metavar="FILE")
    feed.add_argument("--user", required=True, help="报送人用户名 / posting user")
    feed.add_argument("--platform", metavar="NAME", help="平台名称 / platform name")
    feed.add_argument("--batch-id", metavar="ID", help="批次号（默认按文件生成）/ batch id")
    feed.set_defaults(handler=feed_command)

    upload = commands.add_parser(
        "upload", help="上传 JSONL/CSV/Parquet 文件排队扫描 / queue a scan of a file"
    )
    upload.add_argument("file", type=Path, metavar="FILE")
    upload.add_argument("--user", required=True, help="监管人员用户名 / regulator")
    upload.add_argument("--platform", metavar="NAME", help="平台名称 / platform name")
    upload.add_argument(
        "--run", action="store_true", help="在本进程中立即执行扫描任务 / run the job here"
    )
    upload.set_defaults(handler=upload_command)

    registry = commands.add_parser(
        "scan-registry",
        help="扫描辖区登记店铺的首页（亮照亮证等）/ scan the registered shops' home pages",
    )
    registry.add_argument("--user", required=True, help="监管人员用户名 / regulator")
    registry.add_argument("--platform", metavar="NAME", help="只扫描该平台 / this platform only")
    registry.add_argument(
        "--run", action="store_true", help="在本进程中立即执行扫描任务 / run the job here"
    )
    registry.set_defaults(handler=scan_registry_command)

    export = commands.add_parser(
        "export-dismissals",
        help="导出已排除的监测发现及理由（CSV/XLSX）/ export dismissed findings with reasons",
    )
    export.add_argument("--user", required=True, help="监管人员用户名 / regulator")
    export.add_argument("--out", required=True, type=Path, metavar="FILE.csv|FILE.xlsx")
    export.set_defaults(handler=export_dismissals_command)

    dates = commands.add_parser(
        "date-clues",
        help="为录入工作日年度表前登记的线索补算核查期限 / date clues left without a deadline",
    )
    dates.set_defaults(handler=date_clues_command)

    from . import train

    train.register(commands)


def _refusing(command):
    """Run ``command``; print a refusal or a MonitoringError to stderr and return 2."""

    def run(args) -> int:
        from wangjian.monitoring.actions import MonitoringError

        try:
            return command(args)
        except MonitoringError as error:
            print(error.in_both_languages, file=sys.stderr)
            return 2
        except CommandRefused as error:
            print(error, file=sys.stderr)
            return 2

    return run


def _user(username: str):
    from wangjian.core.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandRefused(f"用户不存在：{username} / no such user: {username}")
    return user


def _platform(user, name: str | None):
    if not name:
        return None
    from wangjian.registry.models import Platform

    platform = Platform.objects.visible_to(user).select_related("division").filter(name=name)
    found = platform.first()
    if found is None:
        raise CommandRefused(
            f"平台 {name} 不存在或不在本辖区 / platform {name} not found in your jurisdiction"
        )
    return found


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandRefused(
            f"无法读取文件 {path}：{error.strerror} / cannot read {path}: {error.strerror}"
        ) from error


def _records(path: Path, content: bytes) -> list:
    """The file's records: a JSON array, or one JSON object per line (JSONL).

    A JSONL line that is not JSON is passed on as text, so the scan reports it as malformed
    at its position like any other bad record."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandRefused(
            f"文件 {path} 不是 UTF-8 编码 / file {path} is not UTF-8 encoded"
        ) from error
    if text.lstrip().startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandRefused(
                f"文件 {path} 第 {error.lineno} 行：JSON 格式错误 / file {path} line "
                f"{error.lineno}: invalid JSON ({error.msg})"
            ) from error
        return records
    records = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            records.append(line)
    return records


def _print_batch(batch, already: bool = False) -> None:
    counts = (
        batch.records,
        batch.malformed,
        batch.findings,
        batch.new_findings,
        batch.routed_elsewhere,
    )
    note = "（此前已收到）" if already else ""
    note_en = " (received before)" if already else ""
    print(
        "批次 #{}{}：{}，记录 {} 条，格式错误 {} 条，发现 {} 条（新增 {}，转其他辖区 {}）".format(
            batch.pk, note, batch.get_state_display(), *counts
        )
        + " / batch #{}{}: {}, {} records, {} malformed, {} findings ({} new, {} routed "
        "elsewhere)".format(batch.pk, note_en, batch.state, *counts)
    )
    for error in batch.errors:
        print(f"{error['line']}\t{error['field']}\t{error['message']}")
    if batch.failure:
        print(f"失败原因 / failure: {batch.failure}")


@_refusing
def feed_command(args) -> int:
    from wangjian.monitoring.actions import MAX_FEED_RECORDS, receive_feed

    user = _user(args.user)
    platform = _platform(user, args.platform)
    content = _read(args.file)
    records = _records(args.file, content)
    if not isinstance(records, list) or not records:
        raise CommandRefused(f"文件 {args.file} 中没有记录 / no records in {args.file}")
    batch_id = args.batch_id or f"{args.file.stem}-{hashlib.sha256(content).hexdigest()[:12]}"
    chunks = [
        records[start : start + MAX_FEED_RECORDS]
        for start in range(0, len(records), MAX_FEED_RECORDS)
    ]
    for number, chunk in enumerate(chunks, start=1):
        external_id = batch_id if len(chunks) == 1 else f"{batch_id}-{number}"
        received = receive_feed(
            actor=user, platform=platform, external_id=external_id, records=chunk
        )
        batch = received.batch
        print(f"{external_id}:", end=" ")
        _print_batch(batch, received.already_received)
        print(
            json.dumps(
                {
                    "batch_id": external_id,
                    "batch": batch.pk,
                    "already_received": received.already_received,
                    "records": batch.records,
                    "malformed": batch.malformed,
                    "findings": batch.findings,
                    "new_findings": batch.new_findings,
                    "routed_elsewhere": batch.routed_elsewhere,
                    "rule_pack": batch.rule_pack,
                },
                ensure_ascii=False,
            )
        )
    return 0


def _run(batch) -> None:
    from wangjian.core.jobs import run_job

    if batch.job_id is not None:
        run_job(batch.job_id)
    batch.refresh_from_db()


@_refusing
def upload_command(args) -> int:
    from wangjian.monitoring.actions import submit_upload

    user = _user(args.user)
    platform = _platform(user, args.platform)
    content = _read(args.file)
    received = submit_upload(
        actor=user, file_name=args.file.name, content=content, platform=platform
    )
    batch = received.batch
    if args.run:
        _run(batch)
    elif batch.state == "queued":
        print(
            f"批次 #{batch.pk} 已排队，由后台任务扫描（任务 #{batch.job_id}）/ batch #{batch.pk} "
            f"queued for the worker (job #{batch.job_id})"
        )
        return 0
    _print_batch(batch, received.already_received)
    return 0 if batch.state == "done" else 1


@_refusing
def scan_registry_command(args) -> int:
    from wangjian.monitoring.actions import start_registry_scan

    user = _user(args.user)
    platform = _platform(user, args.platform)
    batch = start_registry_scan(actor=user, platform=platform)
    if args.run:
        _run(batch)
    elif batch.state == "queued":
        print(
            f"批次 #{batch.pk} 已排队，由后台任务扫描（任务 #{batch.job_id}）/ batch #{batch.pk} "
            f"queued for the worker (job #{batch.job_id})"
        )
        return 0
    _print_batch(batch)
    return 0 if batch.state == "done" else 1


@_refusing
def export_dismissals_command(args) -> int:
    from wangjian.monitoring.exports import dismissals_csv, dismissals_xlsx
    from wangjian.monitoring.models import Finding

    user = _user(args.user)
    if not user.has_capability("monitoring.export_dismissals"):
        raise CommandRefused(
            f"用户 {user.username} 无权导出排除记录 / user {user.username} may not export "
            "dismissals"
        )
    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CommandRefused(
            f"输出文件 {args.out} 须为 .csv 或 .xlsx / output {args.out} must be .csv or .xlsx"
        )
    findings = Finding.objects.visible_to(user)
    count = findings.filter(state="dismissed").count()
    try:
        if suffix == ".csv":
            args.out.write_text(dismissals_csv(findings), encoding="utf-8")
        else:
            args.out.write_bytes(dismissals_xlsx(findings))
    except OSError as error:
        raise CommandRefused(
            f"无法写入 {args.out}：{error.strerror} / cannot write {args.out}: {error.strerror}"
        ) from error
    print(f"已导出 {count} 条排除记录到 {args.out} / exported {count} dismissals to {args.out}")
    return 0


def date_clues_command(args) -> int:
    from wangjian.monitoring.actions import date_pending_clues

    count = date_pending_clues(actor=None)
    print(f"补算核查期限 {count} 条线索 / dated {count} clues")
    return 0
