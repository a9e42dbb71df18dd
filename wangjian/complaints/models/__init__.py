"""投诉举报: complaints and reports, their statutory clocks, handling steps, near-duplicates,
serial-claim flags, hot spots and consumer warnings (消费警示).

Legal basis: 《市场监督管理投诉举报处理暂行办法》 (总局令第20号, 2019, amended 2022; repealed
2026-04-15) and 《市场监督管理投诉举报处理办法》 (总局令第121号, in force 2026-04-15); which one
applies to a record is its ``rule_version`` (``rules.rules_on(received_on)``).

Split by topic, as the actions are: records (the complaint itself), clocks, handling
(transfers, mediation, notices), screening (duplicates, serial claims), hotspots (热点 and
消费警示), intake (12315 imports, ODR units) and evidence; every model stays importable from
``wangjian.complaints.models``.
"""

from wangjian.complaints.models.clocks import ClockStep as ClockStep
from wangjian.complaints.models.evidence import ComplaintAttachment as ComplaintAttachment
from wangjian.complaints.models.handling import MediationSession as MediationSession
from wangjian.complaints.models.handling import NoticeDelivery as NoticeDelivery
from wangjian.complaints.models.handling import Transfer as Transfer
from wangjian.complaints.models.hotspots import ConsumerWarning as ConsumerWarning
from wangjian.complaints.models.hotspots import HotSpot as HotSpot
from wangjian.complaints.models.intake import ImportBatch as ImportBatch
from wangjian.complaints.models.intake import ImportRowError as ImportRowError
from wangjian.complaints.models.intake import OdrParticipant as OdrParticipant
from wangjian.complaints.models.records import Complaint as Complaint
from wangjian.complaints.models.screening import DuplicateLink as DuplicateLink
from wangjian.complaints.models.screening import SerialFlag as SerialFlag
from wangjian.complaints.models.screening import SignatureBand as SignatureBand
