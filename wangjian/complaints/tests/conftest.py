import pytest

from wangjian.complaints.tests.factories import make_world
from wangjian.core.legal_catalogue import load_legal_catalogue


@pytest.fixture
def legal(db):
    load_legal_catalogue()


@pytest.fixture
def world(divisions, legal):
    return make_world(divisions)


@pytest.fixture
def platform_user(world):
    from wangjian.registry.tests.factories import make_platform_user

    return make_platform_user(world["platform"])


@pytest.fixture
def shop_merchant(world):
    """The merchant account of the Yangpu shop's operator (甲乙食品)."""
    from wangjian.core.choices import Role
    from wangjian.core.tests.factories import make_user
    from wangjian.registry.models import MerchantAccount

    user = make_user("food_merchant", Role.MERCHANT)
    MerchantAccount.objects.create(user=user, entity=world["food"])
    return user
