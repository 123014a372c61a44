"""The inspector's phone in a real browser: offline draft, uploads that are never lost or duplicated,
the server-rendered flow with JavaScript off, and how it looks at 375 and 320 px."""
import threading

import pytest
from PIL import Image
from playwright.sync_api import expect
from werkzeug.serving import WSGIRequestHandler
from werkzeug.serving import make_server

from inspectapp.auth.roles import Role
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import WindowVisit
from tests import audio_samples
from tests.browser.conftest import PHONE
from tests.browser.conftest import login
from tests.browser.conftest import screenshot
from tests.factories import make_hall
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window
from tests.inspections.factories import exif_with_gps
from tests.inspections.factories import make_inspection


class RequestLog:
    """WSGI middleware: the paths the server received (proves what did not reach it)."""

    def __init__(self, app):
        self.app, self.paths = app, []

    def __call__(self, environ, start_response):
        self.paths.append(environ.get("REQUEST_METHOD") + " " + environ.get("PATH_INFO", ""))
        return self.app(environ, start_response)


class NoKeepAlive(WSGIRequestHandler):
    # One request per connection: once the server is stopped, no pooled connection can still reach it.
    protocol_version = "HTTP/1.0"


class Server:
    """The app on a loopback port that can really go away (connection refused) and come back."""

    def __init__(self, app):
        self.app, self.port = app, 0
        self.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True, request_handler=NoKeepAlive)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server(app):
    server = Server(app)
    yield server
    server.stop()


@pytest.fixture
def field(app):
    hall = make_hall(name="临江市政务服务中心")
    social, estate = make_unit(short_name="社保"), make_unit(short_name="不动产")
    inspector = make_user(Role.INSPECTOR, username="anfang1", display_name="暗访员甲")
    windows = {n: make_window(hall=hall, unit=u, number=n) for n, u in (("A12", social), ("A13", social),
                                                                          ("B03", estate))}
    inspection = make_inspection(hall=hall, members=[inspector], team_no=2)
    log = RequestLog(app.wsgi_app)
    app.wsgi_app = log
    return inspection, windows, inspector, log


@pytest.fixture
def big_photo(tmp_path):
    path = tmp_path / "IMG_20261122_101300.jpg"
    image = Image.new("RGB", (3000, 2250), (96, 104, 112))
    for x in range(0, 3000, 150):  # some structure, so the JPEG is not trivially small
        image.paste((140, 120, 100), (x, 0, x + 40, 2250))
    image.save(path, "JPEG", quality=92, exif=exif_with_gps())
    return str(path)


def viewport_shot(page, name):
    """What the phone screen shows right now (the sheet is fixed to the bottom of the viewport)."""
    path = screenshot(page, name)
    page.screenshot(path=path.replace(".png", "-screen.png"), full_page=False)
    return path




def _open_checklist(page, base, inspection):
    page.goto(f"{base}/inspections/{inspection.id}/checklist")
    page.wait_for_selector("#ck[data-ready='1']")


def _tap(page, code):
    button = page.locator(f".ck-item[data-code='{code}']")
    group = button.locator("xpath=ancestor::details")
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    button.click()
    page.wait_for_selector("#ck-sheet:not([hidden])")


def _done(page):
    page.click("#ck-f-done")
    page.wait_for_selector("#ck-sheet", state="hidden")


def _photo_finding_at_a12(page, base, field, code, photo):
    """Log in as the inspector, open the checklist, record `code` at A12 with one photo, close the sheet."""
    inspection, windows, inspector, _log = field
    login(page, base, inspector.username)
    _open_checklist(page, base, inspection)
    page.select_option("#ck-window", str(windows["A12"].id))
    _tap(page, code)
    page.set_input_files("#ck-f-photo", photo)
    page.wait_for_selector("#ck-f-media img")
    _done(page)


def _rows(inspection):
    return list(Finding.select().where(Finding.inspection == inspection).order_by(Finding.id))


