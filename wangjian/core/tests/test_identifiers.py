"""统一社会信用代码 and 居民身份证号码 validation (domain-rules §1)."""

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wangjian.core.identifiers import (
    EARLIEST_BIRTH_DATE,
    ORGANISATION_CODE_WEIGHTS,
    PLAUSIBLE_PROVINCE_PREFIXES,
    REGISTRATION_AUTHORITIES,
    RESIDENT_ID_WEIGHTS,
    USCC_CHARSET,
    USCC_WEIGHTS,
    FailedCheck,
    IdentifierCheck,
    IdentifierDecision,
    IdentifierKind,
    IdentifierPolicy,
    apply_policy,
    check_identifier,
    check_resident_id,
    check_uscc,
    is_known_authority_category,
    mask_resident_id,
    normalise_identifier,
    organisation_code_check_character,
    resident_id_check_character,
    upgrade_resident_id_15_to_18,
    uscc_check_character,
)

# Domain-rules §1.3: real published codes that pass both checks.
PUBLISHED_VALID_USCCS = [
    "914403001922038216",  # 华为技术有限公司
    "91440300192317458F",  # 比亚迪股份有限公司
    "91520000214434146R",  # 中航重机股份有限公司
    "91440300708461136T",  # 腾讯科技(深圳)有限公司
    "91110000802100433B",  # 北京百度网讯科技有限公司
    "91110000600037341L",  # python-stdnum doctest
]
# Domain-rules §1.3: Fujian pilot-era codes, issued before the mod-31 rule was final.
FUJIAN_PILOT_USCCS = {
    "91350100M0001TGQXM": "1",
    "91350211M0000XUF46": "R",
    "91350203M0001FUE2P": "J",
}
TODAY = date(2025, 6, 30)
KNOWN_PAIRS = sorted(
    authority + category
    for authority, details in REGISTRATION_AUTHORITIES.items()
    for category in details.categories
)


# Oracles transcribed from the formulas in domain-rules §1, kept independent of the module.
def reference_uscc_check(body):
    total = sum(USCC_CHARSET.index(ch) * pow(3, i, 31) for i, ch in enumerate(body))
    return USCC_CHARSET[(31 - total % 31) % 31]


def reference_organisation_check(body):
    remainder = (
        11
        - sum(
            (int(ch) if ch.isdigit() else ord(ch) - 55) * weight
            for ch, weight in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
        )
        % 11
    )
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def reference_id_check(body):
    return "10X98765432"[sum(int(ch) * pow(2, 17 - i, 11) for i, ch in enumerate(body)) % 11]


def organisation_value(character):
    return int(character) if character.isdigit() else ord(character) - 55


def make_uscc(pair, division, organisation_body):
    body = pair + division + organisation_body + reference_organisation_check(organisation_body)
    return body + reference_uscc_check(body)


def make_resident_id(address, birth, sequence):
    body = address + birth + sequence
    return body + reference_id_check(body)


def full_width(text):
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


# --- weights and worked examples ------------------------------------------------------------


def test_uscc_weights_are_powers_of_three_mod_31():
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_resident_id_weights_are_powers_of_two_mod_11():
    assert RESIDENT_ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def test_organisation_code_weights():
    assert ORGANISATION_CODE_WEIGHTS == (3, 7, 9, 10, 5, 8, 4, 2)


def test_standard_worked_example_sum_is_1640_and_check_is_3():
    body = "91350100M000100Y4"

    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True))

    assert total == 1640
    assert total % 31 == 28
    assert uscc_check_character(body) == "3"


def test_standard_worked_example_valid_with_3():
    result = check_uscc("91350100M000100Y43")

    assert result == IdentifierCheck(
        kind=IdentifierKind.USCC,
        value="91350100M000100Y43",
        valid=True,
        legal_basis="gb-32100-2015",
    )


def test_standard_worked_example_with_z_fails_check_character():
    result = check_uscc("91350100M000100Y4Z")

    assert result.valid is False
    assert result.failed_check is FailedCheck.USCC_CHECK_CHARACTER
    assert result.failed_checks == (FailedCheck.USCC_CHECK_CHARACTER,)
    assert result.reason_zh == "校验码错误：第18位应为 3，实为 Z（GB 32100-2015 校验码）"
    assert result.reason_en == (
        "check character wrong: position 18 should be 3, found Z (GB 32100-2015 check code)"
    )
    assert result.legal_basis == "gb-32100-2015"


