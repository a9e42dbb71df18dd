"""Reading and checking a platform submission (报送, 电子商务法 第二十八条), row by row.

``read_submission`` turns CSV, XLSX or JSON into numbered rows of canonical columns and raises
``UnreadableSubmission`` when the file as a whole cannot be used (unknown format, broken
encoding, required columns missing). ``validate_rows`` checks every row and reports each
problem with the row, the column, the value and the rule, Chinese first then English. Nothing
here touches the database except the division lookups; committing is ``actions.import_submission``.
"""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from wangjian.core.identifiers import (
    IdentifierPolicy,
    apply_policy,
    check_resident_id,
    check_uscc,
    mask_resident_id,
    normalise_identifier,
)
from wangjian.core.uploads import (
    CONTROL_CHARACTERS,
    FileRefused,
    ImportLimits,
    cell_problem,
    check_file_size,
    csv_rows,
    json_depth,
    keyed_rows,
    xlsx_rows,
)
from wangjian.registry.choices import ExemptionGround, OperatorKind
from wangjian.registry.error_codes import RegistryErrorCode, RegistryRefused


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    required: bool = False


# The fields of domain-rules.md §5: registered sellers give name, USCC, address, contact, shop
# name and URL; unregistered ones give an ID number and an exemption self-declaration instead.
COLUMNS = (
    Column("shop_id", "店铺编号", required=True),
    Column("shop_name", "店铺名称", required=True),
    Column("shop_url", "店铺网址", required=True),
    Column("operator_name", "经营者名称", required=True),
    Column("uscc", "统一社会信用代码"),
    Column("id_number", "身份证号码"),
    Column("exemption", "免于登记声明"),
    Column("address", "实际经营地址", required=True),
    Column("contact", "联系方式", required=True),
    Column("annual_turnover", "年交易额"),
    Column("category", "主营类目"),
    Column("opened_on", "开店日期"),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
HEADER_ALIASES = {column.key: column.key for column in COLUMNS} | {
    column.zh: column.key for column in COLUMNS
}
REQUIRED_HEADERS = tuple(column.key for column in COLUMNS if column.required)
EXEMPTION_BY_TEXT = {ground.value: ground for ground in ExemptionGround} | {
    str(ground.label): ground for ground in ExemptionGround
}
PERIOD_PATTERN = re.compile(r"^(\d{4})H([12])$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
FORMATS = ("csv", "xlsx", "json")
HOUSE_NUMBER = re.compile(r"[0-9０-９]+号$")


class UnreadableSubmission(RegistryRefused, ValueError):
    """The file cannot be read at all; no row of it is committed."""

    default_code = RegistryErrorCode.FILE_UNREADABLE


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    value: str
    rule: str
    message_zh: str
    message_en: str

    @property
    def message(self) -> str:
        return f"{self.message_zh} / {self.message_en}"

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "column_zh": COLUMN_BY_KEY[self.column].zh if self.column in COLUMN_BY_KEY else "",
            "value": self.value,
            "rule": self.rule,
            "message": self.message,
        }


@dataclass
class CleanRow:
    row: int
    shop_id: str
    shop_name: str
    shop_url: str
    operator_name: str
    operator_kind: str
    uscc: str
    id_number: str
    exemption: str
    address: str
    division: object
    contact: str
    annual_turnover: Decimal | None
    category: str
    opened_on: dt.date | None
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def record_data(self) -> dict:
        """What the diff compares: every reported field, the ID number masked."""
        return {
            "shop_name": self.shop_name,
            "shop_url": self.shop_url,
            "operator_name": self.operator_name,
            "operator_kind": self.operator_kind,
            "uscc": self.uscc,
            "id_number": mask_resident_id(self.id_number) if self.id_number else "",
            "exemption": self.exemption,
            "address": self.address,
            "contact": self.contact,
            "annual_turnover": None if self.annual_turnover is None else str(self.annual_turnover),
            "category": self.category,
            "opened_on": None if self.opened_on is None else self.opened_on.isoformat(),
        }


@dataclass
class ReadSubmission:
    file_format: str
    content_hash: str
    rows: list[tuple[int, dict[str, str]]]


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def file_format_of(file_name: str) -> str:
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in FORMATS:
        raise UnreadableSubmission(
            f"文件 {file_name}：不支持的格式，应为 CSV、XLSX 或 JSON /"
            f" file {file_name}: unsupported format, expected CSV, XLSX or JSON"
        )
    return suffix


def _canonical_rows(file_name: str, header: list, records) -> list[tuple[int, dict[str, str]]]:
    rows, missing = keyed_rows(header, records, HEADER_ALIASES, (REQUIRED_HEADERS, COLUMN_BY_KEY))
    if missing:
        names_zh = "、".join(COLUMN_BY_KEY[key].zh for key in missing)
        raise UnreadableSubmission(
            f"文件 {file_name}：缺少必需的列 {names_zh} / file {file_name}: required columns"
            f" missing: {', '.join(missing)}"
        )
    return rows


def _read_csv(file_name: str, content: bytes, limits: ImportLimits):
    reader = csv_rows(file_name, content, limits)
    header = next(reader, None)
    if not header:
        raise UnreadableSubmission(f"文件 {file_name}：没有表头 / file {file_name}: no header row")
    return _canonical_rows(file_name, header, enumerate(reader, start=2))


def _read_xlsx(file_name: str, content: bytes, limits: ImportLimits):
    rows = xlsx_rows(file_name, content, limits)
    header = next(rows, None)
    if not header:
        raise UnreadableSubmission(f"文件 {file_name}：没有表头 / file {file_name}: no header row")
    return _canonical_rows(file_name, list(header), enumerate(rows, start=2))


def _read_json(file_name: str, content: bytes, limits: ImportLimits):
    check_file_size(file_name, content, limits)
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableSubmission(
            f"文件 {file_name}：不是有效的 JSON / file {file_name}: not valid JSON ({error})"
        ) from error
    except RecursionError as error:
        raise UnreadableSubmission(_too_deep(file_name, limits)) from error
    if json_depth(data, limits.max_json_depth) > limits.max_json_depth:
        raise UnreadableSubmission(_too_deep(file_name, limits))
    if isinstance(data, dict):
        data = data.get("shops")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise UnreadableSubmission(
            f"文件 {file_name}：JSON 应为店铺对象数组或含 shops 数组的对象 / file {file_name}: JSON"
            " must be an array of shop objects or an object with a shops array"
        )
    header = list(dict.fromkeys(key for item in data for key in item))
    records = ((number, [item.get(key) for key in header]) for number, item in enumerate(data, 1))
    return _canonical_rows(file_name, header, records)


def _too_deep(file_name: str, limits: ImportLimits) -> str:
    return (
        f"文件 {file_name}：JSON 嵌套超过 {limits.max_json_depth} 层 /"
        f" file {file_name}: JSON nested deeper than {limits.max_json_depth} levels"
    )


def read_submission(
    file_name: str, content: bytes, limits: ImportLimits | None = None
) -> ReadSubmission:
    """Parse the file within ``limits``; raise ``UnreadableSubmission`` when it cannot be read
    at all (a file over a limit included)."""
    limits = limits or ImportLimits()
    file_format = file_format_of(file_name)
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "json": _read_json}[file_format]
    try:
        rows = reader(file_name, content, limits)
    except FileRefused as error:
        raise UnreadableSubmission(str(error)) from error
    return ReadSubmission(file_format, content_hash(content), rows)


