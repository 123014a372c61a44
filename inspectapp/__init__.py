"""inspectapp — window service supervision for government service halls."""
import os

from flask import Flask

from inspectapp import config as default_config
from inspectapp import ratelimit  # registers the sqlite:// rate-limit storage


class ConfigError(RuntimeError):
    """The deployment is misconfigured; the message says how to fix it."""


def create_app(test_config=None):
    """Build the app: config, extensions, blueprints, error handlers, commands. No I/O."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("INSPECTAPP_INSTANCE_PATH") or None,
        template_folder="../templates",
        static_folder="../static",
    )
    load_config(app, test_config)

    from inspectapp import db
    from inspectapp import errors
    from inspectapp import i18n
    from inspectapp import security
    from inspectapp.cli import register_commands
    from inspectapp.common.args import IdConverter
    from inspectapp.extensions import csrf
    from inspectapp.extensions import limiter

    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    # Every <int:…> in a URL is a database id: 1 … 2**31-1, larger numbers are a plain 404.
    app.url_map.converters["int"] = IdConverter
    register_blueprints(app)
    errors.register_error_handlers(app)
    register_template_filters(app)
    register_commands(app)
    connect_signals()
    return app


def load_config(app, test_config):
    app.config.from_object(default_config.DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("INSPECTAPP")
    else:
        app.config.from_mapping(test_config)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "inspectapp.sqlite")
    if not app.config["RATELIMIT_STORAGE_URI"]:
        app.config["RATELIMIT_STORAGE_URI"] = ratelimit.default_storage_uri(app.instance_path)
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = app.config["PUBLIC_BASE_URL"].startswith("https://")
    app.config["PUBLIC_BASE_URL"] = app.config["PUBLIC_BASE_URL"].rstrip("/")
    check_config(app)


def check_config(app):
    """Refuse to run a real deployment with the development key or without a public URL."""
    if app.debug or app.testing:
        return
    if app.config["SECRET_KEY"] in (default_config.DEV_SECRET_KEY, "", None):
        raise ConfigError(
            "SECRET_KEY is not set. Put SECRET_KEY = '<random>' in "
            f"{os.path.join(app.instance_path, 'config.py')} or export INSPECTAPP_SECRET_KEY "
            "(generate one with: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    if not app.config["PUBLIC_BASE_URL"]:
        raise ConfigError(
            "PUBLIC_BASE_URL is not set: it is the address printed into every window QR code. Put "
            f"PUBLIC_BASE_URL = 'https://your-host' in {os.path.join(app.instance_path, 'config.py')} "
            "or export INSPECTAPP_PUBLIC_BASE_URL."
        )


def register_blueprints(app):
    from inspectapp.audit import views as audit_views
    from inspectapp.auth import views as auth_views
    from inspectapp.core import views as core_views
    from inspectapp.orgs import views as orgs_views
    from inspectapp.reports import public_views as results_views

    app.register_blueprint(core_views.bp)
    app.register_blueprint(auth_views.bp, url_prefix="/auth")
    app.register_blueprint(orgs_views.bp, url_prefix="/orgs")
    app.register_blueprint(audit_views.bp, url_prefix="/audit")
    register_inspection_blueprint(app)
    register_rectification_blueprint(app)
    register_reports_blueprint(app)
    app.register_blueprint(results_views.bp, url_prefix="/results")
    register_evaluation_blueprints(app)
    register_survey_blueprints(app)


def register_inspection_blueprint(app):
    """暗访: office lists and review, checklist templates, findings, the phone (four modules, one blueprint)."""
    from inspectapp.inspections import checklist_views  # noqa: F401  (adds its routes to bp)
    from inspectapp.inspections import findings_views  # noqa: F401
    from inspectapp.inspections import phone_views  # noqa: F401
    from inspectapp.inspections import views  # noqa: F401
    from inspectapp.inspections.blueprint import bp

    app.register_blueprint(bp, url_prefix="/inspections")


def register_reports_blueprint(app):
    """统计分析 and 通报 (two view modules, one blueprint)."""
    from inspectapp.reports import bulletin_views  # noqa: F401  (adds its routes to bp)
    from inspectapp.reports import views  # noqa: F401
    from inspectapp.reports.blueprint import bp

    app.register_blueprint(bp, url_prefix="/reports")


def register_rectification_blueprint(app):
    """整改: the list and case pages, the steps, the unit's report (three view modules, one blueprint)."""
    from inspectapp.rectifications import case_views  # noqa: F401  (adds its routes to bp)
    from inspectapp.rectifications import report_views  # noqa: F401
    from inspectapp.rectifications import views  # noqa: F401
    from inspectapp.rectifications.blueprint import bp

    app.register_blueprint(bp, url_prefix="/rectifications")


def register_evaluation_blueprints(app):
    """Citizen evaluations (public /e/<token>), 差评 tickets, QR codes, the working-day calendar."""
    from inspectapp.common.citizen import elder_toggle_url
    from inspectapp.common.pdf import static_file_url
    from inspectapp.complaints import views as complaints_views
    from inspectapp.evaluations import views as evaluations_views
    from inspectapp.evaluations import views_public as evaluate_views
    from inspectapp.qr import views as qr_views
    from inspectapp.workcal import views as workcal_views

    app.register_blueprint(evaluate_views.bp)
    app.register_blueprint(evaluations_views.bp, url_prefix="/evaluations")
    app.register_blueprint(complaints_views.bp, url_prefix="/complaints")
    app.register_blueprint(qr_views.bp, url_prefix="/qr")
    app.register_blueprint(workcal_views.bp, url_prefix="/workcal")
    app.add_template_global(static_file_url)
    app.add_template_global(elder_toggle_url)


def register_survey_blueprints(app):
    """Questionnaires and appraisal campaigns: the public /q/<token> pages and the admin side."""
    from inspectapp.surveys import views as surveys_views
    from inspectapp.surveys import views_appraisal as appraisal_views
    from inspectapp.surveys import views_links as links_views
    from inspectapp.surveys import views_public as survey_views
    from inspectapp.surveys import views_questions as questions_views
    from inspectapp.surveys import views_results as results_views
    from inspectapp.surveys.texts import localise

    app.register_blueprint(survey_views.bp)
    app.add_template_global(localise)
    for module in (surveys_views, questions_views, results_views, appraisal_views, links_views):
        app.register_blueprint(module.bp, url_prefix="/surveys")


def connect_signals():
    """Who listens to what: the features that own working-day deadlines recount them when the
    calendar changes. Connecting the same receiver twice is a no-op (blinker)."""
    from inspectapp.complaints import services as complaints
    from inspectapp.rectifications import services as rectifications
    from inspectapp.workcal.signals import calendar_changed

    calendar_changed.connect(complaints.on_calendar_changed)
    calendar_changed.connect(rectifications.on_calendar_changed)


def register_template_filters(app):
    from inspectapp.common.timeutil import format_local
    from inspectapp.common.web import query_args
    from inspectapp.common.web import url_for_page
    from inspectapp.core import nav
    from inspectapp.officialdoc.docno import chinese_date
    from inspectapp.officialdoc.docno import cn_number
    from inspectapp.reports.formatting import FILTERS as FIGURE_FILTERS

    app.add_template_filter(format_local, "localtime")
    app.add_template_filter(cn_number, "cn_number")
    app.add_template_filter(lambda day: chinese_date(day) if day else "", "cn_date")
    for name, figure_filter in FIGURE_FILTERS.items():
        app.add_template_filter(figure_filter, name)
    app.add_template_global(url_for_page)
    app.add_template_global(nav.sections_for, "nav_sections")
    app.add_template_global(query_args)
