"""Real app processes for the operations tests: gunicorn on a loopback port with its own
instance folder, started and killed like in production, and citizens that rate over HTTP."""
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppProcess:
    """`gunicorn inspectapp:create_app()` with INSPECTAPP_* settings; start(), kill(), stop()."""

    def __init__(self, instance, database_url, workers=2, **settings):
        self.instance, self.workers, self.port, self.proc = Path(instance), workers, free_port(), None
        self.env = {**os.environ, "INSPECTAPP_INSTANCE_PATH": str(instance), "INSPECTAPP_DATABASE_URL": database_url,
                    "INSPECTAPP_SECRET_KEY": "ops-test-secret-key-0123456789", "INSPECTAPP_SQLITE_TIMEOUT": "10",
                    "INSPECTAPP_PUBLIC_BASE_URL": "http://127.0.0.1", "INSPECTAPP_EVAL_HOLD_NON_WORKDAYS": "false",
                    **{f"INSPECTAPP_{k}": str(v) for k, v in settings.items()}}

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def flask(self, *args):
        return subprocess.run([sys.executable, "-m", "flask", "--app", "inspectapp", *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120, check=True).stdout

    def start(self):
        self.instance.mkdir(parents=True, exist_ok=True)
        self.log = self.instance / "gunicorn.log"
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [GUNICORN, "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout",
                 "2", "inspectapp:create_app()"], env=self.env, cwd=ROOT, stdout=log, stderr=log,
                start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start: " + self.log.read_text()[-2000:])

    def kill(self):
        """SIGKILL to the master and every worker at once: no shutdown code runs."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


class Citizen:
    """One phone over real HTTP: its own cookies; opens the form, then submits it."""

    def __init__(self, base, ip_hint=""):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())

    def open_form(self, token):
        with self.opener.open(f"{self.base}/e/{token}", timeout=10) as r:
            html = r.read().decode()
        key = re.search(r'name="key" (?:type="hidden" )?value="([^"]+)"', html).group(1)
        csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
        return key, csrf

    def submit(self, token, key, csrf, level=5, **fields):
        data = urllib.parse.urlencode({"key": key, "csrf_token": csrf, "level": level, **fields}, doseq=True).encode()
        try:
            with self.opener.open(f"{self.base}/e/{token}", data=data, timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as exc:
            return exc.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_303(self, req, fp, code, msg, headers):
        return fp

    http_error_302 = http_error_303


class RedisServer:
    """A private redis-server on a free loopback port (never the machine's own instance)."""

    def __init__(self, folder):
        self.port, self.folder = free_port(), Path(folder)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        import shutil

        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed: apt-get install redis-server (.ci/run does)"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.folder)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(10)


class Browser:
    """A user agent over real HTTP with one cookie jar for every port of 127.0.0.1 (cookies
    ignore ports, as behind a load balancer): GET pages, POST forms with their CSRF token."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, url, data=None, headers=None, method=None):
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with self.opener.open(req, timeout=20) as r:
                return r.status, r.read(), dict(r.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), dict(exc.headers)

    def csrf(self, url):
        status, body, headers = self.request(url)
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', body.decode())
        assert found, f"no CSRF token on {url}: {status} {headers.get('Location', '')}"
        return found.group(1)

    def post_form(self, url, fields):
        return self.request(url, urllib.parse.urlencode(fields, doseq=True).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, url, payload, csrf):
        import json

        return self.request(url, json.dumps(payload).encode(), {"Content-Type": "application/json",
                                                                "X-CSRFToken": csrf})

    def post_file(self, url, fields, name, filename, data, csrf):
        boundary = "----inspectapp-test-boundary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                        "X-CSRFToken": csrf})