def current_period(today: dt.date) -> str:
    return f"{today.year}H{1 if today.month <= 6 else 2}"


def check_period(period: str) -> str:
    if not PERIOD_PATTERN.match(period or ""):
        raise ValueError(
            f"报送期 {period!r} 格式错误，应为 2026H1 或 2026H2 / period {period!r} must look like"
            " 2026H1 or 2026H2"
        )
    return period


# --------------------------------------------------------------------------------------------
# Row checks

RULE_TEXT = {
    "required": ("必填项为空", "required value is empty"),
    "operator_identifier": (
        "须填写统一社会信用代码（已登记）或身份证号码（自然人）",
        "give a USCC (registered operator) or an ID number (natural person)",
    ),
    "url": ("网址应以 http:// 或 https:// 开头", "URL must start with http:// or https://"),
    "exemption": (
        "自然人经营者须声明免于登记情形（自产农副产品、家庭手工业产品、便民劳务、零星小额交易；电子商务法第十条）",
        "a natural person must declare an exemption ground (own farm produce, home handicrafts,"
        " convenience services, small sporadic trading; E-Commerce Law art. 10)",
    ),
    "date": ("日期应为 YYYY-MM-DD 且不晚于报送日", "date must be YYYY-MM-DD and not in the future"),
    "number": ("应为不小于 0 的金额（元）", "must be an amount in yuan, 0 or more"),
    "division": (
        "地址无法对应到行政区划（须含区县或街道名称）",
        "address does not name a known division (district or street)",
    ),
    "duplicate": ("店铺编号在本文件中重复", "shop id appears more than once in this file"),
}


def _problem(row: int, column: str, value: str, rule: str, detail: tuple[str, str] | None = None):
    zh, en = detail or RULE_TEXT[rule]
    # Control characters are shown escaped: a NUL byte cannot be stored, nor printed usefully.
    value = CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", value[:400])
    shown = value if len(value) <= 300 else value[:297] + "..."
    return RowProblem(
        row=row,
        column=column,
        value=shown,
        rule=rule,
        message_zh=f"第{row}行 {COLUMN_BY_KEY[column].zh}：{zh}（值：{shown or '空'}）",
        message_en=f"row {row}, {column}: {en} (value: {shown or 'empty'})",
    )


