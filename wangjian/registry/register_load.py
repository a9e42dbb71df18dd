"""登记数据导入: keeping the register of market entities current from a registration-register
export, incrementally.

Columns (header in Chinese or the English key; CSV in UTF-8 or GB18030, XLSX first sheet, or a
JSON array of objects / an object with an ``entities`` array):

=================  ======================  ==================================================
key                header                  value
=================  ======================  ==================================================
uscc               统一社会信用代码 (必填)   18 characters, GB 32100 (pilot-era codes whose only
                                           failure is the check character are accepted)
name               名称 (必填)              registered name
former_names       曾用名                   separated by ；or ;
entity_type        主体类型                 企业 / 个体工商户 / 农民专业合作社 / 其他, or a
                                           company form (… 公司, … 企业 → 企业)
legal_representative 法定代表人             法定代表人 / 经营者 / 负责人
registered_address 住所
division_code      区划代码                 6-, 9- or 12-digit 行政区划代码; else from 住所
registration_authority 登记机关
status             登记状态                 存续 (在业/在营/开业) / 注销 / 吊销 / 迁出
status_changed_on  状态日期                 YYYY-MM-DD, required for 注销/吊销/迁出
established_on     成立日期                 YYYY-MM-DD
business_scope     经营范围
registered_capital 注册资本（万元）          number
=================  ======================  ==================================================

A row with any problem is rejected with its row, column, value and rule; the other rows are
applied. An entity not yet registered is created; one whose particulars differ is changed and the
values before and after are kept (``RegisterChange``); 注销、吊销、迁出 are status changes with
their date, never deletions; an entity absent from the file is left alone (exports are
incremental). The same file again changes nothing, and a file whose rows all match the register
only records the load.
"""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.identifiers import check_uscc, normalise_identifier
from wangjian.core.uploads import (
    FileRefused,
    ImportLimits,
    cell_problem,
    check_file_size,
    check_row_count,
    csv_rows,
    import_limits,
    json_depth,
    keyed_rows,
    xlsx_rows,
)
from wangjian.registry.choices import EntityStatus, EntityType, RegisterChangeKind
from wangjian.registry.error_codes import RegistryNotPermitted
from wangjian.registry.models import (
    FormerName,
    MarketEntity,
    RegisterChange,
    RegisterLoad,
    RegisterLoadError,
)
from wangjian.registry.normalise import normalise_name
from wangjian.registry.personal import hash_resident_id

COLUMNS = (
    ("uscc", "统一社会信用代码", True),
    ("name", "名称", True),
    ("former_names", "曾用名", False),
    ("entity_type", "主体类型", False),
    ("legal_representative", "法定代表人", False),
    ("legal_representative_id", "法定代表人证件号码", False),
    ("registered_address", "住所", False),
    ("division_code", "区划代码", False),
    ("registration_authority", "登记机关", False),
    ("status", "登记状态", False),
    ("status_changed_on", "状态日期", False),
    ("established_on", "成立日期", False),
    ("business_scope", "经营范围", False),
    ("registered_capital", "注册资本（万元）", False),
)
ZH = {key: zh for key, zh, _required in COLUMNS}
REQUIRED = tuple(key for key, _zh, required in COLUMNS if required)
HEADER_ALIASES = (
    {key: key for key in ZH}
    | {zh: key for key, zh in ZH.items()}
    | {
        "企业名称": "name",
        "法定代表人/经营者": "legal_representative",
        "经营者": "legal_representative",
        "负责人": "legal_representative",
        "法定代表人身份证号码": "legal_representative_id",
        "经营者身份证号码": "legal_representative_id",
        "注册资本": "registered_capital",
        "状态": "status",
        "经营状态": "status",
        "注销/吊销/迁出日期": "status_changed_on",
        "所在区划代码": "division_code",
    }
)
STATUS_BY_TEXT = {
    "存续": EntityStatus.ACTIVE,
    "在业": EntityStatus.ACTIVE,
    "在营": EntityStatus.ACTIVE,
    "开业": EntityStatus.ACTIVE,
    "active": EntityStatus.ACTIVE,
    "注销": EntityStatus.DEREGISTERED,
    "deregistered": EntityStatus.DEREGISTERED,
    "吊销": EntityStatus.REVOKED,
    "吊销，未注销": EntityStatus.REVOKED,
    "revoked": EntityStatus.REVOKED,
    "迁出": EntityStatus.MOVED_OUT,
    "moved_out": EntityStatus.MOVED_OUT,
}
COMPARED = (
    "name",
    "entity_type",
    "legal_representative",
    "registered_address",
    "division_id",
    "registration_authority",
    "status",
    "status_changed_on",
    "established_on",
    "business_scope",
    "registered_capital",
)
FORMATS = ("csv", "xlsx", "json")
BATCH = 500


