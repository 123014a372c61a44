"""Window QR codes: every code in every PDF decodes with zbar at 150 dpi to exactly its window's URL."""
import subprocess

import pytest

from inspectapp.auth.roles import Role
from inspectapp.common.pdf import html_to_pdf
from inspectapp.orgs import services as orgs
from inspectapp.qr import services as qr
from tests.factories import make_hall
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window

BASE = "https://zwfw.example.gov.cn"


def decode_pdf(pdf, tmp_path, name="doc"):
    """Render every page at 150 dpi with pdftoppm and read every code with zbarimg."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / name)], check=True)
    codes = []
    for page in sorted(tmp_path.glob(f"{name}-*.png")):
        codes += decode_image(page)
    return codes


def decode_image(path):
    result = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line]


def pdf_text(pdf, tmp_path):
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_fonts(pdf, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def assert_cjk_fonts_embedded(fonts):
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and any("CJK" in row[0] for row in rows), fonts
    assert all(row[-5] == "yes" for row in rows), fonts  # the "emb" column


@pytest.fixture
def hall(app):
    hall = make_hall(code="LJZX", name="临江市政务服务中心")
    social = make_unit(name="临江市人力资源和社会保障局", short_name="社保")
    for n in range(1, 15):
        make_window(hall=hall, unit=social, number=f"A{n:02d}")
    make_window(hall=hall, unit=social, number="Z99", is_active=False)
    make_window(number="X01")  # another hall
    return hall


def expected_urls(hall):
    return sorted(f"{BASE}/e/{w.public_token}" for w in hall.windows if w.is_active)


@pytest.fixture
def admin(login_as):
    return login_as(make_user(Role.ADMIN))


def test_hall_sheet_pdf_every_code_decodes_to_its_window(admin, client, hall, tmp_path):
    response = client.get(f"/qr/halls/{hall.id}/sheet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.get_data()
    assert pdf.startswith(b"%PDF")
    codes = decode_pdf(pdf, tmp_path)
    assert sorted(codes) == expected_urls(hall)  # 14 codes, each exactly once, no inactive window
    text = pdf_text(pdf, tmp_path)
    assert "A01窗口（社保）" in text and "A14窗口（社保）" in text and "Z99" not in text
    assert "第2/2页" in text.replace(" ", "")
    assert_cjk_fonts_embedded(pdf_fonts(pdf, tmp_path))


def test_window_poster_pdf(admin, client, hall, tmp_path):
    window = hall.windows.where(hall.windows.model.number == "A12").get()
    response = client.get(f"/qr/windows/{window.id}/poster.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.get_data()
    assert decode_pdf(pdf, tmp_path) == [f"{BASE}/e/{window.public_token}"]
    text = pdf_text(pdf, tmp_path)
    for expected in ("临江市政务服务中心", "A12窗口", "临江市人力资源和社会保障局", "扫码评价", "请对本次服务作出评价",
                     "非常满意", "满意", "基本满意", "不满意", "非常不满意", "不记录姓名", "只有处理人员可见"):
        assert expected in text, expected
    assert_cjk_fonts_embedded(pdf_fonts(pdf, tmp_path))


def test_png_and_svg_decode(admin, client, hall, tmp_path):
    window = hall.windows.first()
    url = f"{BASE}/e/{window.public_token}"
    response = client.get(f"/qr/windows/{window.id}.png")
    assert response.mimetype == "image/png"
    (tmp_path / "code.png").write_bytes(response.get_data())
    assert decode_image(tmp_path / "code.png") == [url]
    response = client.get(f"/qr/windows/{window.id}.svg")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    html = ('<html><body style="margin:0"><img style="width:60mm;height:60mm" src="'
            + qr.data_uri("image/svg+xml", svg) + '"></body></html>')
    assert decode_pdf(html_to_pdf(html), tmp_path, "svg") == [url]


def test_rotated_token_prints_the_new_code(admin, client, hall, tmp_path):
    window = hall.windows.first()
    old = window.public_token
    orgs.rotate_token(window, "旧贴纸被覆盖", actor=admin)
    codes = decode_pdf(client.get(f"/qr/halls/{hall.id}/sheet.pdf").get_data(), tmp_path)
    assert f"{BASE}/e/{old}" not in codes and sorted(codes) == expected_urls(hall)


def test_qr_sheet_cli(runner, hall, tmp_path):
    out = tmp_path / "sheet.pdf"
    result = runner.invoke(args=["qr", "sheet", "--hall", "LJZX", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "14 windows" in result.output
    assert sorted(decode_pdf(out.read_bytes(), tmp_path, "cli")) == expected_urls(hall)
    bad = runner.invoke(args=["qr", "sheet", "--hall", "NOPE", "-o", str(out)])
    assert bad.exit_code != 0 and "没有该编码的大厅" in bad.output


def test_qr_poster_cli(runner, hall, tmp_path):
    out = tmp_path / "poster.pdf"
    result = runner.invoke(args=["qr", "poster", "--hall", "LJZX", "--window", "a03", "-o", str(out)])
    assert result.exit_code == 0, result.output
    window = hall.windows.where(hall.windows.model.number == "A03").get()
    assert decode_pdf(out.read_bytes(), tmp_path, "p") == [f"{BASE}/e/{window.public_token}"]


@pytest.mark.parametrize("role", [Role.UNIT_MANAGER, Role.VIEWER, Role.INSPECTOR])
def test_only_admins_print_codes(login_as, client, hall, role):
    login_as(make_user(role))
    window = hall.windows.first()
    for url in ("/qr/", f"/qr/windows/{window.id}.png", f"/qr/halls/{hall.id}/sheet.pdf"):
        assert client.get(url).status_code == 403


def test_admin_pages_list_halls_and_windows(admin, page, hall):
    html = page("qr.index")
    assert "临江市政务服务中心" in html and "14 个" in html and ">Z99<" not in html
    window = hall.windows.first()
    assert f"/e/{window.public_token}" in page("qr.window", window_id=window.id)


class TestWithoutPublicUrl:
    @pytest.fixture
    def app_config(self, app_config):
        return dict(app_config, PUBLIC_BASE_URL="")

    def test_printing_needs_the_public_url(self, admin, client, hall):
        response = client.get(f"/qr/halls/{hall.id}/sheet.pdf", follow_redirects=True)
        assert "未配置 PUBLIC_BASE_URL" in response.get_data(as_text=True)


@pytest.mark.parametrize("base, warning", [
    ("http://127.0.0.1:5000", "loopback"), ("http://localhost:8080", "loopback"), ("http://[::1]:5000", "loopback"),
    ("http://0.0.0.0:5000", "loopback"), ("http://192.168.1.20", "private"), ("http://10.8.0.3:8000", "private"),
    ("http://172.20.1.1", "private"), ("http://169.254.3.4", "private"), ("http://hall-server.local", "private"),
    ("http://pjserver", "private"), ("https://zwfw.example.gov.cn", None), ("http://61.135.169.121", None),
])
def test_base_warning_knows_addresses_phones_cannot_reach(base, warning):
    assert qr.base_warning(base) == warning


class TestWithLoopbackPublicUrl:
    @pytest.fixture
    def app_config(self, app_config):
        return dict(app_config, PUBLIC_BASE_URL="http://127.0.0.1:5000")

    def test_the_qr_pages_warn_before_any_print_link(self, admin, page, hall):
        for html in (page("qr.index"), page("qr.window", window_id=hall.windows.first().id)):
            warning = html.index('class="flash flash-error qr-base-warning" role="alert"')
            assert "请勿打印" in html and "http://127.0.0.1:5000" in html
            assert warning < html.index("PDF")
