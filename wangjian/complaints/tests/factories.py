"""Test data for the complaints app: a small register (through the registry's actions; shops
as a platform's submission would leave them) and submissions through the intake action."""

from wangjian.complaints.actions import IntakeData, file_submission
from wangjian.complaints.choices import Channel, RecordKind
from wangjian.registry.tests.factories import make_two_shop_register


def make_world(divisions) -> dict:
    return make_two_shop_register(divisions)


FACTS = (
    "本人于2026年1月3日在好物商城甲乙食品旗舰店购买进口坚果礼盒两盒，共计298元。收到后发现外包装"
    "标注的生产日期晚于收货日期，且部分坚果已经发霉变质，联系客服要求退款，商家以已拆封为由拒绝。"
)
REQUEST = "退还货款298元并赔偿。"


def intake(**overrides) -> IntakeData:
    values = {
        "kinds": (RecordKind.COMPLAINT,),
        "respondent_name": "甲乙食品旗舰店",
        "shop_url": "https://shop.haowu.example/s/001",
        "platform_name": "好物商城",
        "facts": FACTS,
        "request": REQUEST,
        "complainant_name": "陈晓明",
        "complainant_phone": "13812345678",
        "complainant_address": "上海市杨浦区国权路100弄5号",
        "category": "食品",
        "issue": "质量问题",
    }
    values.update(overrides)
    return IntakeData(**values)


def file(received_by, *, actor=None, on=None, channel=Channel.WEB_FORM, **overrides):
    """File a submission and run the screening the worker would run right after."""
    from wangjian.complaints.actions import screen_pending

    filed = file_submission(
        actor=actor,
        data=intake(**overrides),
        channel=channel,
        received_by=received_by,
        received_on=on,
    )
    screen_pending()
    return filed
