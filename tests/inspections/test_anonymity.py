"""A unit manager never learns who inspected them: no inspector name or username on any page,
export or file they can reach — only the team code."""
import io
import re

import pytest
from PIL import Image

from inspectapp.inspections import services
from inspectapp.inspections.models import Evidence
from tests.inspections.factories import exif_with_gps
from tests.inspections.factories import jpeg_bytes
from tests.inspections.factories import make_finding


@pytest.fixture
def published(world, app):
    import os

    root = os.path.join(app.instance_path, "uploads")
    a = make_finding(world.inspection, "B1", window=world.a12, actor=world.inspector, note="张秘访和李秘访同行")
    b = make_finding(world.inspection, "A3", window=world.a12, actor=world.team[1])
    services.add_evidence(a, jpeg_bytes((800, 600), exif=exif_with_gps()), "anon-photo-1", world.inspector, root,
                          filename="张秘访的照片.jpg")
    services.transition(world.inspection, "submit", world.inspector)
    services.transition(world.inspection, "publish", world.admin)
    return a, b


def _secrets(world):
    words = []
    for user in world.team:
        words += [user.display_name, user.username]
    return words


def _crawl(client, start):
    """Every same-site page and file linked from the start pages (one level deep from each)."""
    seen, bodies, queue = set(), {}, list(start)
    while queue:
        url = queue.pop(0)
        if url in seen or not url.startswith("/") or url.startswith(("/static/", "/auth/logout", "/lang/")):
            continue
        seen.add(url)
        response = client.get(url)
        bodies[url] = (response.status_code, response.data)
        response.close()
        if response.mimetype == "text/html":
            for link in re.findall(r'(?:href|src)="([^"#]+)"', response.get_data(as_text=True)):
                link = link.replace("&amp;", "&")
                if link.startswith("/inspections") or link == "/":
                    queue.append(link)
    return bodies


def test_unit_manager_sees_only_the_team_code(world, published, client, login_as):
    login_as(world.manager)
    bodies = _crawl(client, ["/", "/inspections/", f"/inspections/{world.inspection.id}", "/inspections/findings/",
                             "/inspections/findings.csv", "/inspections/findings.csv?status=all"])
    assert any(b"\xe7\xac\xac2\xe6\xa3\x80\xe6\x9f\xa5\xe7\xbb\x84" in body for _s,
               body in bodies.values())  # 第2检查组
    assert all(status == 200 for status, _b in bodies.values()), {u: s for u, (s, _b) in bodies.items()}
    assert len(bodies) >= 8, sorted(bodies)
    evidence_urls = [u for u in bodies if u.startswith("/inspections/evidence/")]
    assert evidence_urls, "the unit manager should see the photo of their own finding"
    for url, (_status, body) in bodies.items():
        for word in _secrets(world):
            assert word.encode() not in body, f"{word!r} leaked on {url}"
        assert "张秘访的照片".encode() not in body


def test_unit_manager_photo_copy_has_no_exif(world, published, client, login_as):
    login_as(world.manager)
    ev = Evidence.get()
    response = client.get(f"/inspections/evidence/{ev.id}")
    data = response.data
    response.close()
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(data)) as im:
        exif = im.getexif()
        assert not exif.get_ifd(0x8825) and 0x0110 not in exif and 0x010F not in exif
    assert "张秘访" not in response.headers.get("Content-Disposition", "")
    login_as(world.admin)
    original = client.get(f"/inspections/evidence/{ev.id}")
    data = original.data
    original.close()
    with Image.open(io.BytesIO(data)) as im:
        assert im.getexif().get_ifd(0x8825)  # admins get the file exactly as received


def test_other_units_and_outsiders_cannot_reach_the_evidence(world, published, client, login_as):
    ev = Evidence.get()
    for user in (world.estate_manager, world.outsider):
        login_as(user)
        assert client.get(f"/inspections/evidence/{ev.id}").status_code == 404
        assert client.get(f"/inspections/evidence/{ev.id}/thumb").status_code == 404
    client.get("/auth/logout")
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/inspections/evidence/{ev.id}").status_code == 302  # to the login page


def test_unit_manager_csv_has_team_code_and_no_names(world, published, client, login_as):
    login_as(world.manager)
    text = client.get("/inspections/findings.csv?status=all").data.decode("utf-8-sig")
    assert "第2检查组" in text and "工作时间玩手机" in text
    assert "张秘访" not in text and "同行" not in text  # inspectors' notes stay internal


def test_viewer_sees_published_results_without_names(world, published, client, login_as):
    login_as(world.viewer)
    html = client.get(f"/inspections/{world.inspection.id}").get_data(as_text=True)
    assert "第2检查组" in html
    for word in _secrets(world):
        assert word not in html


def test_evidence_files_are_never_under_static(world, published, app):
    import os

    ev = Evidence.get()
    static = os.path.realpath(app.static_folder)
    for name in (ev.stored_name, ev.public_name, ev.thumb_name):
        path = os.path.realpath(os.path.join(app.instance_path, "uploads", name))
        assert os.path.exists(path) and not path.startswith(static)


def test_unit_manager_guessing_urls_gets_nothing(world, published, client, login_as):
    a, _b = published
    login_as(world.manager)
    ev = Evidence.get()
    refused = {
        f"/inspections/findings/{a.id}/review": 403,
        f"/inspections/{world.inspection.id}/api/state": 403,
        f"/inspections/{world.inspection.id}/checklist": 403,
        f"/inspections/{world.inspection.id}/findings/{a.client_id}": 403,
        f"/inspections/{world.inspection.id}/edit": 403,
        "/inspections/checklists/": 403,
        "/audit/": 403,
        "/auth/users/": 403,
    }
    for url, status in refused.items():
        response = client.get(url)
        assert response.status_code == status, url
        for word in _secrets(world):
            assert word.encode() not in response.data, (word, url)
    # Another unit's manager: the inspection itself is out of reach.
    login_as(world.estate_manager)
    assert client.get(f"/inspections/{world.inspection.id}").status_code == 404
    assert client.get(f"/inspections/evidence/{ev.id}").status_code == 404
