"""平台: classification inputs and results, obligation declarations, rule-change notices,
data-compliance self-assessments and compliance guides.

Legal bases: 《电子商务法》 (2018) 第二十七至三十九条 (platform operators' duties);
《网络交易监督管理办法》 (总局令第37号);
《互联网平台分类分级指南（征求意见稿）》 (2021-10-29, draft);
《个人信息保护法》, 《数据安全法》, 《网络数据安全管理条例》 (in force 2025-01-01).

Split by topic, as the actions are: classification, obligations, assessments, guides,
requests and notices; every model stays importable from ``wangjian.platforms.models``.
"""

from wangjian.platforms.models.assessments import AssessmentComment as AssessmentComment
from wangjian.platforms.models.assessments import RectificationItem as RectificationItem
from wangjian.platforms.models.assessments import SelfAssessment as SelfAssessment
from wangjian.platforms.models.classification import (
    PlatformClassification as PlatformClassification,
)
from wangjian.platforms.models.classification import PlatformYearInput as PlatformYearInput
from wangjian.platforms.models.guides import ComplianceGuide as ComplianceGuide
from wangjian.platforms.models.notices import PlatformNotice as PlatformNotice
from wangjian.platforms.models.obligations import ObligationDeclaration as ObligationDeclaration
from wangjian.platforms.models.obligations import RuleChangeNotice as RuleChangeNotice
from wangjian.platforms.models.requests import ActionReplyAttachment as ActionReplyAttachment
from wangjian.platforms.models.requests import PlatformActionRequest as PlatformActionRequest
