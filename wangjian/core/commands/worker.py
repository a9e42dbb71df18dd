"""``wangjian worker``: run the django-tasks database worker that executes jobs.

At start-up, and then every ``JOB_STALE_SECONDS``, it fails the jobs whose heartbeat stopped
(their worker was killed) and releases their batches, so that they can be started again.
"""

import logging
import threading

from django.core.management import call_command
from django.db import connection

logger = logging.getLogger(__name__)


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
    _report(recover_abandoned_jobs())
    if not args.batch:
        threading.Thread(target=_recover_periodically, name="job-recovery", daemon=True).start()
    options = {"interval": args.interval, "reload": False, "queue_name": "*"}
    if args.batch:
        options["batch"] = True
        options["startup_delay"] = False
    call_command("db_worker", **options)
    return 0


def recover_abandoned_jobs() -> list:
    from wangjian.core.actions.jobs import fail_abandoned_jobs

    return fail_abandoned_jobs(actor=None)


def _report(jobs) -> None:
    for job in jobs:
        print(f"任务 {job.pk}（{job.title}）已中断，标记为失败 / job {job.pk} abandoned: failed")


def _recover_periodically() -> None:
    from wangjian.core.actions.jobs import stale_after

    stop = threading.Event()
    while not stop.wait(stale_after().total_seconds()):
        try:
            _report(recover_abandoned_jobs())
        except Exception:
            logger.exception("recovering abandoned jobs")
        finally:
            connection.close()
