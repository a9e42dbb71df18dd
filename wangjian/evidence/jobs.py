from wangjian.core.jobs import JobProgress, job_runner
from wangjian.core.models import Job


@job_runner("evidence.capture", capability="evidence.capture_evidence")
def capture_job(job: Job, progress: JobProgress) -> dict:
    """Capture and seal one page for the job's creator; parameters are capture_evidence's."""
    from wangjian.evidence.actions import capture_evidence

    progress.set_total(1)
    parameters = job.parameters
    item = capture_evidence(
        actor=job.created_by,
        url=parameters["url"],
        case_reference=parameters.get("case_reference", ""),
        case_reason=parameters.get("case_reason", ""),
        witness=parameters.get("witness", ""),
        subject_type=parameters.get("subject_type", ""),
        subject_id=parameters.get("subject_id", ""),
        steps=parameters.get("steps") or [],
        live_duration_seconds=float(parameters.get("live_duration_seconds") or 0),
    )
    progress.advance(1, f"已封存 {item.bundle_id} / sealed", force=True)
    return {"evidence_id": item.pk, "bundle_id": item.bundle_id, "log_index": item.log_index}


@job_runner("evidence.sign_checkpoint", capability="evidence.manage_custody_log")
def sign_checkpoint_job(job: Job, progress: JobProgress) -> dict:
    """Sign and timestamp the custody log's current head (run periodically by an operator)."""
    from wangjian.evidence.actions import sign_checkpoint

    checkpoint = sign_checkpoint(actor=job.created_by)
    progress.set_total(1)
    progress.advance(1, f"检查点 {checkpoint.size} / checkpoint", force=True)
    return {"size": checkpoint.size, "root_hash": checkpoint.root_hash}