def test_offline_findings_with_photo_survive_reload_and_reach_the_server_once(server, phone, field, big_photo):
    inspection, windows, inspector, log = field
    live_server = server.url
    context = phone.context
    errors = []
    phone.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(phone, live_server, inspector.username)
    _open_checklist(phone, live_server, inspection)
    phone.wait_for_selector("#ck[data-offline-ready='1']")

    # Online: one finding at A12, saved at once.
    phone.select_option("#ck-window", str(windows["A12"].id))
    _tap(phone, "B1")
    assert phone.input_value("#ck-f-sentence").endswith("A12窗口（社保）工作人员工作时间玩手机")
    phone.fill("#ck-f-staff", "S0012")
    _done(phone)
    phone.wait_for_selector("#ck[data-pending='0']")
    assert len(_rows(inspection)) == 1

    # Signal lost mid-inspection. Chromium's offline emulation does not cover every request of a
    # page served by a service worker, so the server goes away too: whatever loads from here on
    # can only come from the phone itself.
    context.set_offline(True)
    server.stop()
    mark = len(log.paths)
    phone.select_option("#ck-window", str(windows["B03"].id))
    _tap(phone, "C1")
    phone.set_input_files("#ck-f-photo", big_photo)
    phone.wait_for_selector("#ck-f-media img")
    assert "待上传" in phone.inner_text("#ck-f-media")
    viewport_shot(phone, "inspection-offline-sheet-375")
    _done(phone)
    _tap(phone, "D1")
    phone.fill("#ck-f-note", "办事群众问了三次才回答")
    _done(phone)
    assert phone.get_attribute("#ck", "data-pending") == "3"  # two findings and one photo
    _tap(phone, "E9")  # a mis-tap, deleted on the phone: it must never become a finding
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.click("#ck-f-withdraw")
    phone.wait_for_selector("#ck-sheet", state="hidden")
    assert "离线" in phone.inner_text("#ck-sync")
    screenshot(phone, "inspection-offline-list-375")

    # Reload while offline: the page comes from the service worker, the draft from IndexedDB.
    phone.reload()
    phone.wait_for_selector("#ck[data-ready='1']")
    live = "#ck-list .ck-finding:not(.is-withdrawn)"
    assert phone.locator(live).count() == 3
    assert phone.locator(f"{live} .ck-pending").count() == 3  # two findings, one photo
    assert phone.locator("#ck-list img").count() == 1
    assert phone.input_value("#ck-window") == str(windows["B03"].id)

    # Close the tab and open the checklist again, still offline.
    phone.close()
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server}/inspections/{inspection.id}/checklist")
    page.wait_for_selector("#ck[data-ready='1']")
    assert page.locator(live).count() == 3
    # A13 checked and clean: noted on the phone, sent later.
    pending = int(page.get_attribute("#ck", "data-pending"))
    page.select_option("#ck-window", str(windows["A13"].id))
    page.click("#ck-clean button")
    page.wait_for_selector(f"#ck[data-pending='{pending + 1}']")
    assert log.paths[mark:] == [], "nothing may reach the server while offline"
    assert len(_rows(inspection)) == 1

    # Back online: everything goes up, each exactly once.
    server.start()
    context.set_offline(False)
    page.wait_for_selector("#ck[data-pending='0']", timeout=45_000)
    assert page.locator("#ck-list .ck-saved").count() == 4  # three findings and the photo
    page.wait_for_selector("#ck-sync:has-text('全部已保存到服务器')")
    screenshot(page, "inspection-synced-375")

    rows = _rows(inspection)
    assert [(r.item.code, r.window.number) for r in rows] == [("B1", "A12"), ("C1", "B03"), ("D1", "B03")]
    assert all(r.status == FindingStatus.ACTIVE for r in rows)
    assert rows[0].staff_no == "S0012" and "工号S0012" in rows[0].sentence
    assert rows[2].note == "办事群众问了三次才回答"
    assert rows[1].sentence.endswith("B03窗口（不动产）工作人员未佩戴工牌")
    [photo] = Evidence.select()
    assert photo.finding_id == rows[1].id and photo.kind == "photo"
    assert max(photo.width, photo.height) <= 2000 and not photo.had_location  # downscaled on the phone
    visited = {v.window.number for v in WindowVisit.select().where(WindowVisit.inspection == inspection)}
    assert visited == {"A12", "A13", "B03"}
    # The offline findings keep the time they were tapped, not the time they were uploaded.
    assert rows[1].recorded_at < rows[1].received_at
    # Failed fetches while offline are logged by Chromium; anything else would be a bug.
    assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e and "ERR_CONNECTION_REFUSED" not in e] == []


