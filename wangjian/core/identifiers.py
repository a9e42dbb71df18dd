"""Validation of 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999).

Pure Python with no Django imports, so importers, Spark jobs and the CLI share one implementation.
The rules and the table of registration authorities are in domain-rules §1. Every check returns an
``IdentifierCheck`` naming the first failed check and what was expected; ``apply_policy`` then
decides whether a failure is fatal for the source of the record (§1.3 rule 1).

Resident ID numbers are sensitive personal information under 《个人信息保护法》 (domain-rules §1.4):
show them only through ``mask_resident_id``. Reasons never repeat the birth date.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

__all__ = [
    "EARLIEST_BIRTH_DATE",
    "LEGAL_BASIS_GB_11643_1999",
    "LEGAL_BASIS_GB_11714_1997",
    "LEGAL_BASIS_GB_32100_2015",
    "PLAUSIBLE_PROVINCE_PREFIXES",
    "REGISTRATION_AUTHORITIES",
    "USCC_CHARSET",
    "FailedCheck",
    "IdentifierCheck",
    "IdentifierDecision",
    "IdentifierKind",
    "IdentifierPolicy",
    "RegistrationAuthority",
    "apply_policy",
    "check_identifier",
    "check_resident_id",
    "check_uscc",
    "is_known_authority_category",
    "mask_resident_id",
    "normalise_identifier",
    "organisation_code_check_character",
    "resident_id_check_character",
    "upgrade_resident_id_15_to_18",
    "uscc_check_character",
]

LEGAL_BASIS_GB_32100_2015 = "gb-32100-2015"
LEGAL_BASIS_GB_11714_1997 = "gb-11714-1997"
LEGAL_BASIS_GB_11643_1999 = "gb-11643-1999"

# 31 characters: I, O, Z, S and V are left out because they are easily mistaken for 1, 0, 2, 5
# and U. A character's value is its index.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_LENGTH = 18
USCC_WEIGHTS = tuple(pow(3, index, 31) for index in range(17))
ORGANISATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

RESIDENT_ID_LENGTH = 18
LEGACY_RESIDENT_ID_LENGTH = 15
RESIDENT_ID_WEIGHTS = tuple(pow(2, 17 - index, 11) for index in range(17))
RESIDENT_ID_CHECK_CHARACTERS = "10X98765432"

# The published example 440524188001010014 (domain-rules §1.4) has the birth date 1880-01-01, so
# a 1900 floor would reject it. Eighteen-digit numbers were issued from 1999 on, to people alive
# then; 1870 leaves room for them and still catches mistyped centuries such as 1099 or 0199.
EARLIEST_BIRTH_DATE = date(1870, 1, 1)

# "Today" for a birth date is today in China: one time zone, no daylight saving.
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "Asia/Shanghai")

# First two digits of the address code (GB/T 2260 province-level codes) that a resident ID can
# carry. 71 is Taiwan as listed in GB/T 2260; 81, 82 and 83 are the prefixes of residence permits
# for residents of Hong Kong, Macao and Taiwan (港澳台居民居住证, 810000/820000/830000). 9x is the
# 2023 外国人永久居留身份证, which starts with 9; whether it uses the same check character is
# UNCONFIRMED (domain-rules §1.4), so any second digit is allowed.
PLAUSIBLE_PROVINCE_PREFIXES = frozenset(
    [
        *("11", "12", "13", "14", "15"),
        *("21", "22", "23"),
        *("31", "32", "33", "34", "35", "36", "37"),
        *("41", "42", "43", "44", "45", "46"),
        *("50", "51", "52", "53", "54"),
        *("61", "62", "63", "64", "65"),
        "71",
        *("81", "82", "83"),
        *(f"9{digit}" for digit in range(10)),
    ]
)

# U+FF01–U+FF5E mirror ASCII 0x21–0x7E; U+3000 is the ideographic space.
_FULL_WIDTH_TO_HALF_WIDTH = {
    code_point: code_point - 0xFEE0 for code_point in range(0xFF01, 0xFF5F)
} | {0x3000: ord(" ")}

_RESIDENT_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


class IdentifierKind(enum.StrEnum):
    """Which identifier scheme a value was checked against."""

    USCC = "uscc"
    RESIDENT_ID = "resident_id"
    # Only from check_identifier, when the value fits neither scheme's length.
    UNKNOWN = "unknown"


class FailedCheck(enum.StrEnum):
    """Stable machine codes for the check that failed; stored with imported records."""

    LENGTH = "length"
    FORMAT = "format"
    AUTHORITY_CATEGORY = "authority_category"
    ORGANISATION_CODE_CHECK = "organisation_code_check"
    USCC_CHECK_CHARACTER = "uscc_check_character"
    ID_ADDRESS_CODE = "id_address_code"
    ID_BIRTH_DATE = "id_birth_date"
    ID_CHECK_CHARACTER = "id_check_character"


class IdentifierPolicy(enum.StrEnum):
    """How a failed check is treated, depending on where the record came from."""

    # Records from authoritative sources (registration systems, platform submissions of licence
    # data): real pilot-era codes fail the mod-31 check and must not be dropped (§1.3 rule 1).
    WARN = "warn"
    # Anything a person types in.
    REJECT = "reject"


@dataclass(frozen=True)
class RegistrationAuthority:
    """A 登记管理部门 (USCC position 1) and the 机构类别 codes (position 2) it may issue."""

    name_zh: str
    name_en: str
    categories: frozenset[str]


def _authority(name_zh: str, name_en: str, categories: str) -> RegistrationAuthority:
    return RegistrationAuthority(name_zh, name_en, frozenset(categories))


# Domain-rules §1.1, from the table of 全国组织机构统一社会信用代码数据服务中心 as republished (2°).
REGISTRATION_AUTHORITIES: dict[str, RegistrationAuthority] = {
    "1": _authority("机构编制", "establishment administration", "1239"),
    "2": _authority("外交", "foreign affairs", "19"),
    "3": _authority("司法行政", "justice administration", "123459"),
    "4": _authority("文化", "culture", "19"),
    "5": _authority("民政", "civil affairs", "1239"),
    "6": _authority("旅游", "tourism", "129"),
    "7": _authority("宗教", "religious affairs", "129"),
    "8": _authority("工会", "trade unions", "19"),
    "9": _authority("市场监管/工商", "market regulation", "123"),
    "A": _authority("中央军委改革和编制办公室", "CMC reform and establishment office", "19"),
    "N": _authority("农业", "agriculture", "1239"),
    "Y": _authority("其他", "other", "1"),
}


@dataclass(frozen=True)
class IdentifierCheck:
    """The outcome of checking one identifier.

    ``failed_check`` is the first failure in the order length/format → authority/category →
    organisation-code check → check character (USCC) or format → address code → birth date →
    check character (resident ID). ``failed_checks`` lists every failure that could be evaluated;
    a length or format failure stops evaluation. ``legal_basis`` is the key of the standard whose
    rule failed, or of the identifier's own standard when the value is valid.
    """

    kind: IdentifierKind
    value: str
    valid: bool
    failed_check: FailedCheck | None = None
    reason_zh: str | None = None
    reason_en: str | None = None
    legal_basis: str | None = None
    failed_checks: tuple[FailedCheck, ...] = field(default=())

    @property
    def reason(self) -> str | None:
        """The reason in Chinese then English, as shown to operators."""
        if self.reason_zh is None:
            return None
        return f"{self.reason_zh} / {self.reason_en}"

    def display_value(self) -> str:
        """The value as it may be shown: codes in full, anything that may be an ID masked."""
        if self.kind is not IdentifierKind.USCC:
            return mask_resident_id(self.value)
        return self.value

    def as_dict(self, *, mask_personal_data: bool = True) -> dict[str, object]:
        """A JSON-ready mapping; resident ID numbers are masked unless asked otherwise."""
        return {
            "kind": str(self.kind),
            "value": self.display_value() if mask_personal_data else self.value,
            "valid": self.valid,
            "failed_check": None if self.failed_check is None else str(self.failed_check),
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
            "legal_basis": self.legal_basis,
        }


@dataclass(frozen=True)
class _Failure:
    check: FailedCheck
    reason_zh: str
    reason_en: str
    legal_basis: str


@dataclass(frozen=True)
class IdentifierDecision:
    """Whether a checked identifier is accepted under a policy, with the message to record."""

    accepted: bool
    warning: str | None = None
    error: str | None = None


def normalise_identifier(code: str) -> str:
    """Full-width to half-width, surrounding whitespace removed, letters upper-cased."""
    return code.translate(_FULL_WIDTH_TO_HALF_WIDTH).strip().upper()


def _show(character: str) -> str:
    # Invisible characters would make "found  " unreadable in a message.
    if character.isprintable() and not character.isspace():
        return character
    return f"U+{ord(character):04X}"


def _result(
    kind: IdentifierKind, value: str, failures: list[_Failure], valid_basis: str
) -> IdentifierCheck:
    if not failures:
        return IdentifierCheck(kind=kind, value=value, valid=True, legal_basis=valid_basis)
    first = failures[0]
    return IdentifierCheck(
        kind=kind,
        value=value,
        valid=False,
        failed_check=first.check,
        reason_zh=first.reason_zh,
        reason_en=first.reason_en,
        legal_basis=first.legal_basis,
        failed_checks=tuple(failure.check for failure in failures),
    )


# ---------------------------------------------------------------------------------------------
# 统一社会信用代码
# ---------------------------------------------------------------------------------------------


def uscc_check_character(body: str) -> str:
    """The GB 32100-2015 check character (position 18) for the first 17 characters."""
    if len(body) != 17 or any(character not in USCC_CHARSET for character in body):
        raise ValueError("a USCC body is 17 characters from the USCC character set")
    total = sum(
        USCC_CHARSET.index(character) * weight
        for character, weight in zip(body, USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARSET[(31 - total % 31) % 31]


def _organisation_code_value(character: str) -> int:
    # GB 11714 values letters by their place in the full Latin alphabet (A=10 … Z=35), unlike
    # the USCC charset, which skips I, O, S, V and Z.
    if character.isdigit():
        return int(character)
    return ord(character) - ord("A") + 10


def organisation_code_check_character(body: str) -> str:
    """The GB 11714-1997 check character of an 8-character 组织机构代码 body."""
    if len(body) != 8 or not all(
        character.isascii() and (character.isdigit() or character.isupper()) for character in body
    ):
        raise ValueError("an organisation code body is 8 characters from 0-9 and A-Z")
    total = sum(
        _organisation_code_value(character) * weight
        for character, weight in zip(body, ORGANISATION_CODE_WEIGHTS, strict=True)
    )
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def is_known_authority_category(pair: str) -> bool:
    """Whether USCC positions 1–2 are a registration authority and one of its categories."""
    authority = REGISTRATION_AUTHORITIES.get(pair[:1])
    return len(pair) == 2 and authority is not None and pair[1] in authority.categories


def _uscc_length_failure(value: str) -> _Failure:
    return _Failure(
        FailedCheck.LENGTH,
        f"长度错误：统一社会信用代码应为18位，实为{len(value)}位（GB 32100-2015）",
        f"wrong length: a unified social credit code has 18 characters, found {len(value)}"
        " (GB 32100-2015)",
        LEGAL_BASIS_GB_32100_2015,
    )


def _uscc_format_failure(value: str) -> _Failure | None:
    # Position 18 is left to the check-character check, which can say what it should be.
    for position, character in enumerate(value[:17], start=1):
        if 3 <= position <= 8 and not (character.isascii() and character.isdigit()):
            return _Failure(
                FailedCheck.FORMAT,
                f"格式错误：第3–8位（登记管理机关行政区划码）应为数字，第{position}位实为"
                f" {_show(character)}（GB 32100-2015）",
                f"format wrong: positions 3–8 (division code of the registering authority) must"
                f" be digits, position {position} is {_show(character)} (GB 32100-2015)",
                LEGAL_BASIS_GB_32100_2015,
            )
        if character not in USCC_CHARSET:
            return _Failure(
                FailedCheck.FORMAT,
                f"格式错误：第{position}位字符 {_show(character)} 不在代码字符集中"
                "（数字及除 I、O、Z、S、V 外的大写字母；GB 32100-2015）",
                f"format wrong: position {position} is {_show(character)}, which is not in the"
                " code character set (digits and capital letters except I, O, Z, S, V;"
                " GB 32100-2015)",
                LEGAL_BASIS_GB_32100_2015,
            )
    return None


def _authority_category_failure(value: str) -> _Failure | None:
    authority_code, category_code = value[0], value[1]
    authority = REGISTRATION_AUTHORITIES.get(authority_code)
    if authority is None:
        known = "、".join(REGISTRATION_AUTHORITIES)
        return _Failure(
            FailedCheck.AUTHORITY_CATEGORY,
            f"登记管理部门码错误：第1位应为 {known} 之一，实为 {authority_code}（GB 32100-2015）",
            f"registration authority wrong: position 1 should be one of"
            f" {', '.join(REGISTRATION_AUTHORITIES)}, found {authority_code} (GB 32100-2015)",
            LEGAL_BASIS_GB_32100_2015,
        )
    if category_code not in authority.categories:
        allowed = sorted(authority.categories)
        return _Failure(
            FailedCheck.AUTHORITY_CATEGORY,
            f"机构类别码错误：登记管理部门 {authority_code}（{authority.name_zh}）的第2位应为"
            f" {'、'.join(allowed)} 之一，实为 {category_code}（GB 32100-2015）",
            f"institution category wrong: for registration authority {authority_code}"
            f" ({authority.name_en}) position 2 should be one of {', '.join(allowed)},"
            f" found {category_code} (GB 32100-2015)",
            LEGAL_BASIS_GB_32100_2015,
        )
    return None


def _organisation_code_failure(value: str) -> _Failure | None:
    expected = organisation_code_check_character(value[8:16])
    found = value[16]
    if found == expected:
        return None
    return _Failure(
        FailedCheck.ORGANISATION_CODE_CHECK,
        f"组织机构代码校验码错误：第17位应为 {expected}，实为 {found}（GB 11714-1997 校验码）",
        f"organisation code check character wrong: position 17 should be {expected},"
        f" found {found} (GB 11714-1997 check code)",
        LEGAL_BASIS_GB_11714_1997,
    )


def _uscc_check_character_failure(value: str) -> _Failure | None:
    expected = uscc_check_character(value[:17])
    found = _show(value[17])
    if found == expected:
        return None
    return _Failure(
        FailedCheck.USCC_CHECK_CHARACTER,
        f"校验码错误：第18位应为 {expected}，实为 {found}（GB 32100-2015 校验码）",
        f"check character wrong: position 18 should be {expected}, found {found}"
        " (GB 32100-2015 check code)",
        LEGAL_BASIS_GB_32100_2015,
    )


def check_uscc(code: str) -> IdentifierCheck:
    """Check a 统一社会信用代码 against GB 32100-2015 and its embedded GB 11714 code."""
    value = normalise_identifier(code)
    if len(value) != USCC_LENGTH:
        failures = [_uscc_length_failure(value)]
    elif format_failure := _uscc_format_failure(value):
        failures = [format_failure]
    else:
        # The remaining checks are independent, so all are run: apply_policy needs to know
        # that the organisation code is sound before it tolerates a bad check character.
        candidates = (
            _authority_category_failure(value),
            _organisation_code_failure(value),
            _uscc_check_character_failure(value),
        )
        failures = [failure for failure in candidates if failure is not None]
    return _result(IdentifierKind.USCC, value, failures, LEGAL_BASIS_GB_32100_2015)


# ---------------------------------------------------------------------------------------------
# 居民身份证号码
# ---------------------------------------------------------------------------------------------


def resident_id_check_character(digits: str) -> str:
    """The GB 11643-1999 check character (position 18) for the first 17 digits."""
    if len(digits) != 17 or not (digits.isascii() and digits.isdigit()):
        raise ValueError("a resident ID body is 17 digits")
    total = sum(
        int(digit) * weight for digit, weight in zip(digits, RESIDENT_ID_WEIGHTS, strict=True)
    )
    return RESIDENT_ID_CHECK_CHARACTERS[total % 11]


def _china_today() -> date:
    return datetime.now(CHINA_STANDARD_TIME).date()


def _resident_id_length_failure(value: str) -> _Failure:
    return _Failure(
        FailedCheck.LENGTH,
        f"长度错误：居民身份证号码应为18位（旧版15位），实为{len(value)}位（GB 11643-1999）",
        f"wrong length: a resident ID number has 18 digits (15 in the legacy form),"
        f" found {len(value)} (GB 11643-1999)",
        LEGAL_BASIS_GB_11643_1999,
    )


def _resident_id_format_failure(value: str) -> _Failure | None:
    last_may_be_x = len(value) == RESIDENT_ID_LENGTH
    for position, character in enumerate(value, start=1):
        if character.isascii() and character.isdigit():
            continue
        if last_may_be_x and position == len(value) and character == "X":
            continue
        expected_zh = (
            "前17位应为数字，第18位应为数字或 X" if last_may_be_x else "15位旧号码应全为数字"
        )
        expected_en = (
            "the first 17 characters must be digits and the 18th a digit or X"
            if last_may_be_x
            else "a legacy 15-digit number must be all digits"
        )
        return _Failure(
            FailedCheck.FORMAT,
            f"格式错误：{expected_zh}，第{position}位实为 {_show(character)}（GB 11643-1999）",
            f"format wrong: {expected_en}; position {position} is {_show(character)}"
            " (GB 11643-1999)",
            LEGAL_BASIS_GB_11643_1999,
        )
    return None


def _address_code_failure(value: str) -> _Failure | None:
    prefix = value[:2]
    if prefix in PLAUSIBLE_PROVINCE_PREFIXES:
        return None
    return _Failure(
        FailedCheck.ID_ADDRESS_CODE,
        f"地址码错误：第1–2位应为省级行政区划代码（如 11、31、44），实为 {prefix}"
        "（GB 11643-1999 地址码，GB/T 2260）",
        f"address code wrong: positions 1–2 should be a province-level division code"
        f" (such as 11, 31, 44), found {prefix} (GB 11643-1999 address code, GB/T 2260)",
        LEGAL_BASIS_GB_11643_1999,
    )


def _birth_date_failure(value: str, today: date) -> _Failure | None:
    # Reasons deliberately leave the date out: it is personal data the mask hides.
    if len(value) == LEGACY_RESIDENT_ID_LENGTH:
        digits, positions = "19" + value[6:12], "7–12"
    else:
        digits, positions = value[6:14], "7–14"
    try:
        birth_date = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        problem_zh, problem_en = "不是有效日期", "are not a real date"
    else:
        if birth_date > today:
            problem_zh, problem_en = "的日期晚于今天", "are a date after today"
        elif birth_date < EARLIEST_BIRTH_DATE:
            earliest = EARLIEST_BIRTH_DATE.isoformat()
            problem_zh, problem_en = f"的日期早于 {earliest}", f"are a date before {earliest}"
        else:
            return None
    return _Failure(
        FailedCheck.ID_BIRTH_DATE,
        f"出生日期码错误：第{positions}位{problem_zh}（GB 11643-1999 出生日期码）",
        f"birth date wrong: positions {positions} {problem_en} (GB 11643-1999 birth date code)",
        LEGAL_BASIS_GB_11643_1999,
    )


def _resident_id_check_character_failure(value: str) -> _Failure | None:
    expected = resident_id_check_character(value[:17])
    found = value[17]
    if found == expected:
        return None
    return _Failure(
        FailedCheck.ID_CHECK_CHARACTER,
        f"校验码错误：第18位应为 {expected}，实为 {found}（GB 11643-1999 校验码）",
        f"check character wrong: position 18 should be {expected}, found {found}"
        " (GB 11643-1999 check code)",
        LEGAL_BASIS_GB_11643_1999,
    )


def check_resident_id(code: str, *, today: date | None = None) -> IdentifierCheck:
    """Check an 18-digit (or legacy 15-digit) 居民身份证号码 against GB 11643-1999.

    ``today`` (default: today in China) bounds the birth date; the legacy form has no check
    character, so it is valid when its address code and date are.
    """
    value = normalise_identifier(code)
    today = today or _china_today()
    if len(value) not in (RESIDENT_ID_LENGTH, LEGACY_RESIDENT_ID_LENGTH):
        failures = [_resident_id_length_failure(value)]
    elif format_failure := _resident_id_format_failure(value):
        failures = [format_failure]
    else:
        candidates = [_address_code_failure(value), _birth_date_failure(value, today)]
        if len(value) == RESIDENT_ID_LENGTH:
            candidates.append(_resident_id_check_character_failure(value))
        failures = [failure for failure in candidates if failure is not None]
    return _result(IdentifierKind.RESIDENT_ID, value, failures, LEGAL_BASIS_GB_11643_1999)


def upgrade_resident_id_15_to_18(code: str) -> str:
    """The 18-digit form of a valid legacy 15-digit number: ``19`` inserted, check appended.

    Raise ValueError when the value is not a valid 15-digit resident ID number.
    """
    result = check_resident_id(code)
    if len(result.value) != LEGACY_RESIDENT_ID_LENGTH:
        raise ValueError("not a 15-digit resident ID number")
    if not result.valid:
        raise ValueError(f"invalid 15-digit resident ID number: {result.reason_en}")
    body = result.value[:6] + "19" + result.value[6:]
    return body + resident_id_check_character(body)


def mask_resident_id(code: str) -> str:
    """The number with all but the first 6 and last 4 characters replaced by ``*``.

    Values too short to keep 6 + 4 characters and still hide something are masked entirely.
    """
    value = normalise_identifier(code)
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


# ---------------------------------------------------------------------------------------------
# Either
# ---------------------------------------------------------------------------------------------


def check_identifier(code: str, *, today: date | None = None) -> IdentifierCheck:
    """Check a value that may be either kind, detecting the kind from its shape.

    - 15 characters: a legacy resident ID number.
    - 18 characters that are not 17 digits followed by a digit or X: a USCC.
    - 18 characters of resident-ID shape fit both schemes (every digit and X are in the USCC
      charset). When positions 1–2 are a known authority/category pair (91, 92, 93, 11, …), the
      USCC check runs first, then the resident ID check, and the first valid result wins. When
      neither is valid, the resident ID failure is reported if its only failure is the check
      character (a plausible address code and birth date make a mistyped ID number far likelier
      than a USCC, and the number must then be masked), else the USCC failure. Otherwise the
      value is a resident ID number.
      A caller that knows the kind should call ``check_uscc`` or ``check_resident_id`` instead.
    - Any other length: a length failure, attributed to the USCC when the value contains letters
      other than a final X, else of unknown kind.
    """
    value = normalise_identifier(code)
    if len(value) == LEGACY_RESIDENT_ID_LENGTH:
        return check_resident_id(value, today=today)
    if len(value) == USCC_LENGTH:
        if not _RESIDENT_ID_SHAPE.fullmatch(value):
            return check_uscc(value)
        if not is_known_authority_category(value[:2]):
            return check_resident_id(value, today=today)
        uscc_result = check_uscc(value)
        if uscc_result.valid:
            return uscc_result
        resident_id_result = check_resident_id(value, today=today)
        if resident_id_result.valid or resident_id_result.failed_checks == (
            FailedCheck.ID_CHECK_CHARACTER,
        ):
            return resident_id_result
        return uscc_result
    if any(character.isalpha() for character in value.removesuffix("X")):
        return check_uscc(value)
    return IdentifierCheck(
        kind=IdentifierKind.UNKNOWN,
        value=value,
        valid=False,
        failed_check=FailedCheck.LENGTH,
        reason_zh=f"长度错误：统一社会信用代码应为18位，居民身份证号码应为18位或15位，"
        f"实为{len(value)}位",
        reason_en=f"wrong length: a unified social credit code has 18 characters and a resident"
        f" ID number 18 or 15, found {len(value)}",
        legal_basis=None,
        failed_checks=(FailedCheck.LENGTH,),
    )


# ---------------------------------------------------------------------------------------------
# Policy
# ---------------------------------------------------------------------------------------------


def apply_policy(check: IdentifierCheck, policy: IdentifierPolicy) -> IdentifierDecision:
    """Decide whether a checked identifier is accepted under ``policy``.

    Under WARN, a USCC whose only failure is the mod-31 check character (so its format,
    authority/category and organisation-code check all pass) is accepted with a warning: that is
    the signature of a pilot-era code (domain-rules §1.3). A check character outside the USCC
    charset is a format error and is rejected, as is every other failure, under both policies.
    """
    if check.valid:
        return IdentifierDecision(accepted=True)
    if (
        policy is IdentifierPolicy.WARN
        and check.failed_checks == (FailedCheck.USCC_CHECK_CHARACTER,)
        and check.value[17] in USCC_CHARSET
    ):
        return IdentifierDecision(
            accepted=True,
            warning=f"{check.reason_zh}；组织机构代码校验通过，来自权威来源的记录按试点期代码接受"
            f" / {check.reason_en}; the organisation code check passes, so a record from an"
            " authoritative source is accepted as a pilot-era code",
        )
    return IdentifierDecision(accepted=False, error=check.reason)
