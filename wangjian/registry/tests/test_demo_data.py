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


def test_demo_representatives_are_varied_people_a_few_shared_by_id_not_by_name():
    from wangjian.registry.demo import SHARED_PEOPLE

    streets = [Street(1, "五角场街道")]
    entities, _former = build_register(random.Random(1), streets)
    names = [entity["legal_representative"] for entity in entities]
    assert all(2 <= len(name) <= 3 for name in names)
    assert len(set(names)) > 500
    by_person: dict[str, set[str]] = {}
    for entity in entities:
        by_person.setdefault(entity["legal_representative_id_hash"], set()).add(entity["uscc"])
    shared = [codes for codes in by_person.values() if len(codes) > 1]
    # The same person (ID hash) heads two entities only where the demo means it to.
    assert len(shared) == SHARED_PEOPLE
    assert all(len(codes) == 2 for codes in shared)
    # Common names recur among different people: a name alone would link strangers.
    people_per_name: dict[str, set[str]] = {}
    for entity in entities:
        people_per_name.setdefault(entity["legal_representative"], set()).add(
            entity["legal_representative_id_hash"]
        )
    assert max(len(people) for people in people_per_name.values()) > 1
