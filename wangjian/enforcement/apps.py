from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "wangjian.enforcement"
    label = "enforcement"

    def ready(self) -> None:
        # A report whose verification ends in "file a case" opens a case here
        # (complaints.outcomes.CASE_FILING_HOOKS); complaints never imports enforcement.
        from wangjian.complaints import outcomes
        from wangjian.enforcement.actions.sources import case_from_filed_report

        if case_from_filed_report not in outcomes.CASE_FILING_HOOKS:
            outcomes.CASE_FILING_HOOKS.append(case_from_filed_report)

        # A 行政检查 concluded with 立案查处 (or not corrected on re-check) opens a case here.
        from wangjian.enforcement.actions.sources import (
            case_from_field_inspection,
            case_from_sample,
        )
        from wangjian.inspections import hooks

        if case_from_field_inspection not in hooks.CASE_OPENING_HOOKS:
            hooks.CASE_OPENING_HOOKS.append(case_from_field_inspection)
        if case_from_sample not in hooks.SAMPLE_CASE_HOOKS:
            hooks.SAMPLE_CASE_HOOKS.append(case_from_sample)
