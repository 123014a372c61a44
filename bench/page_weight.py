"""Page weight of the public evaluation page /e/<token>: HTML + CSS + JS + images, uncompressed.

Budget 30 KB (PRODUCT.md §4). Measured through the real app for the states a citizen sees: the
first load, the form after a validation error (level chosen, reasons shown), 长辈模式, the
thank-you page. Usage: .venv/bin/python bench/page_weight.py
"""
import re

from _common import make_hall_with_windows
from _common import temp_app

BUDGET = 30 * 1024


def weigh(client, response):
    html = response.get_data()
    # Stylesheets, scripts and images only: links to other pages are not part of the page's weight.
    assets = re.findall(rb'<(?:link[^>]*?href|script[^>]*?src|img[^>]*?src)="(/[^"]+)"', html)
    sizes = {"html": len(html), "css": 0, "js": 0, "img": 0}
    foreign = re.findall(rb'(?:href|src)="((?:https?:)?//[^"]+)"', html)
    for url in assets:
        with client.get(url.decode()) as r:
            body = r.get_data()
        kind = {"css": "css", "js": "js"}.get(url.rsplit(b".", 1)[-1].decode(), "img")
        sizes[kind] += len(body)
    sizes["total"] = sum(sizes.values())
    return sizes, foreign


def main():
    app, _dir = temp_app({"WTF_CSRF_ENABLED": False})
    _hall, windows = make_hall_with_windows(1, staff_per_window=4)
    window = windows[0]
    client = app.test_client()
    url = f"/e/{window.public_token}"
    states = {}
    states["first load"] = client.get(url)
    key = re.search(rb'name="key" value="([^"]+)"', states["first load"].get_data()).group(1).decode()
    states["error, level 1 chosen"] = client.post(url, data={"key": key, "level": "1", "comment": "等了很久"})
    states["elder mode"] = client.get(url + "?elder=1")
    done = client.post(url, data={"key": key, "level": "5", "reasons": ["517"]})
    states["thank-you"] = client.get(done.headers["Location"])
    print(f"{'state':<24}{'HTML':>8}{'CSS':>8}{'JS':>8}{'img':>6}{'total':>9}  vs 30 KB budget")
    worst = 0
    for name, response in states.items():
        sizes, foreign = weigh(client, response)
        worst = max(worst, sizes["total"])
        assert not foreign, foreign
        print(f"{name:<24}{sizes['html']:>8}{sizes['css']:>8}{sizes['js']:>8}{sizes['img']:>6}{sizes['total']:>9}"
              f"  {sizes['total'] / BUDGET:.2f}")
    print(f"heaviest state: {worst} bytes = {worst / 1024:.1f} KB; ratio to budget {worst / BUDGET:.2f} "
          f"({'OK' if worst <= BUDGET else 'OVER BUDGET'}); external requests: 0")


if __name__ == "__main__":
    main()