def test_lost_responses_are_retried_without_duplicates(live_server, phone, field, big_photo):
    inspection, windows, inspector, log = field
    login(phone, live_server, inspector.username)
    _open_checklist(phone, live_server, inspection)
    lost = {"findings": 0, "evidence": 0}

    def lose_first_answer(route):
        kind = "evidence" if route.request.url.endswith("/evidence") else "findings"
        response = route.fetch()  # the server stores it …
        if lost[kind] < 1:
            lost[kind] += 1
            route.abort("connectionreset")  # … but the phone never hears back
        else:
            route.fulfill(response=response)

    phone.route("**/api/findings**", lose_first_answer)
    phone.select_option("#ck-window", str(windows["A13"].id))
    _tap(phone, "A3")
    phone.set_input_files("#ck-f-photo", big_photo)
    # An audio note as a phone recorder saves it (WebM/Opus); kept as recorded, not re-encoded.
    phone.set_input_files("#ck-f-audio", files=[{"name": "note.webm", "mimeType": "audio/webm",
                                                  "buffer": audio_samples.webm()}])
    phone.wait_for_selector("#ck-f-media .ck-audio")
    _done(phone)
    phone.wait_for_selector("#ck[data-pending='0']", timeout=30_000)
    assert lost == {"findings": 1, "evidence": 1}
    assert len(_rows(inspection)) == 1
    assert sorted(e.kind for e in Evidence.select()) == ["audio", "photo"]
    posts = [p for p in log.paths if p.startswith("POST") and "/api/" in p]
    assert len(posts) >= 4  # each of the two was sent at least twice


def test_checklist_works_without_javascript(live_server, browser, field, big_photo):
    inspection, windows, inspector, _log = field
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    try:
        login(page, live_server, inspector.username)
        page.goto(f"{live_server}/inspections/{inspection.id}/checklist")
        page.select_option("#ck-window", str(windows["A12"].id))
        page.click(".ck-go")
        page.locator(".ck-group summary", has_text="工作纪律").click()
        page.click(".ck-item[data-code='B1']")
        page.wait_for_url("**/findings/**")
        page.fill("#staff_no", "S0099")
        page.set_input_files("#photo", big_photo)
        screenshot(page, "inspection-nojs-finding-375")
        page.click("button.ck-done")
        page.wait_for_url("**/checklist?window=*")
        assert "已保存到服务器" in page.inner_text(".flash")
        [row] = _rows(inspection)
        assert row.staff_no == "S0099" and row.window_id == windows["A12"].id
        [photo] = Evidence.select()
        assert (photo.width, photo.height) == (3000, 2250) and photo.had_location  # the original, as sent
    finally:
        context.close()


def test_phone_checklist_fits_320_px(live_server, browser, field):
    inspection, windows, inspector, _log = field
    context = browser.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    page = context.new_page()
    try:
        login(page, live_server, inspector.username)
        _open_checklist(page, live_server, inspection)
        page.select_option("#ck-window", str(windows["A12"].id))
        page.locator(".ck-group summary").first.click()
        page.locator(".ck-group").nth(1).locator("summary").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        screenshot(page, "inspection-checklist-320")
        _tap(page, "B1")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        viewport_shot(page, "inspection-sheet-320")
    finally:
        context.close()