class DivisionResolver:
    """Address → division with one division index per submission and a cache per address."""

    def __init__(self):
        from wangjian.core.divisions import DivisionIndex

        self.index = DivisionIndex.build()
        self.cache: dict[str, object] = {}

    def __call__(self, address: str):
        # The house number names no division, so addresses that differ only in it share one
        # lookup (a district's shops sit on a few hundred roads).
        key = HOUSE_NUMBER.sub("", address)
        if key not in self.cache:
            from wangjian.core.divisions import division_for_address

            self.cache[key] = division_for_address(key, index=self.index)
        return self.cache[key]


def validate_row(
    number: int, raw: dict[str, str], *, today: dt.date, resolve_division, limits=None
):
    """Return ``(CleanRow | None, problems)``; a row with any problem is not committed."""
    problems: list[RowProblem] = []
    for key, value in raw.items():
        refused = cell_problem(value, limits or ImportLimits())
        if refused is not None:
            problems.append(_problem(number, key, value, refused[0], refused[1:]))
    if problems:
        # A cell that cannot be stored is not checked further (its value is not trusted).
        return None, problems
    for key in REQUIRED_HEADERS:
        if not raw[key]:
            problems.append(_problem(number, key, "", "required"))

    url = raw["shop_url"]
    if url and not URL_PATTERN.match(url):
        problems.append(_problem(number, "shop_url", url, "url"))

    warnings = []
    uscc = normalise_identifier(raw["uscc"]) if raw["uscc"] else ""
    id_number = normalise_identifier(raw["id_number"]) if raw["id_number"] else ""
    exemption = ""
    if uscc:
        operator_kind = OperatorKind.REGISTERED
        check = check_uscc(uscc)
        # Platforms pass on what the register gave them, so a pilot-era code that fails only
        # the mod-31 check is kept, with a flag (domain-rules §1.3 rule 1).
        decision = apply_policy(check, IdentifierPolicy.WARN)
        if not decision.accepted:
            problems.append(
                _problem(number, "uscc", uscc, "uscc", (check.reason_zh, check.reason_en))
            )
        elif decision.warning:
            warnings.append((check.reason_zh, check.reason_en))
    elif id_number:
        operator_kind = OperatorKind.NATURAL_PERSON
        check = check_resident_id(id_number, today=today)
        if not check.valid:
            problems.append(
                _problem(
                    number,
                    "id_number",
                    mask_resident_id(id_number),
                    "resident_id",
                    (check.reason_zh, check.reason_en),
                )
            )
        ground = EXEMPTION_BY_TEXT.get(raw["exemption"])
        if ground is None:
            problems.append(_problem(number, "exemption", raw["exemption"], "exemption"))
        else:
            exemption = ground.value
    else:
        operator_kind = ""
        problems.append(_problem(number, "uscc", "", "operator_identifier"))

    turnover = None
    if raw["annual_turnover"]:
        try:
            turnover = Decimal(raw["annual_turnover"].replace(",", ""))
        except InvalidOperation:
            turnover = None
        if turnover is None or not turnover.is_finite() or turnover < 0:
            problems.append(_problem(number, "annual_turnover", raw["annual_turnover"], "number"))
            turnover = None

    opened_on = None
    if raw["opened_on"]:
        try:
            opened_on = dt.date.fromisoformat(raw["opened_on"])
        except ValueError:
            opened_on = None
        if opened_on is None or opened_on > today:
            problems.append(_problem(number, "opened_on", raw["opened_on"], "date"))
            opened_on = None

    division = None
    if raw["address"]:
        division = resolve_division(raw["address"])
        if division is None:
            problems.append(_problem(number, "address", raw["address"], "division"))

    if problems:
        return None, problems
    return (
        CleanRow(
            row=number,
            shop_id=raw["shop_id"],
            shop_name=raw["shop_name"],
            shop_url=url,
            operator_name=raw["operator_name"],
            operator_kind=operator_kind,
            uscc=uscc,
            id_number=id_number,
            exemption=exemption,
            address=raw["address"],
            division=division,
            contact=raw["contact"],
            annual_turnover=turnover,
            category=raw["category"],
            opened_on=opened_on,
            warnings=warnings,
        ),
        [],
    )


def validate_rows(rows, *, today: dt.date, resolve_division, limits=None):
    """Check every row; a shop id used twice rejects its later rows."""
    clean: list[CleanRow] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for number, raw in rows:
        if raw["shop_id"] and raw["shop_id"] in seen:
            problems.append(_problem(number, "shop_id", raw["shop_id"], "duplicate"))
            continue
        seen.add(raw["shop_id"])
        row, row_problems = validate_row(
            number, raw, today=today, resolve_division=resolve_division, limits=limits
        )
        problems.extend(row_problems)
        if row is not None:
            clean.append(row)
    return clean, problems


def row_hash(data: dict) -> str:
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
