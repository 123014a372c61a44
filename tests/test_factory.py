import pytest

from inspectapp import ConfigError
from inspectapp import create_app


def test_test_config_wins(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret"


def test_refuses_default_secret_key_outside_testing(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("INSPECTAPP_PUBLIC_BASE_URL", "https://zwfw.example.gov.cn")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set.*INSPECTAPP_SECRET_KEY"):
        create_app()


def test_refuses_missing_public_base_url_outside_testing(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("INSPECTAPP_SECRET_KEY", "x" * 32)
    monkeypatch.delenv("INSPECTAPP_PUBLIC_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL is not set"):
        create_app()


def test_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        "SECRET_KEY = 'from-file'\nPUBLIC_BASE_URL = 'http://file.example/'\nPAGE_SIZE = 7\n"
    )
    monkeypatch.setenv("INSPECTAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("INSPECTAPP_PUBLIC_BASE_URL", "https://env.example")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["PAGE_SIZE"] == 7
    assert app.config["PUBLIC_BASE_URL"] == "https://env.example"
    # https public URL: the session cookie is secure; SQLite lives in the instance folder.
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/inspectapp.sqlite"


def test_plain_http_deployment_gets_non_secure_cookie(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("INSPECTAPP_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("INSPECTAPP_PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    assert create_app().config["SESSION_COOKIE_SECURE"] is False
