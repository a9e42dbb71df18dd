"""Models of the 示范区 (demonstration-zone) lifecycle.

The programme's rules live in ``Programme.rules`` as loaded from ``data/programmes/*.yaml``; an
application keeps the programme version it was created under, so a past decision can be
reproduced with the rules that applied to it.

Split by topic, as the actions are: programmes, applications, creation, evaluation,
designation, management and indicators; article numbers are those of the programme's
measures (浙江省网络监管与服务示范区创建办法(试行) for the Zhejiang programme). Every model stays
importable from ``wangjian.zones.models``.
"""

from wangjian.zones.models.applications import StepRecord as StepRecord
from wangjian.zones.models.applications import ZoneApplication as ZoneApplication
from wangjian.zones.models.applications import ZoneState as ZoneState
from wangjian.zones.models.creation import CreationTask as CreationTask
from wangjian.zones.models.creation import Guidance as Guidance
from wangjian.zones.models.creation import TaskProgressReport as TaskProgressReport
from wangjian.zones.models.designation import Objection as Objection
from wangjian.zones.models.designation import SupportRecord as SupportRecord
from wangjian.zones.models.evaluation import EvaluationReport as EvaluationReport
from wangjian.zones.models.evaluation import EvaluatorAssignment as EvaluatorAssignment
from wangjian.zones.models.evaluation import ItemScore as ItemScore
from wangjian.zones.models.evaluation import PublicFeedback as PublicFeedback
from wangjian.zones.models.evaluation import QuestionnaireResponse as QuestionnaireResponse
from wangjian.zones.models.indicators import IndicatorDefinition as IndicatorDefinition
from wangjian.zones.models.indicators import IndicatorValue as IndicatorValue
from wangjian.zones.models.management import AnnualSummary as AnnualSummary
from wangjian.zones.models.management import Sanction as Sanction
from wangjian.zones.models.programmes import Programme as Programme
from wangjian.zones.models.programmes import RubricItem as RubricItem
