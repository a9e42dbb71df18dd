"""The written evaluation report (书面评估报告, 第二十九条) as a PDF.

Rendered by WeasyPrint from ``zones/report_pdf.html`` with the Noto CJK fonts of the Debian
package fonts-noto-cjk; the figures come from the report row, frozen when it was issued, so a
later change of the rubric does not change a report already given to the bureau.
"""

from django.template.loader import render_to_string

from wangjian.zones.programmes import citation_text, cite_rule


def report_context(report) -> dict:
    application = report.application
    programme = application.programme
    figures = report.figures
    groups = []
    for item in figures["items"]:
        if not groups or groups[-1]["name"] != item["group"]:
            groups.append(
                {
                    "name": item["group"],
                    "items": [],
                    "score": figures["groups"].get(item["group"], "0"),
                }
            )
        groups[-1]["items"].append(item)
    return {
        "report": report,
        "application": application,
        "programme": programme,
        "groups": groups,
        "figures": figures,
        "assignment": getattr(application, "assignment", None),
        "basis": citation_text(programme, "29"),
        "standard": citation_text(programme, "30"),
        "pass_mark_rule": cite_rule(programme, "pass_mark"),
        "rubric_unconfirmed": programme.rubric_verification == "unconfirmed",
    }


def render_report_html(report) -> str:
    """The report as HTML; refused if a staff-only verification note reached it."""
    from wangjian.core.documents import check_outgoing

    html = render_to_string("zones/report_pdf.html", report_context(report))
    return check_outgoing(html, title=f"{report.application.name} 第三方评估报告")


def render_report_pdf(report) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_report_html(report)).write_pdf()
