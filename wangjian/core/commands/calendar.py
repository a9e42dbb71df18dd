"""``wangjian calendar …``: working-day arithmetic and the yearly 放假调休 tables.

Lookups print one plain value per line so scripts can use them; every failure (a bad date, a
year nobody has entered) prints a bilingual message on stderr and exits 1.
"""

import datetime as dt
import json
import sys
from pathlib import Path

DATE_HELP = "日期 YYYY-MM-DD / date YYYY-MM-DD"


class _UsageError(Exception):
    """A command-line value that cannot be used; the message is printed as it is."""


def register(subparsers) -> None:
    """Add the ``calendar`` command and its subcommands."""
    parser = subparsers.add_parser("calendar", help="工作日与期限 / working days and deadlines")
    commands = parser.add_subparsers(dest="calendar_command", metavar="SUBCOMMAND", required=True)

    add = commands.add_parser(
        "add-working-days",
        help="起算日后第 N 个工作日（起算日不计入）/ the N-th working day after a date",
    )
    add.add_argument("start", help=DATE_HELP)
    add.add_argument("n", help="工作日数，可为负 / number of working days, may be negative")
    add.set_defaults(handler=add_working_days_command)

    check = commands.add_parser("is-working-day", help="是否工作日 / is the date a working day")
    check.add_argument("date", help=DATE_HELP)
    check.set_defaults(handler=is_working_day_command)

    between = commands.add_parser(
        "between",
        help="START 之后至 END（含）的工作日数 / working days after START up to and including END",
    )
    between.add_argument("start", help=DATE_HELP)
    between.add_argument("end", help=DATE_HELP)
    between.set_defaults(handler=between_command)

    calendar_days = commands.add_parser(
        "calendar-day-deadline",
        help="按日历日计算的期间届满日（民法典 第二百零一条、第二百零三条）/ end of a calendar-day "
        "period",
    )
    calendar_days.add_argument("start", help=DATE_HELP)
    calendar_days.add_argument("n", help="日数 / number of days")
    calendar_days.set_defaults(handler=calendar_day_deadline_command)

    import_year = commands.add_parser(
        "import-year",
        help="从 YAML/JSON 文件录入一年的放假调休表 / enter a year's table from a file",
        description=(
            "文件字段 / file fields: year, source_document, published_on, days: "
            "[{date, is_working_day, name}]"
        ),
    )
    import_year.add_argument("file", type=Path, help="YAML 或 JSON 文件 / YAML or JSON file")
    import_year.add_argument(
        "--as",
        dest="username",
        required=True,
        metavar="USERNAME",
        help="以该用户身份录入（须有 core.manage_calendar 权限）/ act as this user",
    )
    import_year.set_defaults(handler=import_year_command)

    delete_year = commands.add_parser(
        "delete-year", help="删除一年的放假调休表 / delete a year's table"
    )
    delete_year.add_argument("year", help="年度 / year")
    delete_year.add_argument("--as", dest="username", required=True, metavar="USERNAME")
    delete_year.add_argument("--reason", required=True, help="理由 / reason")
    delete_year.set_defaults(handler=delete_year_command)


def _parse_date(value) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise _UsageError(
            f"日期 {value!r} 格式错误，应为 YYYY-MM-DD / bad date {value!r}: expected YYYY-MM-DD"
        ) from error


