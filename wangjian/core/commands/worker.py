"""``wangjian worker``: run the django-tasks database worker that executes jobs."""

from django.core.management import call_command


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "worker", help="运行后台任务进程 / run the background job worker"
    )
    parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    parser.set_defaults(handler=worker_command)


def worker_command(args) -> int:
    from wangjian.core.security import refuse_insecure_defaults

    refuse_insecure_defaults()
    options = {"interval": args.interval, "reload": False, "queue_name": "*"}
    if args.batch:
        options["batch"] = True
        options["startup_delay"] = False
    call_command("db_worker", **options)
    return 0
