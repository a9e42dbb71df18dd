import datetime as dt

from wangjian.core.legal_catalogue import packaged_catalogue
from wangjian.enforcement import procedure


def test_deadlines_cli_prints_the_four_deadlines(db, capsys):
    from wangjian.cli import main

    argv = ["enforcement", "deadlines", "--clue-found", "2026-03-02", "--filed", "2026-03-17"]
    assert main([*argv, "--decided", "2026-05-20"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "verification_due 2026-03-23",
        "decision_due 2026-06-15",
        "payment_due 2026-06-04",
        "publicity_due 2026-06-17",
    ]


def test_party_in_another_province_is_pushed_within_ten_working_days(db, capsys):
    from wangjian.cli import main

    argv = ["enforcement", "deadlines", "--decided", "2026-05-20", "--party-province", "32"]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == [
        "payment_due 2026-06-04",
        "publicity_due 2026-06-03",
    ]


def test_deadlines_with_basis_name_the_articles(db, capsys):
    from wangjian.cli import main

    assert main(["enforcement", "deadlines", "--filed", "2026-03-17", "--basis"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "decision_due 2026-06-15"
    assert "《中华人民共和国行政处罚法》第六十条" in out[1]
    assert "起算日不计入" in out[1]


def test_deadlines_without_a_date_is_refused(db, capsys):
    from wangjian.cli import main

    assert main(["enforcement", "deadlines"]) == 2
    assert "--filed" in capsys.readouterr().err


def test_verification_reuses_the_monitoring_clue_clock(db):
    due, version, citation = procedure.verification_deadline(dt.date(2026, 3, 2))
    assert (due.due, version) == (dt.date(2026, 3, 23), "clue-2021.07")
    assert due.basis[0] == "admin-penalty-procedure-rules-2021:18"
    assert "第十八条" in citation


def test_a_calendar_day_period_ending_on_a_holiday_rolls_to_the_next_working_day(db):
    # 2026-04-19 + 15 = 5/4, inside the 劳动节 break (5/1–5/5): due the next working day, 5/6.
    period = procedure.version_on(dt.date(2026, 4, 19)).period("payment_due")
    assert procedure.period_deadline(period, dt.date(2026, 4, 19)).due == dt.date(2026, 5, 6)


def test_paused_days_and_the_extension_lengthen_the_decision_period(db):
    period = procedure.version_on(dt.date(2026, 3, 17)).period("decision_due")
    plain = procedure.period_deadline(period, dt.date(2026, 3, 17)).due
    paused = procedure.period_deadline(period, dt.date(2026, 3, 17), extra_days=7)
    assert (plain, paused.due) == (dt.date(2026, 6, 15), dt.date(2026, 6, 22))
    assert "admin-penalty-procedure-rules-2021:64" in paused.basis


def test_every_period_cites_a_known_instrument_with_a_status():
    catalogue = {entry.key for entry in packaged_catalogue().instruments}
    local = {"admin-coercion-law-2011", "criminal-case-transfer-provisions-2020"}
    for version in procedure.versions():
        for period in version.periods.values():
            instrument = period.basis.split(":")[0]
            assert instrument in catalogue | local, period.key
            assert period.status in procedure.STATUSES
            assert period.quote
            assert period.article
            assert period.instrument_version