class UnreadableRegister(ValueError):
    """The file cannot be read at all; nothing was stored."""


@dataclass
class Problem:
    row: int
    column: str
    value: str
    rule: str
    message: str


@dataclass
class LoadOutcome:
    load: RegisterLoad | None
    already_loaded: bool = False
    problems: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        load = self.load
        if self.already_loaded:
            return (
                f"该文件已于 {load.loaded_at:%Y-%m-%d %H:%M} 导入（#{load.pk}），未作任何更改 / "
                f"this file was loaded before (#{load.pk}); nothing changed"
            )
        return (
            f"读取 {load.rows_read} 行：新增 {load.created}，变更 {load.changed}，状态变更 "
            f"{load.status_changed}，无变化 {load.unchanged}，驳回 {load.rows_rejected} / rows "
            f"read {load.rows_read}: {load.created} new, {load.changed} changed, "
            f"{load.status_changed} status changes, {load.unchanged} unchanged, "
            f"{load.rows_rejected} rejected"
        )


# --------------------------------------------------------------------------------------------
# Reading


def _rows(file_name: str, header, records) -> list[tuple[int, dict]]:
    rows, missing = keyed_rows(header, records, HEADER_ALIASES, (REQUIRED, ZH))
    if missing:
        raise UnreadableRegister(
            f"文件 {file_name}：缺少必需的列 {'、'.join(ZH[key] for key in missing)} / file "
            f"{file_name}: required columns missing: {', '.join(missing)}"
        )
    return rows


def read_register(
    file_name: str, content: bytes, limits: ImportLimits | None = None
) -> tuple[str, list[tuple[int, dict]]]:
    """Return ``(format, rows)``; raise ``UnreadableRegister`` when the file cannot be read,
    one over the import limits included (the same readers and limits as 报送 and 12315: an XLSX
    archive is checked before it is decompressed, rows, columns and cells are counted while
    reading, JSON nesting is bounded)."""
    limits = limits or import_limits()
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in FORMATS:
        raise UnreadableRegister(
            f"文件 {file_name}：不支持的格式，应为 CSV、XLSX 或 JSON / file {file_name}: "
            "unsupported format, expected CSV, XLSX or JSON"
        )
    try:
        if suffix == "json":
            return suffix, _read_json(file_name, content, limits)
        reader = (
            csv_rows(file_name, content, limits)
            if suffix == "csv"
            else xlsx_rows(file_name, content, limits)
        )
        header = next(reader, None)
        if not header:
            raise UnreadableRegister(f"文件 {file_name}：没有表头 / file {file_name}: no header")
        return suffix, _rows(file_name, list(header), enumerate(reader, start=2))
    except FileRefused as error:
        raise UnreadableRegister(str(error)) from error


def _read_json(file_name: str, content: bytes, limits: ImportLimits) -> list[tuple[int, dict]]:
    check_file_size(file_name, content, limits)
    too_deep = (
        f"文件 {file_name}：JSON 嵌套超过 {limits.max_json_depth} 层 / file {file_name}: JSON "
        f"nested deeper than {limits.max_json_depth} levels"
    )
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableRegister(
            f"文件 {file_name}：不是有效的 JSON / file {file_name}: not valid JSON ({error})"
        ) from error
    except RecursionError as error:
        raise UnreadableRegister(too_deep) from error
    if json_depth(data, limits.max_json_depth) > limits.max_json_depth:
        raise UnreadableRegister(too_deep)
    if isinstance(data, dict):
        data = data.get("entities")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise UnreadableRegister(
            f"文件 {file_name}：JSON 应为主体对象数组或含 entities 数组的对象 / file {file_name}: "
            "JSON must be an array of entity objects or an object with an entities array"
        )
    check_row_count(file_name, len(data) + 1, limits)  # the header counts as row 1
    header = list(dict.fromkeys(key for item in data for key in item))
    records = ((number, [item.get(key) for key in header]) for number, item in enumerate(data, 1))
    return _rows(file_name, header, records)


# --------------------------------------------------------------------------------------------
# Checking rows