def test_organisation_code_check_of_byd_is_8():
    assert organisation_code_check_character("19231745") == "8"


def test_organisation_code_check_values_letters_on_the_full_alphabet():
    # M = 22 on the A=10 … Z=35 scale (it would be 21 in the USCC charset).
    assert organisation_code_check_character("M0001TGQ") == "X"
    assert organisation_code_check_character("M000100Y") == "4"


def test_organisation_code_check_maps_remainder_11_to_0_and_10_to_x():
    # Sums 0, 12 and 16 leave remainders 0, 1 and 5 mod 11, so 11 − r is 11, 10 and 6.
    assert organisation_code_check_character("00000000") == "0"
    assert organisation_code_check_character("00000006") == "X"
    assert organisation_code_check_character("31000000") == "6"


@pytest.mark.parametrize(
    ("function", "bad_input"),
    [
        (uscc_check_character, "91350100M000100Y"),
        (uscc_check_character, "91350100M000100YI"),
        (organisation_code_check_character, "1923174"),
        (organisation_code_check_character, "1923174-"),
        (resident_id_check_character, "1101051949123100"),
        (resident_id_check_character, "1101051949123100X"),
    ],
)
def test_check_character_functions_refuse_malformed_bodies(function, bad_input):
    with pytest.raises(ValueError, match=r"\d+ (characters|digits)"):
        function(bad_input)


# --- published USCCs --------------------------------------------------------------------------


@pytest.mark.parametrize("code", PUBLISHED_VALID_USCCS)
def test_published_codes_are_valid(code):
    result = check_uscc(code)

    assert result.valid is True
    assert result.failed_check is None
    assert result.failed_checks == ()
    assert result.reason_zh is None
    assert result.legal_basis == "gb-32100-2015"


@pytest.mark.parametrize("code", PUBLISHED_VALID_USCCS)
def test_published_codes_are_detected_as_uscc(code):
    result = check_identifier(code)

    assert result.kind is IdentifierKind.USCC
    assert result.valid is True


@pytest.mark.parametrize(("code", "expected_check"), FUJIAN_PILOT_USCCS.items())
def test_fujian_pilot_codes_fail_exactly_the_check_character(code, expected_check):
    result = check_uscc(code)

    assert result.valid is False
    assert result.failed_checks == (FailedCheck.USCC_CHECK_CHARACTER,)
    assert result.reason_en == (
        f"check character wrong: position 18 should be {expected_check}, found {code[17]}"
        " (GB 32100-2015 check code)"
    )
    assert organisation_code_check_character(code[8:16]) == code[16]


@pytest.mark.parametrize("code", FUJIAN_PILOT_USCCS)
def test_fujian_pilot_codes_are_accepted_with_warning_under_warn(code):
    result = check_uscc(code)

    decision = apply_policy(result, IdentifierPolicy.WARN)

    assert decision.accepted is True
    assert decision.error is None
    assert decision.warning == (
        f"{result.reason_zh}；组织机构代码校验通过，来自权威来源的记录按试点期代码接受"
        f" / {result.reason_en}; the organisation code check passes, so a record from an"
        " authoritative source is accepted as a pilot-era code"
    )


@pytest.mark.parametrize("code", FUJIAN_PILOT_USCCS)
def test_fujian_pilot_codes_are_rejected_under_reject(code):
    result = check_uscc(code)

    decision = apply_policy(result, IdentifierPolicy.REJECT)

    assert decision == IdentifierDecision(
        accepted=False, error=f"{result.reason_zh} / {result.reason_en}"
    )


# --- USCC normalisation, format and authority -----------------------------------------------


def test_full_width_lower_case_and_padding_are_normalised():
    result = check_uscc("　９１350100m000100y43 \n")

    assert result.value == "91350100M000100Y43"
    assert result.valid is True


def test_normalise_identifier_maps_full_width_ascii_only():
    assert normalise_identifier("ＡＢｃ１２３－") == "ABC123-"


