import pytest

from wangjian.monitoring.engine.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


@pytest.fixture
def legal(db):
    from wangjian.core.legal_catalogue import load_legal_catalogue

    load_legal_catalogue()


@pytest.fixture
def world(divisions, legal):
    from wangjian.monitoring.tests.factories import make_monitoring_world

    return make_monitoring_world(divisions)


@pytest.fixture
def platform_user(world):
    from wangjian.registry.tests.factories import make_platform_user

    return make_platform_user(world["platform"])


@pytest.fixture
def batch(world, regulator):
    from wangjian.monitoring.tests.factories import feed_batch

    return feed_batch(regulator, world)
