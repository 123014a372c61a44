"""Ids typed as text are ASCII digits or nothing: "²" is a digit to str.isdigit() but int() refuses
it, which used to be a 500 wherever an id came from a form or a query string."""
import pytest

from tests.security.test_fuzz_forms import _client
from tests.security.world import build_world

ODD_DIGITS = ["²", "١٢", "１２", "9" * 25]


@pytest.fixture
def world(app):
    return build_world(app)


@pytest.mark.parametrize("odd", ODD_DIGITS)
def test_odd_digits_never_reach_int(app, world, odd):
    citizen, admin, manager = (_client(app, world, i) for i in ("anon", "admin", "manager"))
    answered = citizen.post(f"/q/{world.survey.token}", data={"key": f"odd-digit-key-{len(odd):04d}", "v": odd,
                                                               "Q1": "1", "nav": "next"})
    assert answered.status_code == 303  # the current version is used, the answer kept
    assert admin.post(f"/surveys/{world.appraisal.id}/ranking/confirm", data={"subjects": odd}).status_code == 302
    assert manager.post(f"/rectifications/{world.case.id}/report",
                        data={"action": f"withdraw-{odd}"}).status_code == 404
    assert admin.get(f"/reports/bulletins/?hall={odd}").status_code == 200
    assert admin.get(f"/rectifications/?unit={odd}").status_code == 400