def test_phone_checklist_at_375(live_server, phone, field):
    inspection, windows, inspector, _log = field
    login(phone, live_server, inspector.username)
    _open_checklist(phone, live_server, inspection)
    screenshot(phone, "inspection-checklist-start-375")
    phone.select_option("#ck-window", str(windows["A12"].id))
    phone.locator(".ck-group").nth(1).locator("summary").click()
    screenshot(phone, "inspection-checklist-375")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    # Discreet: no saturated colour anywhere on the page (max channel spread stays small).
    spread = phone.evaluate("""() => {
        let worst = 0;
        for (const el of document.querySelectorAll('*')) {
          const s = getComputedStyle(el);
          for (const c of [s.color, s.backgroundColor, s.borderTopColor]) {
            const m = c.match(/rgba?\\((\\d+), (\\d+), (\\d+)(?:, ([\\d.]+))?/);
            if (!m || (m[4] !== undefined && Number(m[4]) === 0)) continue;
            const v = [m[1], m[2], m[3]].map(Number);
            const d = Math.max(...v) - Math.min(...v);
            if (d > worst) { worst = d; window.__worst = el.tagName + "." + el.className + " " + c; }
          }
        }
        return [worst, window.__worst];
    }""")
    assert spread[0] < 80, f"a colour on the checklist is too saturated: {spread}"


def test_inspectors_list_and_detail_are_discreet(live_server, phone, field):
    inspection, windows, inspector, _log = field
    login(phone, live_server, inspector.username)
    phone.goto(f"{live_server}/inspections/")
    assert "我的检查" in phone.inner_text("h1") and "打开检查表" in phone.inner_text("main")
    screenshot(phone, "inspection-my-list-375")
    phone.goto(f"{live_server}/inspections/{inspection.id}")
    screenshot(phone, "inspection-detail-inspector-375")
    assert phone.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(27, 29, 32)"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_expired_login_keeps_records_until_the_inspector_logs_in_again(live_server, phone, field):
    inspection, windows, inspector, _log = field
    login(phone, live_server, inspector.username)
    _open_checklist(phone, live_server, inspection)
    # Let every request of the page finish first: each response refreshes the session cookie.
    phone.wait_for_selector("#ck[data-offline-ready='1']")
    phone.wait_for_load_state("networkidle")
    phone.context.clear_cookies()  # the session ended (timeout, or logged out elsewhere)
    phone.select_option("#ck-window", str(windows["A12"].id))
    _tap(phone, "A3")
    _done(phone)
    phone.wait_for_selector("#ck-sync:has-text('登录已过期')")
    assert phone.get_attribute("#ck", "data-pending") == "1" and _rows(inspection) == []
    other = phone.context.new_page()
    login(other, live_server, inspector.username)
    other.close()
    phone.wait_for_selector("#ck[data-pending='0']", timeout=45_000)
    assert [r.item.code for r in _rows(inspection)] == ["A3"]


class TestHungUpload:
    @pytest.fixture
    def app_config(self, app_config):
        return dict(app_config, INSPECTION_SEND_TIMEOUT_SECONDS=2)

    def test_a_send_that_never_answers_does_not_stall_the_queue(self, live_server, phone, field):
        """The first upload's answer never comes (the connection stays open): the phone gives it
        up by itself, sends the other findings, and then the first one again — once each."""
        inspection, windows, inspector, log = field
        login(phone, live_server, inspector.username)
        _open_checklist(phone, live_server, inspection)
        hung = []

        def hang_first(route):
            if not hung:
                hung.append(route)  # never answered, never closed
            else:
                route.continue_()

        phone.route("**/api/findings", hang_first)
        phone.select_option("#ck-window", str(windows["A12"].id))
        for code in ("A3", "B1", "C1"):
            _tap(phone, code)
            _done(phone)
        phone.wait_for_selector("#ck[data-pending='0']", timeout=20_000)
        assert len(hung) == 1 and len(_rows(inspection)) == 3
        posts = [p for p in log.paths if p.startswith("POST") and p.endswith("/api/findings")]
        assert len(posts) == 3  # the hung request never reached the app; each finding arrived once


def test_a_full_uploads_disk_tells_the_inspector_and_the_phone_keeps_the_photo(live_server, phone, field, big_photo,
                                                                             app, tmp_path, monkeypatch):
    from tests.ops.test_faults import SmallDisk

    disk = SmallDisk(tmp_path / "uploads-small", monkeypatch)
    app.config["UPLOAD_FOLDER"] = str(disk.path)
    try:
        _photo_finding_at_a12(phone, live_server, field, "A3", big_photo)
        phone.locator("#ck-sync", has_text="存储空间已满").wait_for(timeout=20_000)
        assert phone.get_attribute("#ck", "data-pending") == "1" and not Evidence.select().exists()
        disk.grow()  # the admin frees space: the phone sends the photo by itself
        phone.wait_for_selector("#ck[data-pending='0']", timeout=40_000)
        assert Evidence.select().count() == 1
    finally:
        disk.close()


