from wangjian.core.querysets import JurisdictionQuerySet


class EvidenceItemQuerySet(JurisdictionQuerySet):
    """Evidence belongs to the jurisdiction of the bureau whose officer collected it."""

    def for_case(self, reference: str):
        return self.filter(case_reference=reference)

    def for_subject(self, subject_type: str, subject_id: str):
        return self.filter(subject_type=subject_type, subject_id=subject_id)