@pytest.mark.parametrize(("code", "length"), [("", 0), ("91350100M000100Y4", 17)])
def test_uscc_of_wrong_length_fails_length(code, length):
    result = check_uscc(code)

    assert result.failed_check is FailedCheck.LENGTH
    assert result.failed_checks == (FailedCheck.LENGTH,)
    assert (
        result.reason_zh == f"长度错误：统一社会信用代码应为18位，实为{length}位（GB 32100-2015）"
    )


def test_uscc_with_excluded_letter_fails_format_naming_the_position():
    result = check_uscc("91350100I000100Y43")

    assert result.failed_checks == (FailedCheck.FORMAT,)
    assert result.reason_en == (
        "format wrong: position 9 is I, which is not in the code character set (digits and"
        " capital letters except I, O, Z, S, V; GB 32100-2015)"
    )


def test_uscc_with_letter_in_division_code_fails_format():
    result = check_uscc("913501A0M000100Y43")

    assert result.failed_checks == (FailedCheck.FORMAT,)
    assert result.reason_zh == (
        "格式错误：第3–8位（登记管理机关行政区划码）应为数字，第7位实为 A（GB 32100-2015）"
    )


def test_uscc_with_inner_space_fails_format_and_shows_the_code_point():
    result = check_uscc("91 350100M000100Y4")

    assert result.failed_check is FailedCheck.FORMAT
    assert "position 3 is U+0020" in result.reason_en


def test_unknown_authority_fails_authority_category():
    code = make_uscc("B1", "350100", "M000100Y")

    result = check_uscc(code)

    assert result.failed_checks == (FailedCheck.AUTHORITY_CATEGORY,)
    assert result.reason_en == (
        "registration authority wrong: position 1 should be one of 1, 2, 3, 4, 5, 6, 7, 8, 9,"
        " A, N, Y, found B (GB 32100-2015)"
    )


def test_unknown_category_fails_authority_category():
    code = make_uscc("94", "350100", "M000100Y")

    result = check_uscc(code)

    assert result.failed_checks == (FailedCheck.AUTHORITY_CATEGORY,)
    assert result.reason_zh == (
        "机构类别码错误：登记管理部门 9（市场监管/工商）的第2位应为 1、2、3 之一，实为 4"
        "（GB 32100-2015）"
    )


@pytest.mark.parametrize("pair", ["A1", "N3", "Y1"])
def test_letter_authorities_are_accepted(pair):
    # python-stdnum's cn.uscc rejects these (domain-rules §1.1).
    result = check_uscc(make_uscc(pair, "110000", "MA01712M"))

    assert result.valid is True


def test_is_known_authority_category():
    assert is_known_authority_category("91") is True
    assert is_known_authority_category("Y1") is True
    assert is_known_authority_category("Y2") is False
    assert is_known_authority_category("9") is False


def test_organisation_code_failure_is_reported_before_check_character():
    # Huawei with position 17 changed: the mod-31 character is recomputed so only the
    # organisation-code check fails.
    body = "91440300192203820"
    code = body + reference_uscc_check(body)

    result = check_uscc(code)

    assert result.failed_checks == (FailedCheck.ORGANISATION_CODE_CHECK,)
    assert result.legal_basis == "gb-11714-1997"
    assert result.reason_zh == (
        "组织机构代码校验码错误：第17位应为 1，实为 0（GB 11714-1997 校验码）"
    )
    assert apply_policy(result, IdentifierPolicy.WARN).accepted is False


def test_failures_are_ordered_authority_then_organisation_then_check_character():
    result = check_uscc("95440300192203820Y")

    assert result.failed_check is FailedCheck.AUTHORITY_CATEGORY
    assert result.failed_checks == (
        FailedCheck.AUTHORITY_CATEGORY,
        FailedCheck.ORGANISATION_CODE_CHECK,
        FailedCheck.USCC_CHECK_CHARACTER,
    )


def test_warn_rejects_bad_check_character_when_another_check_also_fails():
    result = check_uscc("95440300192203821Y")

    assert result.failed_checks == (
        FailedCheck.AUTHORITY_CATEGORY,
        FailedCheck.USCC_CHECK_CHARACTER,
    )
    assert apply_policy(result, IdentifierPolicy.WARN).accepted is False


