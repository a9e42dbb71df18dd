"""Self-run sites and live rooms recorded and edited by hand: audited, checked and scoped."""

import pytest
from django.urls import reverse

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.registry.error_codes import RegistryNotPermitted, RegistryRefused
from wangjian.registry.maintenance import create_live_room, create_site, edit_live_room, edit_site
from wangjian.registry.tests.factories import make_two_shop_register


@pytest.fixture
def world(divisions):
    return make_two_shop_register(divisions)


def test_a_site_is_checked_recorded_and_edited_with_before_and_after(world, section_chief):
    with pytest.raises(RegistryRefused) as error:
        create_site(
            actor=section_chief,
            entity=world["food"],
            kind="website",
            name="甲乙食品官网",
            url="https://jiayi.example.cn",
            icp_filing="备案123",
        )
    assert "ICP备案号 备案123 格式应如" in str(error.value)
    site = create_site(
        actor=section_chief,
        entity=world["food"],
        kind="website",
        name="甲乙食品官网",
        url="https://jiayi.example.cn",
        icp_filing="沪ICP备20260001号-1",
    )
    edit_site(actor=section_chief, site=site, kind="mini_program")
    event = AuditEvent.objects.get(event_type="registry.site_edited")
    assert (event.before, event.after) == ({"kind": "website"}, {"kind": "mini_program"})


def test_live_rooms_are_unique_per_shop_and_scoped_by_the_shops_division(world, section_chief):
    room = create_live_room(
        actor=section_chief, shop=world["yangpu_shop"], room_id="R-1", name="甲乙零食直播间"
    )
    with pytest.raises(RegistryRefused):
        create_live_room(actor=section_chief, shop=world["yangpu_shop"], room_id="R-1", name="重复")
    with pytest.raises(RegistryNotPermitted):
        create_live_room(
            actor=section_chief, shop=world["pudong_shop"], room_id="R-9", name="浦东直播间"
        )
    edit_live_room(actor=section_chief, room=room, name="甲乙零食官方直播间")
    room.refresh_from_db()
    assert room.name == "甲乙零食官方直播间"


def test_site_edit_page_scoping(world, section_chief, other_section_chief, regulator):
    site = create_site(
        actor=section_chief, entity=world["food"], kind="app", name="甲乙App", url="jiayi-app"
    )
    case = ScopingCase(
        url=reverse("registry:site-edit", args=[site.pk]),
        missing_url=reverse("registry:site-edit", args=[999999]),
        api=False,
    )
    assert_scoping_matrix(
        case,
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=regulator,
    )


def test_live_room_edit_page_scoping(world, section_chief, other_section_chief, regulator):
    room = create_live_room(
        actor=section_chief, shop=world["yangpu_shop"], room_id="R-2", name="甲乙直播"
    )
    case = ScopingCase(
        url=reverse("registry:live-room-edit", args=[room.pk]),
        missing_url=reverse("registry:live-room-edit", args=[999999]),
        method="post",
        data={"room_id": "R-2", "name": "甲乙直播（改）"},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        case,
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=regulator,
    )
    room.refresh_from_db()
    assert room.name == "甲乙直播（改）"
