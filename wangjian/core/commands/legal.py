"""``wangjian legal load|show|list``: the legal-basis catalogue."""

import sys


def register(subparsers) -> None:
    """Add the ``legal`` command and its subcommands."""
    parser = subparsers.add_parser("legal", help="法律依据目录 / legal-basis catalogue")
    commands = parser.add_subparsers(dest="legal_command", metavar="SUBCOMMAND", required=True)
    load = commands.add_parser(
        "load", help="载入或更新随附的法律依据目录 / load or update the packaged catalogue"
    )
    load.set_defaults(handler=load_command)
    show = commands.add_parser(
        "show",
        help="显示条文或法律依据及其引用格式 / show an article or instrument and its citation",
    )
    show.add_argument("key", help="如 ad-law-2021:9.3 或 ad-law-2021 / e.g. ad-law-2021:9.3")
    show.set_defaults(handler=show_command)
    listing = commands.add_parser("list", help="列出法律依据 / list the instruments")
    listing.add_argument(
        "--family", metavar="F", help="只列出该系列的各版本 / only the versions of this family"
    )
    listing.set_defaults(handler=list_command)


def load_command(args) -> int:
    """Load the packaged catalogue as the system and print what changed."""
    from wangjian.core.actions.reference_data import load_legal_catalogue

    summary = load_legal_catalogue()
    print(
        f"法律依据目录已载入：依据 新增 {summary.instruments_created}，更新 "
        f"{summary.instruments_updated}，未变 {summary.instruments_unchanged}；条文 新增 "
        f"{summary.articles_created}，更新 {summary.articles_updated}，未变 "
        f"{summary.articles_unchanged} / legal catalogue loaded: instruments "
        f"{summary.instruments_created} created, {summary.instruments_updated} updated, "
        f"{summary.instruments_unchanged} unchanged; articles {summary.articles_created} "
        f"created, {summary.articles_updated} updated, {summary.articles_unchanged} unchanged"
    )
    return 0


def show_command(args) -> int:
    """Print the citation, then the article text or the instrument's particulars."""
    from wangjian.core.legal_catalogue import (
        LegalBasisNotFound,
        cite,
        get_article,
        get_instrument,
        is_summary,
    )

    try:
        if ":" in args.key:
            article = get_article(args.key)
            print(cite(args.key))
            if is_summary(article):
                print("（以下为目录摘要，非条文原文 / summary, not the official text）")
            print(article.text)
            return 0
        instrument = get_instrument(args.key)
    except LegalBasisNotFound as error:
        print(error, file=sys.stderr)
        return 1
    print(cite(args.key))
    successor = instrument.superseded_by.key if instrument.superseded_by_id else ""
    rows = [
        ("键 / key", instrument.key),
        ("系列 / family", instrument.family),
        ("类别 / kind", instrument.get_kind_display()),
        ("制定机关 / issuer", instrument.issuer),
        ("文号 / number", instrument.document_number),
        ("公布日期 / promulgated", instrument.promulgated_on),
        ("施行日期 / effective", instrument.effective_on),
        ("废止日期 / repealed", instrument.repealed_on),
        ("被取代 / superseded by", successor),
        ("核实状态 / verification", instrument.get_verification_display()),
        ("来源 / source", instrument.source),
        ("说明 / notes", instrument.notes),
        ("条文数 / articles", instrument.articles.filter(item__isnull=True).count()),
    ]
    for label, value in rows:
        print(f"{label}: {'' if value is None else value}")
    return 0


def list_command(args) -> int:
    """Print one line per instrument: key, family, effective date, verification, title, version."""
    from wangjian.core.legal_catalogue import catalogue_families
    from wangjian.core.models import LegalInstrument

    families = catalogue_families()
    family_of = {key: family for family, keys in families.items() for key in keys}
    if args.family:
        if args.family not in families:
            print(
                f"未知系列 {args.family}；可选：{', '.join(families)} / unknown family "
                f"{args.family}",
                file=sys.stderr,
            )
            return 1
        keys = list(families[args.family])
        instruments = {i.key: i for i in LegalInstrument.objects.filter(key__in=keys)}
        ordered = [instruments[key] for key in keys if key in instruments]
    else:
        ordered = list(LegalInstrument.objects.order_by("key"))
    if not ordered:
        print(
            "目录为空，请先运行 wangjian legal load / the catalogue is empty: run "
            "`wangjian legal load` first",
            file=sys.stderr,
        )
        return 1
    for instrument in ordered:
        effective = instrument.effective_on.isoformat() if instrument.effective_on else "-"
        print(
            f"{instrument.key}\t{family_of.get(instrument.key, '-')}\t{effective}\t"
            f"{instrument.verification}\t《{instrument.title}》\t{instrument.version}"
        )
    return 0
