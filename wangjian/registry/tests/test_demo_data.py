import random

from wangjian.core.identifiers import check_resident_id, check_uscc
from wangjian.registry.demo import ENTITY_COUNT, build_register, demo_resident_id, demo_uscc


class Street:
    def __init__(self, pk, name):
        self.pk, self.name = pk, name


def test_demo_register_has_valid_unique_codes_and_yangpu_addresses():
    streets = [Street(1, "五角场街道"), Street(2, "殷行街道")]
    entities, former = build_register(random.Random(1), streets)

    assert len(entities) == ENTITY_COUNT
    assert len({entity["uscc"] for entity in entities}) == ENTITY_COUNT
    assert all(check_uscc(entity["uscc"]).valid for entity in entities)
    assert all(entity["registered_address"].startswith("上海市杨浦区") for entity in entities)
    assert set(former) <= {entity["uscc"] for entity in entities}


def test_demo_identifiers_carry_valid_check_characters():
    rng = random.Random(2)
    assert all(check_resident_id(demo_resident_id(rng)).valid for _ in range(200))
    assert (
        demo_uscc("91310110", "MA1Y0001")
        == "91310110MA1Y0001" + demo_uscc("91310110", "MA1Y0001")[16:]
    )
    assert check_uscc(demo_uscc("91310110", "MA1Y0001")).valid
