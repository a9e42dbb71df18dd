import pytest

from wangjian.complaints.tests.factories import make_world
from wangjian.core.legal_catalogue import load_legal_catalogue


@pytest.fixture
def legal(db):
    load_legal_catalogue()


@pytest.fixture
def world(divisions, legal):
    return make_world(divisions)