def test_warn_rejects_check_character_outside_the_charset():
    result = check_uscc("91350100M000100Y4Z")

    decision = apply_policy(result, IdentifierPolicy.WARN)

    assert decision.accepted is False
    assert decision.error == f"{result.reason_zh} / {result.reason_en}"


@pytest.mark.parametrize("policy", list(IdentifierPolicy))
def test_length_and_format_failures_are_rejected_under_every_policy(policy):
    for code in ("9135010", "91350100I000100Y43"):
        assert apply_policy(check_uscc(code), policy).accepted is False


@pytest.mark.parametrize("policy", list(IdentifierPolicy))
def test_valid_codes_are_accepted_without_warning_under_every_policy(policy):
    decision = apply_policy(check_uscc("914403001922038216"), policy)

    assert decision == IdentifierDecision(accepted=True, warning=None, error=None)


def test_check_result_is_immutable():
    result = check_uscc("914403001922038216")

    with pytest.raises(dataclasses.FrozenInstanceError):
        result.valid = False


def test_uscc_as_dict_shows_the_code_in_full():
    assert check_uscc("91350100M000100Y4Z").as_dict() == {
        "kind": "uscc",
        "value": "91350100M000100Y4Z",
        "valid": False,
        "failed_check": "uscc_check_character",
        "reason_zh": "校验码错误：第18位应为 3，实为 Z（GB 32100-2015 校验码）",
        "reason_en": "check character wrong: position 18 should be 3, found Z"
        " (GB 32100-2015 check code)",
        "legal_basis": "gb-32100-2015",
    }


# --- USCC properties --------------------------------------------------------------------------

charset_characters = st.sampled_from(USCC_CHARSET)
valid_usccs = st.builds(
    make_uscc,
    st.sampled_from(KNOWN_PAIRS),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8),
)


@given(valid_usccs)
def test_property_body_with_valid_organisation_check_and_computed_check_validates(code):
    assert uscc_check_character(code[:17]) == code[17]
    assert organisation_code_check_character(code[8:16]) == code[16]
    assert check_uscc(code).valid is True


def test_mod_31_weights_detect_every_single_substitution():
    # 31 is prime and no weight is 0 mod 31, while two charset values differ by 1..30, so a
    # substitution anywhere in positions 1–17 always changes the weighted sum mod 31.
    for weight in USCC_WEIGHTS:
        for difference in range(1, 31):
            assert weight * difference % 31 != 0


def test_mod_11_organisation_check_misses_substitutions_eleven_apart():
    # Letters reach 35, so two characters 11 or 22 apart have the same value mod 11: GB 11714
    # does not detect them. Huawei's 9th character 1 (value 1) becomes C (value 12).
    code = "91440300C922038216"

    result = check_uscc(code)

    assert result.failed_checks == (FailedCheck.USCC_CHECK_CHARACTER,)


def expected_failures_after_substitution(original, index, replacement):
    """What must fail when ``original[index]`` becomes ``replacement`` (derived by hand)."""
    changed = original[:index] + replacement + original[index + 1 :]
    if index == 17:
        return (FailedCheck.USCC_CHECK_CHARACTER,)
    if 2 <= index <= 7 and not replacement.isdigit():
        return (FailedCheck.FORMAT,)
    failures = []
    if index <= 1 and not is_known_authority_category(changed[:2]):
        failures.append(FailedCheck.AUTHORITY_CATEGORY)
    difference = organisation_value(replacement) - organisation_value(original[index])
    if index == 16 or (8 <= index <= 15 and difference % 11 != 0):
        failures.append(FailedCheck.ORGANISATION_CODE_CHECK)
    failures.append(FailedCheck.USCC_CHECK_CHARACTER)
    return tuple(failures)


@given(valid_usccs, st.integers(min_value=0, max_value=17), charset_characters)
def test_property_single_substitution_invalidates_and_names_the_checks(code, index, replacement):
    if replacement == code[index]:
        replacement = USCC_CHARSET[(USCC_CHARSET.index(replacement) + 1) % 31]
    changed = code[:index] + replacement + code[index + 1 :]

    result = check_uscc(changed)

    assert result.valid is False
    assert result.failed_checks == expected_failures_after_substitution(code, index, replacement)


