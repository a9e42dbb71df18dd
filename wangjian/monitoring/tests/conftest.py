import pytest

from wangjian.monitoring.engine.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()