def _entity_type(text: str) -> str | None:
    if not text:
        return EntityType.ENTERPRISE
    for choice in EntityType:
        if text in (choice.value, str(choice.label)):
            return choice.value
    if "个体" in text:
        return EntityType.INDIVIDUAL_BUSINESS
    if "合作社" in text:
        return EntityType.FARMER_COOPERATIVE
    if "公司" in text or "企业" in text:
        return EntityType.ENTERPRISE
    return None


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text.replace("/", "-")) if text else None


class _Checker:
    def __init__(self):
        from wangjian.core.models import Division
        from wangjian.registry.submissions import DivisionResolver

        self.divisions = Division.objects
        self.resolver = None
        self._resolver_class = DivisionResolver

    def division(self, code: str, address: str):
        from wangjian.core.divisions import DivisionCodeError

        if code:
            try:
                return self.divisions.by_code(code)
            except (DivisionCodeError, self.divisions.model.DoesNotExist):
                raise LookupError(code) from None
        if not address:
            return None
        if self.resolver is None:
            self.resolver = self._resolver_class()
        return self.resolver(address)


def _problem(row: int, column: str, value: str, rule: str, zh: str, en: str) -> Problem:
    return Problem(
        row,
        column,
        value[:300],
        rule,
        f"第{row}行 {ZH[column]}：{zh}（值：{value or '空'}）/ row {row}, {column}: {en} "
        f"(value: {value or 'empty'})",
    )


def check_row(number: int, raw: dict, checker: _Checker) -> tuple[dict | None, list[Problem]]:
    """Return the entity values of a row, or None and its problems."""
    problems = []
    limits = import_limits()
    for key, value in raw.items():
        refused = cell_problem(value, limits)
        if refused:
            # The value is not echoed: it may be 100,000 characters or carry a NUL byte.
            problems.append(_problem(number, key, "", *refused))
    if problems:
        return None, problems
    for key in REQUIRED:
        if not raw[key]:
            problems.append(_problem(number, key, "", "required", "必填项为空", "required"))
    code = normalise_identifier(raw["uscc"])
    if code:
        result = check_uscc(code)
        if not result.valid and result.failed_checks != ("uscc_check_character",):
            problems.append(
                _problem(number, "uscc", raw["uscc"], "uscc", result.reason, "invalid USCC")
            )
    entity_type = _entity_type(raw["entity_type"])
    if entity_type is None:
        problems.append(
            _problem(
                number,
                "entity_type",
                raw["entity_type"],
                "entity_type",
                "无法识别的主体类型",
                "unknown entity type",
            )
        )
    status = STATUS_BY_TEXT.get(raw["status"] or "存续")
    if status is None:
        problems.append(
            _problem(
                number,
                "status",
                raw["status"],
                "status",
                "应为 存续、注销、吊销 或 迁出",
                "must be 存续, 注销, 吊销 or 迁出",
            )
        )
    dates = {}
    for key in ("established_on", "status_changed_on"):
        try:
            dates[key] = _date(raw[key])
        except ValueError:
            problems.append(
                _problem(number, key, raw[key], "date", "日期格式应为 YYYY-MM-DD", "not a date")
            )
    if status not in (None, EntityStatus.ACTIVE) and not raw["status_changed_on"]:
        problems.append(
            _problem(
                number,
                "status_changed_on",
                "",
                "status_date",
                "注销、吊销、迁出须填写状态日期",
                "a closure needs its date",
            )
        )
    capital = None
    if raw["registered_capital"]:
        try:
            capital = Decimal(raw["registered_capital"].replace(",", "")).quantize(Decimal("0.01"))
            if capital < 0 or capital >= Decimal("1e12"):
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                _problem(
                    number,
                    "registered_capital",
                    raw["registered_capital"],
                    "number",
                    "应为非负数（万元）",
                    "must be a non-negative number (10,000 yuan)",
                )
            )
    try:
        division = checker.division(raw["division_code"], raw["registered_address"])
    except LookupError:
        division = None
        problems.append(
            _problem(
                number,
                "division_code",
                raw["division_code"],
                "division",
                "未知的行政区划代码",
                "unknown division code",
            )
        )
    if problems:
        return None, problems
    return {
        "uscc": code,
        "name": raw["name"],
        "entity_type": entity_type,
        "legal_representative": raw["legal_representative"],
        # Kept only as a keyed hash; a file without the column leaves the stored one alone.
        "legal_representative_id_hash": (
            hash_resident_id(raw["legal_representative_id"])
            if raw["legal_representative_id"]
            else None
        ),
        "registered_address": raw["registered_address"],
        "division_id": division.pk if division else None,
        "registration_authority": raw["registration_authority"],
        "status": str(status),
        "status_changed_on": dates["status_changed_on"],
        "established_on": dates["established_on"],
        "business_scope": raw["business_scope"],
        "registered_capital": capital,
        "former_names": [
            name.strip() for name in re.split(r"[;；]", raw["former_names"]) if name.strip()
        ],
    }, []