def test_typing_in_the_sheet_redraws_nothing_but_its_own_line_and_is_stored(live_server, phone, field, big_photo):
    """Every keystroke used to write IndexedDB and draw the whole list again with all its photos."""
    inspection = field[0]
    _photo_finding_at_a12(phone, live_server, field, "C1", big_photo)
    phone.wait_for_selector("#ck[data-pending='0']")
    _tap(phone, "B1")
    phone.evaluate("""() => {
        window.__thumb = document.querySelector('#ck-list img');
        window.__sheetThumbs = document.querySelectorAll('#ck-f-media img').length;
        window.__changes = [];
        new MutationObserver(records => records.forEach(r => window.__changes.push(
            (r.target.closest ? r.target : r.target.parentNode).closest('li') ?.dataset.clientId || r.target.id)))
          .observe(document.getElementById('ck-list'), {childList: true, subtree: true, characterData: true});
    }""")
    phone.type("#ck-f-note", "办事群众问了三次才回答", delay=5)
    phone.type("#ck-f-staff", "S0012", delay=5)
    changed, same_thumb = phone.evaluate(
        "() => [window.__changes, window.__thumb === document.querySelector('#ck-list img')]")
    b1 = phone.evaluate("() => document.querySelector('#ck-list li').dataset.clientId")
    # The note shows nowhere in the list; the 工号 changes the one sentence of the finding being typed.
    assert same_thumb and changed and set(changed) == {b1}, changed
    assert len(changed) <= len("S0012") * 2
    assert phone.locator("#ck-list li").first.locator(".ck-sentence").inner_text().find("工号S0012") >= 0
    # Stored once typing paused, without closing the sheet: a reload keeps every letter.
    phone.wait_for_timeout(700)
    phone.reload()
    phone.wait_for_selector("#ck[data-ready='1']")
    phone.wait_for_selector("#ck[data-pending='0']")
    [row] = [r for r in _rows(inspection) if r.item.code == "B1"]
    assert row.note == "办事群众问了三次才回答" and row.staff_no == "S0012"


def test_submit_is_off_until_something_is_recorded_and_all_saved_is_not_a_link(live_server, phone, field):
    inspection, windows, inspector, _log = field
    login(phone, live_server, inspector.username)
    _open_checklist(phone, live_server, inspection)
    button = phone.locator("#ck-submit-button")
    assert button.is_disabled()
    assert phone.locator("#ck-submit-reason").is_visible()
    assert "还没有任何记录" in phone.inner_text("#ck-submit-reason")
    assert phone.evaluate("document.querySelector('#ck-sync a')") is None  # 全部已保存到服务器: plain words
    sync_text = phone.locator("#ck-sync .ck-sync-text")
    assert sync_text.inner_text() == "全部已保存到服务器"
    assert sync_text.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    phone.locator("#ck-submit").scroll_into_view_if_needed()
    viewport_shot(phone, "inspection-checklist-nothing-recorded-375")
    # A window checked and clean is a result: the button comes on, also after a reload.
    phone.select_option("#ck-window", str(windows["A13"].id))
    phone.click("#ck-clean button")
    expect(phone.locator("#ck-submit-button")).to_be_enabled()
    assert not phone.locator("#ck-submit-reason").is_visible()
    phone.wait_for_selector("#ck[data-pending='0']")
    phone.reload()
    phone.wait_for_selector("#ck[data-ready='1']")
    assert not button.is_disabled()


def test_submit_is_off_without_javascript_too(live_server, browser, field):
    inspection, _windows, inspector, _log = field
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    login(page, live_server, inspector.username)
    page.goto(f"{live_server}/inspections/{inspection.id}/checklist")
    assert page.locator("#ck-submit-button").is_disabled()
    assert page.locator("#ck-submit-reason").is_visible()
    context.close()
