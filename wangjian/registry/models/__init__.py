"""网络经营主体数据库: market entities, platforms, shops, sites, live rooms, licences, platform
submissions (报送) and what they raise (flags, referrals, entity links).

Legal bases: 《电子商务法》(2018) 第十条 (registration exemptions), 第十五条 (亮照亮证),
第二十七条 (platform KYC), 第二十八条 (reporting in-platform operators);
《网络交易监督管理办法》 (总局令第37号);
《网络交易合规数据报送管理暂行办法》 (in force 2025-04-25).

Split by topic, as the actions are: entities, platforms, shops, submissions, flags, links and
register; every model stays importable from ``wangjian.registry.models``.
"""

from wangjian.registry.models.entities import FormerName as FormerName
from wangjian.registry.models.entities import Licence as Licence
from wangjian.registry.models.entities import MarketEntity as MarketEntity
from wangjian.registry.models.entities import MerchantAccount as MerchantAccount
from wangjian.registry.models.flags import Flag as Flag
from wangjian.registry.models.flags import Referral as Referral
from wangjian.registry.models.links import EntityLink as EntityLink
from wangjian.registry.models.platforms import Platform as Platform
from wangjian.registry.models.platforms import PlatformAccount as PlatformAccount
from wangjian.registry.models.register import RegisterChange as RegisterChange
from wangjian.registry.models.register import RegisterLoad as RegisterLoad
from wangjian.registry.models.register import RegisterLoadError as RegisterLoadError
from wangjian.registry.models.shops import LiveHost as LiveHost
from wangjian.registry.models.shops import LiveRoom as LiveRoom
from wangjian.registry.models.shops import OnlineShop as OnlineShop
from wangjian.registry.models.shops import SelfRunSite as SelfRunSite
from wangjian.registry.models.submissions import Submission as Submission
from wangjian.registry.models.submissions import SubmissionError as SubmissionError
from wangjian.registry.models.submissions import SubmissionRecord as SubmissionRecord
