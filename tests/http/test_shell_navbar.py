"""The navbar: short labels on one line, admin pages in one «Сервис» menu, a compact
user menu, and a menu button whose accessible name is Russian."""

from __future__ import annotations

import json

import pytest
from dash.exceptions import PreventUpdate

from callbacks.shell import toggle_menu
from dashboard import strings
from dashboard.ids import Nav
from dashboard.web import shell


def _layout(client_for, login: str) -> str:
    body = client_for(login).get("/_dash-layout").get_data(as_text=True)
    return json.dumps(json.loads(body), ensure_ascii=False)


def test_the_menu_button_is_named_in_russian(client_for):
    text = _layout(client_for, "director")
    assert "Toggle navigation" not in text
    assert f'"aria-label": "{strings.NAV_TOGGLE}"' in text
    assert f'"id": "{Nav.TOGGLER}"' in text


def test_admin_pages_sit_in_one_menu_and_only_for_the_admin(client_for):
    admin, director = _layout(client_for, "admin"), _layout(client_for, "director")
    assert strings.NAV_ADMIN in admin and strings.NAV_ADMIN not in director
    for path in shell.ADMIN_LINKS:
        assert f'"href": "{path}"' in admin and f'"href": "{path}"' not in director
    # the short labels, not the pages' full titles
    assert strings.NAV_SHORT["/rankings"] in admin and strings.NAV["/rankings"] not in admin


def test_the_user_menu_is_the_login_with_role_and_logout_inside(client_for):
    text = _layout(client_for, "director")
    assert f'"id": "{Nav.USER}"' in text and '"label": "director"' in text
    assert strings.ROLE_NAMES["school"] in text and '"action": "/logout"' in text
    assert '"method": "POST"' in text and '"href": "/account/password"' in text


def test_labels_are_short_enough_for_one_line():
    # 1366 px holds ten links of at most 14 characters beside the brand and the user menu
    assert all(len(strings.NAV_SHORT[p]) <= 14 for p in shell.MAIN_LINKS)
    assert shell.EXPAND == "xl"


def test_the_menu_button_opens_and_closes_the_menu():
    assert toggle_menu(1, False) is True
    assert toggle_menu(2, True) is False
    with pytest.raises(PreventUpdate):
        toggle_menu(None, False)
