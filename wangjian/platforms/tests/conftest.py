import pytest

from wangjian.registry.tests.factories import (
    make_entity,
    make_fixture_register,
    make_platform_user,
    make_uscc,
)


@pytest.fixture
def register(divisions):
    return make_fixture_register(divisions)


@pytest.fixture
def platform(register):
    return register["platform"]


@pytest.fixture
def platform_user(platform):
    return make_platform_user(platform)


@pytest.fixture
def other_platform(divisions):
    from wangjian.registry.actions import register_platform

    operator = make_entity(
        make_uscc("91310110", "MA1P0002"), "上海杨浦另一网络科技有限公司", divisions["yangpu"]
    )
    return register_platform(
        actor=None, entity=operator, name="另一商城", division=divisions["yangpu"]
    )


@pytest.fixture
def other_platform_user(other_platform):
    return make_platform_user(other_platform, username="platform2")
