"""Cases (案件) of the ordinary procedure, their approvals, paused intervals and transfers, and
the non-penalty tools (行政指导). Every change goes through ``actions``.

Split by topic: cases (numbers, cases, approvals, paused intervals, transfers), guidance,
records (笔录 and hearings) and measures (强制措施, 移送司法机关); every model stays importable
from ``wangjian.enforcement.models``.
"""

from wangjian.enforcement.models.cases import Approval as Approval
from wangjian.enforcement.models.cases import Case as Case
from wangjian.enforcement.models.cases import NumberCounter as NumberCounter
from wangjian.enforcement.models.cases import Pause as Pause
from wangjian.enforcement.models.cases import Transfer as Transfer
from wangjian.enforcement.models.guidance import Guidance as Guidance
from wangjian.enforcement.models.measures import JudicialTransfer as JudicialTransfer
from wangjian.enforcement.models.measures import Measure as Measure
from wangjian.enforcement.models.records import CaseRecord as CaseRecord
from wangjian.enforcement.models.records import CaseRecordAttachment as CaseRecordAttachment
from wangjian.enforcement.models.records import HearingRecord as HearingRecord
