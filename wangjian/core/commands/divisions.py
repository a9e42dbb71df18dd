"""``wangjian divisions load|show|find``: the administrative-division reference data."""

import sys


def register(subparsers) -> None:
    """Add the ``divisions`` command and its subcommands."""
    parser = subparsers.add_parser("divisions", help="行政区划 / administrative divisions")
    commands = parser.add_subparsers(dest="divisions_command", metavar="SUBCOMMAND", required=True)
    load = commands.add_parser(
        "load", help="载入或更新随附的行政区划数据 / load or update the packaged divisions"
    )
    load.set_defaults(handler=load_command)
    show = commands.add_parser("show", help="按代码显示区划 / show a division by its code")
    show.add_argument("code", help="6、9 或 12 位区划代码 / 6-, 9- or 12-digit code")
    show.set_defaults(handler=show_command)
    find = commands.add_parser("find", help="按名称查找区划 / find divisions by name")
    find.add_argument("name", help="名称或其一部分，如 杨浦 / a name or part of one")
    find.add_argument(
        "--within", metavar="CODE", help="只在此区划内查找 / only inside this division"
    )
    find.set_defaults(handler=find_command)


def _level_label(level: int) -> str:
    from wangjian.core.choices import DivisionLevel

    return str(DivisionLevel(level).label)


def _lookup(code: str):
    """The division, or None after printing why not (malformed or unknown code)."""
    from wangjian.core.divisions import DivisionCodeError, get_division
    from wangjian.core.models import Division

    try:
        return get_division(code)
    except DivisionCodeError as error:
        print(error, file=sys.stderr)
    except Division.DoesNotExist:
        print(
            f"未找到区划代码 {code}（可先运行 wangjian divisions load）/ no division with code "
            f"{code} (run `wangjian divisions load` first?)",
            file=sys.stderr,
        )
    return None


def load_command(args) -> int:
    """Load the packaged data and print how many rows were created, updated and unchanged."""
    from wangjian.core.actions.reference_data import load_divisions

    print(f"行政区划 / divisions: {load_divisions()}")
    return 0


def show_command(args) -> int:
    """Print one division: code, name, level and the chain of names above it."""
    from wangjian.core.divisions import name_chain

    division = _lookup(args.code)
    if division is None:
        return 1
    print(f"代码 / code: {division.code}")
    print(f"名称 / name: {division.name}")
    print(f"级别 / level: {_level_label(division.level)} ({division.level})")
    print(f"全称 / full name: {name_chain(division)}")
    return 0


def find_command(args) -> int:
    """Print one line per division matching the name: code, name, level, name chain."""
    from wangjian.core.divisions import find_divisions, name_chains

    within = None
    if args.within:
        within = _lookup(args.within)
        if within is None:
            return 1
    matches = find_divisions(args.name, within=within)
    if not matches:
        print(
            f"未找到名称含 {args.name!r} 的区划 / no division name matches {args.name!r}",
            file=sys.stderr,
        )
        return 1
    chains = name_chains(matches)
    for division in matches:
        print(
            f"{division.code}\t{division.name}\t{_level_label(division.level)}\t"
            f"{chains[division.code]}"
        )
    return 0
