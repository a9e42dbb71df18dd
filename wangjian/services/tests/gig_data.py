"""Rows of gig-worker applications for the tests."""

from wangjian.core.identifiers import resident_id_check_character

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉"


def resident_id(sequence: int) -> str:
    digits = f"31011019900101{sequence:03d}"
    return digits + resident_id_check_character(digits)


def bad_check_digit(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def row(n: int, **overrides) -> dict:
    values = {
        "applicant_name": f"张{n}",
        "id_number": resident_id(n),
        "business_name": f"上海市杨浦区{STEMS[n % 10]}{BRANCHES[n // 10 % 10]}跑腿服务工作室",
        "scope": ["外卖递送服务"],
        "shop_id": f"W{n:04d}",
        "hosting_agreement": f"TG-2026-{n:04d}",
    }
    return values | overrides