@given(valid_usccs, st.booleans())
def test_property_full_width_input_normalises(code, lower_case):
    text = code.lower() if lower_case else code

    result = check_uscc("　" + full_width(text) + " ")

    assert result.value == code
    assert result.valid is True


@given(st.text(max_size=30))
def test_property_check_uscc_never_raises_and_always_explains_failure(text):
    result = check_uscc(text)

    assert result.kind is IdentifierKind.USCC
    assert result.valid is (result.failed_check is None)
    if not result.valid:
        assert result.failed_checks[0] is result.failed_check
        assert result.reason_zh
        assert result.reason_en


@given(st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17))
def test_property_check_character_matches_the_reference_formula(body):
    assert uscc_check_character(body) == reference_uscc_check(body)


@given(st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8))
def test_property_organisation_check_matches_the_reference_formula(body):
    assert organisation_code_check_character(body) == reference_organisation_check(body)


# --- resident ID ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["11010519491231002X", "440524188001010014"])
def test_published_resident_id_examples_are_valid(code):
    result = check_resident_id(code, today=TODAY)

    assert result == IdentifierCheck(
        kind=IdentifierKind.RESIDENT_ID, value=code, valid=True, legal_basis="gb-11643-1999"
    )


def test_lower_case_x_is_normalised():
    assert check_resident_id("11010519491231002x", today=TODAY).value == "11010519491231002X"


def test_legacy_15_digit_number_is_valid_and_upgrades():
    assert check_resident_id("110105491231002", today=TODAY).valid is True
    assert upgrade_resident_id_15_to_18("110105491231002") == "11010519491231002X"


def test_upgrade_refuses_18_digit_and_invalid_15_digit_numbers():
    with pytest.raises(ValueError, match="not a 15-digit"):
        upgrade_resident_id_15_to_18("11010519491231002X")
    with pytest.raises(ValueError, match="positions 7–12 are not a real date"):
        upgrade_resident_id_15_to_18("110105990230002")


def test_nonexistent_birth_date_fails_birth_date_without_repeating_it():
    code = make_resident_id("110105", "19990230", "002")

    result = check_resident_id(code, today=TODAY)

    assert result.failed_checks == (FailedCheck.ID_BIRTH_DATE,)
    assert result.reason_zh == "出生日期码错误：第7–14位不是有效日期（GB 11643-1999 出生日期码）"
    assert result.reason_en == (
        "birth date wrong: positions 7–14 are not a real date (GB 11643-1999 birth date code)"
    )
    assert "19990230" not in result.reason_zh + result.reason_en


def test_legacy_number_with_nonexistent_date_fails_birth_date():
    result = check_resident_id("110105990230002", today=TODAY)

    assert result.failed_checks == (FailedCheck.ID_BIRTH_DATE,)
    assert "positions 7–12" in result.reason_en


def test_birth_date_after_today_fails_and_today_passes():
    tomorrow = make_resident_id("310110", (TODAY + timedelta(days=1)).strftime("%Y%m%d"), "001")
    today = make_resident_id("310110", TODAY.strftime("%Y%m%d"), "001")

    assert check_resident_id(tomorrow, today=TODAY).failed_checks == (FailedCheck.ID_BIRTH_DATE,)
    assert check_resident_id(tomorrow, today=TODAY).reason_en == (
        "birth date wrong: positions 7–14 are a date after today (GB 11643-1999 birth date code)"
    )
    assert check_resident_id(today, today=TODAY).valid is True


def test_birth_date_before_the_floor_fails():
    too_early = (EARLIEST_BIRTH_DATE - timedelta(days=1)).strftime("%Y%m%d")
    earliest = EARLIEST_BIRTH_DATE.strftime("%Y%m%d")

    result = check_resident_id(make_resident_id("310110", too_early, "001"), today=TODAY)

    assert result.failed_checks == (FailedCheck.ID_BIRTH_DATE,)
    assert result.reason_zh == (
        "出生日期码错误：第7–14位的日期早于 1870-01-01（GB 11643-1999 出生日期码）"
    )
    assert check_resident_id(make_resident_id("310110", earliest, "001"), today=TODAY).valid


def test_default_today_is_used_when_not_given():
    result = check_resident_id(make_resident_id("310110", "29991231", "001"))

    assert result.failed_check is FailedCheck.ID_BIRTH_DATE


