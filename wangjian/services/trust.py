"""This deployment's trust anchors for reports: the evidence platform key (it signs the report
PDF and its payload) and the TSA roots, both from ``wangjian.evidence.config``."""

from wangjian.evidence import config
from wangjian.evidence.bundle import keys
from wangjian.services.signing import key_id


def report_key():
    return config.platform_key()


def report_public_keys() -> dict:
    public = config.platform_key().public_key()
    return {key_id(public): public}


def platform_fingerprints() -> set[str]:
    return {keys.key_fingerprint(config.platform_key().public_key())}


def verify_report_file(pdf: bytes):
    from wangjian.services.report import verify_report_pdf

    return verify_report_pdf(
        pdf,
        platform_fingerprints=platform_fingerprints(),
        public_keys=report_public_keys(),
        tsa_roots=config.tsa_roots(),
    )