def _parse_int(value: str, name_zh: str, name_en: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError as error:
        raise _UsageError(
            f"{name_zh} {value!r} 须为整数 / {name_en} {value!r} must be an integer"
        ) from error


def _user_language() -> str:
    """The language of the terminal (LC_ALL, LC_MESSAGES, LANG): English or Chinese."""
    import os

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh-hans"
    return "zh-hans"


def _run(function, args) -> int:
    """Call ``function(args)`` and turn the expected failures into exit status 1."""
    from django.utils import translation

    with translation.override(_user_language()):
        return _run_in_language(function, args)


def _run_in_language(function, args) -> int:
    from django.core.exceptions import PermissionDenied

    from wangjian.core.actions.calendar import CalendarDataError
    from wangjian.core.working_days import CalendarYearNotCovered

    try:
        return function(args)
    except (_UsageError, CalendarYearNotCovered, CalendarDataError, PermissionDenied) as error:
        # A terminal has no chosen language: a refusal prints in both.
        print(getattr(error, "in_both_languages", error), file=sys.stderr)
        return 1


def _calendar():
    """The calendar for lookups: the package alone while the database has no tables."""
    from wangjian.core.database_state import has_table
    from wangjian.core.models import WorkingDayYear
    from wangjian.core.working_days import WorkingDayCalendar

    return WorkingDayCalendar(use_tables=has_table(WorkingDayYear))


def add_working_days_command(args) -> int:
    """Print the N-th working day after START."""
    from wangjian.core.working_days import add_working_days

    def run(args):
        start = _parse_date(args.start)
        n = _parse_int(args.n, "工作日数", "n")
        print(add_working_days(start, n, calendar=_calendar()).isoformat())
        return 0

    return _run(run, args)


def is_working_day_command(args) -> int:
    """Print whether DATE is a working day; exit 0 either way."""
    from wangjian.core.working_days import is_working_day

    def run(args):
        day = _parse_date(args.date)
        if is_working_day(day, calendar=_calendar()):
            print(f"{day.isoformat()} 工作日 / working day")
        else:
            print(f"{day.isoformat()} 休息日 / rest day")
        return 0

    return _run(run, args)


def between_command(args) -> int:
    """Print the number of working days after START up to and including END."""
    from wangjian.core.working_days import working_days_between

    def run(args):
        start, end = _parse_date(args.start), _parse_date(args.end)
        print(working_days_between(start, end, calendar=_calendar()))
        return 0

    return _run(run, args)


def calendar_day_deadline_command(args) -> int:
    """Print the last day of an N-calendar-day period starting on START."""
    from wangjian.core.working_days import calendar_day_deadline

    def run(args):
        start = _parse_date(args.start)
        n = _parse_int(args.n, "日数", "n")
        if n < 1:
            raise _UsageError(f"日数须为正数 / n must be positive, got {n}")
        print(calendar_day_deadline(start, n, calendar=_calendar()).isoformat())
        return 0

    return _run(run, args)


def _actor(username: str):
    from wangjian.core.models import User

    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as error:
        raise _UsageError(f"用户 {username!r} 不存在 / no user {username!r}") from error


def _read_year_file(path: Path) -> dict:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise _UsageError(f"无法读取 {path}：{error} / cannot read {path}: {error}") from error
    try:
        # YAML 1.1 is a superset of JSON, but parse .json strictly so a JSON file's errors are
        # reported as JSON errors.
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise _UsageError(f"{path} 格式错误：{error} / {path} is malformed: {error}") from error
    if not isinstance(data, dict):
        raise _UsageError(f"{path} 应为一个对象 / {path} must hold a mapping")
    missing = [
        name for name in ("year", "source_document", "published_on", "days") if name not in data
    ]
    if missing:
        raise _UsageError(
            f"{path} 缺少字段 {', '.join(missing)} / {path} lacks {', '.join(missing)}"
        )
    if not isinstance(data["days"], list):
        raise _UsageError(f"{path}: days 应为列表 / days must be a list")
    return data


def _day_tuples(records: list) -> list[tuple]:
    days = []
    for position, record in enumerate(records, start=1):
        if not isinstance(record, dict) or "date" not in record or "is_working_day" not in record:
            raise _UsageError(
                f"days 第 {position} 项须含 date 和 is_working_day / days entry {position} needs "
                "date and is_working_day"
            )
        days.append(
            (_parse_date(record["date"]), record["is_working_day"], record.get("name") or "")
        )
    return days


def import_year_command(args) -> int:
    """Enter a year's table from a file, as the user named by ``--as``."""
    from wangjian.core.actions.calendar import enter_working_day_year

    def run(args):
        actor = _actor(args.username)
        data = _read_year_file(args.file)
        year = data["year"]
        if isinstance(year, str):
            year = _parse_int(year, "年度", "year")
        table = enter_working_day_year(
            actor=actor,
            year=year,
            source_document=str(data["source_document"]),
            published_on=_parse_date(data["published_on"]),
            days=_day_tuples(data["days"]),
        )
        count = table.days.count()
        print(
            f"{table.year} 年工作日年度表已录入：{count} 个例外日 / working-day table for "
            f"{table.year} entered: {count} exception days"
        )
        return 0

    return _run(run, args)


def delete_year_command(args) -> int:
    """Delete a year's table, as the user named by ``--as``."""
    from wangjian.core.actions.calendar import delete_working_day_year

    def run(args):
        actor = _actor(args.username)
        year = _parse_int(args.year, "年度", "year")
        delete_working_day_year(actor=actor, year=year, reason=args.reason)
        print(f"{year} 年工作日年度表已删除 / working-day table for {year} deleted")
        return 0

    return _run(run, args)
