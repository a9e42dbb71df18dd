"""Monthly classification (月度信用风险分类) as a job."""

import datetime as dt

from wangjian.core.jobs import JobProgress, job_runner
from wangjian.core.models import Job


@job_runner("credit.monthly_tiers", capability="credit.recompute")
def monthly_tiers_job(job: Job, progress: JobProgress) -> dict:
    from wangjian.credit.actions import recompute_tiers

    as_of = job.parameters.get("as_of")
    run = recompute_tiers(
        actor=job.created_by,
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
        # The starter's jurisdiction; a national administrator's covers the whole register.
        division=job.division,
    )
    progress.set_total(run.entity_count)
    progress.advance(run.entity_count, force=True)
    return {"run": run.pk, "as_of": run.as_of.isoformat(), "entities": run.entity_count}