# --------------------------------------------------------------------------------------------
# Applying


def _shown(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def load_register_file(*, actor, file_name: str, content: bytes, progress=None) -> LoadOutcome:
    """Apply a register export: create, change or close entities row by row; audited.

    The same file again returns the earlier load and writes nothing. ``progress`` (a job's
    ``JobProgress``) is told how many rows were checked. Raise ``UnreadableRegister`` (nothing
    stored) when the file cannot be read and ``PermissionDenied`` when ``actor`` may not
    maintain the register.
    """
    from wangjian.registry.actions import entity_search_text

    if actor is not None and not actor.has_capability("registry.manage_register"):
        raise RegistryNotPermitted("无此权限 / not permitted")
    digest = hashlib.sha256(content).hexdigest()
    earlier = RegisterLoad.objects.filter(content_hash=digest).first()
    if earlier is not None:
        return LoadOutcome(earlier, already_loaded=True)
    file_format, rows = read_register(file_name, content)
    checker = _Checker()
    clean, problems, seen = [], [], {}
    if progress is not None:
        progress.set_total(len(rows))
    for position, (number, raw) in enumerate(rows, start=1):
        if progress is not None:
            progress.advance(position, "正在检查 / checking rows")
        values, row_problems = check_row(number, raw, checker)
        if values is not None and values["uscc"] in seen:
            row_problems = [
                _problem(
                    number,
                    "uscc",
                    values["uscc"],
                    "duplicate",
                    f"与第{seen[values['uscc']]}行重复",
                    f"repeats row {seen[values['uscc']]}",
                )
            ]
            values = None
        if values is None:
            problems.extend(row_problems)
        else:
            seen[values["uscc"]] = number
            clean.append(values)
    rejected = len({problem.row for problem in problems})
    if progress is not None:
        progress.advance(len(rows), "正在写入 / applying", force=True)
    with transaction.atomic():
        load = RegisterLoad.objects.create(
            file_name=file_name[-255:],
            file_format=file_format,
            content_hash=digest,
            division=getattr(actor, "jurisdiction", None) if actor is not None else None,
            loaded_by=actor if actor is not None and actor.is_authenticated else None,
            rows_read=len(rows),
            rows_rejected=rejected,
        )
        RegisterLoadError.objects.bulk_create(
            [
                RegisterLoadError(
                    load=load,
                    row=p.row,
                    column=p.column,
                    value=p.value,
                    rule=p.rule,
                    message=p.message,
                )
                for p in problems
            ],
            batch_size=BATCH,
        )
        counts = {"created": 0, "changed": 0, "status_changed": 0, "unchanged": 0}
        existing = {}
        codes = [values["uscc"] for values in clean]
        for start in range(0, len(codes), BATCH):
            for entity in MarketEntity.objects.select_for_update().filter(
                uscc__in=codes[start : start + BATCH]
            ):
                existing[entity.uscc] = entity
        former = {}
        for entity_id, name in FormerName.objects.filter(
            entity__in=list(existing.values())
        ).values_list("entity_id", "name"):
            former.setdefault(entity_id, set()).add(name)
        for values in clean:
            former_names = values.pop("former_names")
            entity = existing.get(values["uscc"])
            if entity is None:
                _create(load, actor, values, former_names, entity_search_text)
                counts["created"] += 1
                continue
            kind = _update(load, actor, entity, values, former_names, former, entity_search_text)
            counts[kind] += 1
        for name, value in counts.items():
            setattr(load, name, value)
        load.save(update_fields=list(counts))
        record_event(
            actor=actor,
            event_type="registry.register_file_loaded",
            target=load,
            division=load.division,
            after={
                "file": load.file_name,
                "sha256": digest,
                "rows_read": len(rows),
                "rejected": rejected,
            }
            | counts,
        )
    return LoadOutcome(load, problems=problems)


def _create(load, actor, values, former_names, search_text_of) -> MarketEntity:
    values = {
        **values,
        "legal_representative_id_hash": values["legal_representative_id_hash"] or "",
    }
    entity = MarketEntity(**values, normalised_name=normalise_name(values["name"]))
    entity.search_text = search_text_of(entity, former_names, [])
    entity.save()
    FormerName.objects.bulk_create(
        [FormerName(entity=entity, name=name) for name in dict.fromkeys(former_names)]
    )
    RegisterChange.objects.create(
        load=load,
        entity=entity,
        kind=RegisterChangeKind.CREATED,
        after={
            key: _shown(value)
            for key, value in values.items()
            if key != "legal_representative_id_hash"
        }
        | {"former_names": former_names},
        changed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    return entity


def _update(load, actor, entity, values, former_names, former, search_text_of) -> str:
    before, after = {}, {}
    for key in COMPARED:
        if key == "status_changed_on" and values["status"] == EntityStatus.ACTIVE:
            continue
        old, new = getattr(entity, key), values[key]
        if _shown(old) != _shown(new):
            before[key], after[key] = _shown(old), _shown(new)
    known = former.get(entity.pk, set())
    new_former = [name for name in dict.fromkeys(former_names) if name not in known]
    if "name" in before and before["name"] not in known and before["name"] not in new_former:
        new_former.append(before["name"])
    # The representative's ID hash is matched on, never shown: it is kept current without
    # appearing among the changes a reader sees.
    id_hash = values["legal_representative_id_hash"]
    if id_hash is not None and id_hash != entity.legal_representative_id_hash:
        entity.legal_representative_id_hash = id_hash
        if not before and not new_former:
            entity.save(update_fields=["legal_representative_id_hash"])
    if not before and not new_former:
        return "unchanged"
    for key in after:
        setattr(entity, key, values[key])
    FormerName.objects.bulk_create(
        [
            FormerName(entity=entity, name=name, changed_on=load.loaded_at.date())
            for name in new_former
        ]
    )
    if new_former:
        before["former_names"] = sorted(known)
        after["former_names"] = sorted(known | set(new_former))
    entity.normalised_name = normalise_name(entity.name)
    entity.search_text = search_text_of(
        entity, sorted(known | set(new_former)), list(entity.shops.all())
    )
    entity.save()
    kind = RegisterChangeKind.STATUS if "status" in after else RegisterChangeKind.CHANGED
    RegisterChange.objects.create(
        load=load,
        entity=entity,
        kind=kind,
        before=before,
        after=after,
        changed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    return "status_changed" if kind == RegisterChangeKind.STATUS else "changed"


# --------------------------------------------------------------------------------------------
# Large files as jobs

# Files above this size are loaded by the worker rather than inside the request.
BACKGROUND_LOAD_BYTES = 256 * 1024


def store_register_upload(content: bytes, file_name: str):
    from pathlib import Path

    from django.conf import settings

    directory = Path(settings.MEDIA_ROOT) / "registry" / "register"
    directory.mkdir(parents=True, exist_ok=True)
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else "bin"
    path = directory / f"{hashlib.sha256(content).hexdigest()}.{suffix}"
    path.write_bytes(content)
    return path


def start_register_load(*, actor, file_name: str, content: bytes):
    """Store a large upload and load it as a job; return the job.

    Raise ``UnreadableRegister`` for an unsupported format (checked before storing).
    """
    from wangjian.core.actions.jobs import start_job

    if file_name.rsplit(".", 1)[-1].lower() not in FORMATS:
        raise UnreadableRegister(
            f"文件 {file_name}：不支持的格式，应为 CSV、XLSX 或 JSON / file {file_name}: "
            "unsupported format, expected CSV, XLSX or JSON"
        )
    path = store_register_upload(content, file_name)
    return start_job(
        actor=actor,
        kind="registry.load_register",
        title=f"导入登记数据 {file_name}",
        parameters={"path": str(path), "file_name": file_name},
    )


def _register_job_runner() -> None:
    from wangjian.core.jobs import job_runner

    @job_runner("registry.load_register", capability="registry.manage_register")
    def load_register_job(job, progress) -> dict:
        from pathlib import Path

        parameters = job.parameters
        outcome = load_register_file(
            actor=job.created_by,
            file_name=parameters["file_name"],
            content=Path(parameters["path"]).read_bytes(),
            progress=progress,
        )
        load = outcome.load
        return {
            "register_load": load.pk,
            "already_loaded": outcome.already_loaded,
            "rows_read": load.rows_read,
            "rows_rejected": load.rows_rejected,
            "created": load.created,
            "changed": load.changed,
            "status_changed": load.status_changed,
            "unchanged": load.unchanged,
        }


_register_job_runner()