def test_wrong_check_character_fails_id_check_character():
    result = check_resident_id("110105194912310021", today=TODAY)

    assert result.failed_checks == (FailedCheck.ID_CHECK_CHARACTER,)
    assert result.reason_zh == "校验码错误：第18位应为 X，实为 1（GB 11643-1999 校验码）"
    assert result.legal_basis == "gb-11643-1999"


@pytest.mark.parametrize("prefix", ["00", "10", "24", "47", "55", "66", "72", "80", "84"])
def test_implausible_province_prefix_fails_address_code(prefix):
    result = check_resident_id(make_resident_id(prefix + "0105", "19491231", "002"), today=TODAY)

    assert result.failed_checks == (FailedCheck.ID_ADDRESS_CODE,)
    assert result.reason_en == (
        f"address code wrong: positions 1–2 should be a province-level division code"
        f" (such as 11, 31, 44), found {prefix} (GB 11643-1999 address code, GB/T 2260)"
    )


@pytest.mark.parametrize("prefix", ["11", "50", "71", "81", "82", "83", "91", "99"])
def test_plausible_province_prefixes_pass(prefix):
    code = make_resident_id(prefix + "0105", "19491231", "002")

    assert check_resident_id(code, today=TODAY).valid is True


def test_resident_id_failures_are_reported_in_position_order():
    result = check_resident_id("00010519990230002X", today=TODAY)

    assert result.failed_check is FailedCheck.ID_ADDRESS_CODE
    assert result.failed_checks[:2] == (FailedCheck.ID_ADDRESS_CODE, FailedCheck.ID_BIRTH_DATE)


@pytest.mark.parametrize(
    ("code", "failed_check", "position"),
    [
        ("1101051949123100", FailedCheck.LENGTH, None),
        ("1101051949X231002X", FailedCheck.FORMAT, 11),
        ("11010519491231002Y", FailedCheck.FORMAT, 18),
        ("11010549123100X", FailedCheck.FORMAT, 15),
    ],
)
def test_resident_id_shape_failures(code, failed_check, position):
    result = check_resident_id(code, today=TODAY)

    assert result.failed_checks == (failed_check,)
    if position is not None:
        assert f"position {position} is" in result.reason_en


def test_mask_keeps_first_six_and_last_four():
    assert mask_resident_id("11010519491231002X") == "110105********002X"
    assert mask_resident_id("110105491231002") == "110105*****1002"
    assert mask_resident_id("１１０１０５１９４９１２３１００２ｘ") == "110105********002X"


def test_mask_hides_short_values_entirely():
    assert mask_resident_id("1101051949") == "**********"
    assert mask_resident_id("") == ""


def test_resident_id_as_dict_is_masked_unless_asked():
    result = check_resident_id("11010519491231002X", today=TODAY)

    assert result.as_dict()["value"] == "110105********002X"
    assert result.as_dict(mask_personal_data=False)["value"] == "11010519491231002X"
    assert result.display_value() == "110105********002X"


def test_resident_id_check_character_failures_are_rejected_under_warn():
    result = check_resident_id("110105194912310021", today=TODAY)

    assert apply_policy(result, IdentifierPolicy.WARN).accepted is False


# --- resident ID properties -----------------------------------------------------------------

valid_resident_ids = st.builds(
    make_resident_id,
    st.builds(
        lambda prefix, rest: prefix + rest,
        st.sampled_from(sorted(PLAUSIBLE_PROVINCE_PREFIXES)),
        st.text(alphabet="0123456789", min_size=4, max_size=4),
    ),
    st.dates(min_value=EARLIEST_BIRTH_DATE, max_value=TODAY).map(lambda d: d.strftime("%Y%m%d")),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
)


@given(valid_resident_ids)
def test_property_computed_check_character_validates(code):
    assert resident_id_check_character(code[:17]) == code[17]
    assert check_resident_id(code, today=TODAY).valid is True


def test_mod_11_weights_detect_every_single_digit_substitution():
    # 11 is prime, no weight is 0 mod 11 and two digits differ by 1..9.
    for weight in RESIDENT_ID_WEIGHTS:
        for difference in range(1, 10):
            assert weight * difference % 11 != 0


def birth_date_is_acceptable(digits):
    try:
        birth_date = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return EARLIEST_BIRTH_DATE <= birth_date <= TODAY


