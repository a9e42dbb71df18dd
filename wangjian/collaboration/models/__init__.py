"""异地协查与移送: requests from one bureau to another, at any level and across provinces.

Legal basis: 《市场监督管理行政处罚程序规定》 (总局令第42号, 2021修订) on 协助调查 and 移送
(article numbers unconfirmed, see data/clocks.yaml); 《行政处罚法》 (2021) 第二十六条 on
assistance between administrative bodies.

Split by topic, as the actions are: requests (协查与移送), discipline (联合惩戒), risk (风险预警),
iot (物联感知), campaigns (专项整治) and indicators (数字经济监测指标); every model stays
importable from ``wangjian.collaboration.models``.
"""

from wangjian.collaboration.models.campaigns import Campaign as Campaign
from wangjian.collaboration.models.campaigns import CampaignScan as CampaignScan
from wangjian.collaboration.models.campaigns import CampaignTask as CampaignTask
from wangjian.collaboration.models.campaigns import MeetingRecord as MeetingRecord
from wangjian.collaboration.models.campaigns import ProgressReport as ProgressReport
from wangjian.collaboration.models.discipline import AppliedMeasure as AppliedMeasure
from wangjian.collaboration.models.discipline import DisciplineNotice as DisciplineNotice
from wangjian.collaboration.models.discipline import PartnerDepartment as PartnerDepartment
from wangjian.collaboration.models.indicators import IndicatorRound as IndicatorRound
from wangjian.collaboration.models.indicators import IndicatorValue as IndicatorValue
from wangjian.collaboration.models.iot import DeviceAlert as DeviceAlert
from wangjian.collaboration.models.requests import AssistanceRequest as AssistanceRequest
from wangjian.collaboration.models.requests import RequestAttachment as RequestAttachment
from wangjian.collaboration.models.requests import RequestEvidence as RequestEvidence
from wangjian.collaboration.models.requests import RequestMessage as RequestMessage
from wangjian.collaboration.models.risk import AlertSubscription as AlertSubscription
from wangjian.collaboration.models.risk import RiskAlert as RiskAlert
