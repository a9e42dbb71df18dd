from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item, public_link

nav_item(250, _("经营者服务"), "services:merchant-home", "services.merchant_self_service")
nav_item(251, _("信用异议"), "services:objection-queue", "services.answer_objection")
nav_item(252, _("灵活就业登记"), "services:gig-batches", "services.view_gig_batches")
nav_item(249, _("专用信用报告"), "services:report-lookup", "services.issue_report")

public_link(400, _("核验专用信用报告"), "services:verify-report")
public_link(410, _("查验市场主体身份码"), "services:id-code-page")
nav_item(253, _("服务请求"), "services:service-queue", "services.answer_service_request")
nav_item(254, _("网络消费教育"), "services:education-manage", "services.draft_education")
nav_item(255, _("行业自律"), "services:associations", "services.manage_association")
public_link(420, _("网络消费教育"), "services:education-list")
public_link(430, _("知识产权与质量服务机构名录"), "services:service-directory")