@given(valid_resident_ids, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_property_single_substitution_invalidates_resident_id(code, index, replacement):
    alphabet = "0123456789X" if index == 17 else "0123456789"
    if replacement not in alphabet or replacement == code[index]:
        replacement = alphabet[(alphabet.index(code[index]) + 1) % len(alphabet)]
    changed = code[:index] + replacement + code[index + 1 :]
    expected = []
    if changed[:2] not in PLAUSIBLE_PROVINCE_PREFIXES:
        expected.append(FailedCheck.ID_ADDRESS_CODE)
    if not birth_date_is_acceptable(changed[6:14]):
        expected.append(FailedCheck.ID_BIRTH_DATE)
    expected.append(FailedCheck.ID_CHECK_CHARACTER)

    result = check_resident_id(changed, today=TODAY)

    assert result.valid is False
    assert result.failed_checks == tuple(expected)


@given(valid_resident_ids)
def test_property_full_width_resident_id_normalises(code):
    result = check_resident_id(full_width(code.lower()), today=TODAY)

    assert result.value == code
    assert result.valid is True


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_property_resident_id_check_matches_the_reference_formula(body):
    assert resident_id_check_character(body) == reference_id_check(body)


@given(valid_resident_ids)
def test_property_mask_reveals_only_first_six_and_last_four(code):
    masked = mask_resident_id(code)

    assert masked == code[:6] + "*" * 8 + code[14:]


# --- auto-detection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind", "failed_check"),
    [
        ("91350100M000100Y4Z", IdentifierKind.USCC, FailedCheck.USCC_CHECK_CHARACTER),
        ("91350100M000100Y4", IdentifierKind.USCC, FailedCheck.LENGTH),
        # 11 is both 机构编制/机关 and Beijing; the USCC check fails, the ID check passes.
        ("11010519491231002X", IdentifierKind.RESIDENT_ID, None),
        # 44 is no authority/category pair, so only the ID check applies.
        ("440524188001010014", IdentifierKind.RESIDENT_ID, None),
        ("440524188001010015", IdentifierKind.RESIDENT_ID, FailedCheck.ID_CHECK_CHARACTER),
        ("110105491231002", IdentifierKind.RESIDENT_ID, None),
        # A mistyped Beijing ID: only the ID check character fails, so it is reported as an ID.
        ("110105194912310021", IdentifierKind.RESIDENT_ID, FailedCheck.ID_CHECK_CHARACTER),
        # Neither fits and the ID's date is impossible: the USCC failure is reported.
        ("11010519990230002X", IdentifierKind.USCC, FailedCheck.ORGANISATION_CODE_CHECK),
        ("1101051949123100", IdentifierKind.UNKNOWN, FailedCheck.LENGTH),
    ],
)
def test_check_identifier_detects_the_kind(code, kind, failed_check):
    result = check_identifier(code, today=TODAY)

    assert result.kind is kind
    assert result.failed_check is failed_check


def test_value_valid_as_both_kinds_is_reported_as_uscc():
    # Constructed: a Beijing-style ID whose digits also satisfy both USCC checks.
    code = "110105194912312164"
    assert check_resident_id(code, today=TODAY).valid is True

    result = check_identifier(code, today=TODAY)

    assert result.kind is IdentifierKind.USCC
    assert result.valid is True


def test_unknown_kind_is_masked_and_has_no_legal_basis():
    result = check_identifier("1101051949123100")

    assert result.legal_basis is None
    assert result.display_value() == "110105******3100"
    assert result.reason_en == (
        "wrong length: a unified social credit code has 18 characters and a resident ID number"
        " 18 or 15, found 16"
    )


def test_check_identifier_normalises_full_width():
    result = check_identifier(full_width("914403001922038216"))

    assert result.kind is IdentifierKind.USCC
    assert result.value == "914403001922038216"
    assert result.valid is True


@given(st.text(max_size=20) | st.text(alphabet="0123456789X٣", min_size=15, max_size=18))
def test_property_check_identifier_never_raises_and_explains_failure(text):
    result = check_identifier(text, today=TODAY)

    assert result.valid is (result.failed_check is None)
    assert (result.reason_zh is None) is result.valid
