"""The inspector's phone: checklist, finding details, QR scan entry, and the JSON sync API.

Everything works as plain form posts; static/js/inspections.js adds an offline draft in
IndexedDB and uploads one finding or file per request (to the api_* views) with retries. Both
paths send a client-generated id, so a repeated request never creates a second row.
"""
import uuid
from itertools import groupby

from flask import abort
from flask import current_app
from flask import flash
from flask import g
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import send_from_directory
from flask import url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.datastructures import MultiDict

from inspectapp.auth import roles
from inspectapp.auth.decorators import login_required
from inspectapp.auth.decorators import permission_required
from inspectapp.common.args import MAX_ID
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import now
from inspectapp.common.web import get_or_404
from inspectapp.common.web import show_domain_error
from inspectapp.common.web import upload_root
from inspectapp.inspections import forms
from inspectapp.inspections import services
from inspectapp.inspections.blueprint import bp
from inspectapp.inspections.blueprint import upload_limits
from inspectapp.inspections.evidence import EvidenceRejected
from inspectapp.inspections.evidence import StorageFull
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Severity
from inspectapp.inspections.models import Status
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.orgs.services import TokenStatus
from inspectapp.orgs.services import resolve_token


def _team_inspection(inspection_id):
    """The inspection, if the inspector is on its team (else 404)."""
    return get_or_404(Inspection.visible_to(g.user), inspection_id)


def _hall_windows(inspection):
    return list(Window.select(Window, Unit).join(Unit)
                .where((Window.hall == inspection.hall_id) & Window.is_active).order_by(Window.number))


def _selected_window(windows, raw):
    """"" → none chosen yet; "0" → the hall's public area; an id → that window of the hall."""
    if raw == "0":
        return "0", None
    chosen = next((w for w in windows if str(w.id) == raw), None)
    return (str(chosen.id), chosen) if chosen else ("", None)


def _new_id():
    return uuid.uuid4().hex


@bp.route("/<int:inspection_id>/checklist", methods=("GET", "POST"))
@permission_required(roles.can_record_findings)
def checklist(inspection_id):
    """The phone checklist: choose a window, tap what failed. A tap records one finding."""
    inspection = _team_inspection(inspection_id)
    form = forms.RecordForm()
    if form.validate_on_submit():
        data = services.FindingInput(client_id=form.client_id.data, item_id=int(form.item.data),
                                     window_id=int(form.window.data) if form.window.data not in ("", "0") else None)
        try:
            finding, _created = services.record_finding(inspection, data, g.user)
        except DomainError as exc:
            show_domain_error(exc)
        else:
            return redirect(url_for("inspections.finding", inspection_id=inspection.id, client_id=finding.client_id))
    windows = _hall_windows(inspection)
    selected, window = _selected_window(windows, request.values.get("window", ""))
    items = inspection.template.items_in_order()
    findings = list(Finding.select().where((Finding.inspection == inspection)
                                           & (Finding.status == FindingStatus.ACTIVE))
                    .order_by(Finding.recorded_at.desc(), Finding.id.desc()))
    photo_counts = {f.id: 0 for f in findings} | Evidence.counts_for(findings)
    visited = inspection.visits.count()
    return render_template(
        "inspections/checklist.html", inspection=inspection, windows=windows, selected=selected, window=window,
        groups=[(cat, list(rows)) for cat, rows in groupby(items, key=lambda i: i.category)],
        findings=findings, photo_counts=photo_counts, client_id=_new_id(), visit_form=forms.VisitForm(),
        submit_form=forms.ConfirmForm(), severities=Severity.LABELS, hall_area=services.HALL_AREA,
        can_record=inspection.status != Status.PUBLISHED,
        visited=visited, has_records=bool(findings or visited))


@bp.route("/<int:inspection_id>/checklist/visit", methods=("POST",))
@permission_required(roles.can_record_findings)
def mark_checked(inspection_id):
    """本窗口未发现问题: the window counts as inspected (score 100 unless findings follow)."""
    inspection = _team_inspection(inspection_id)
    form = forms.VisitForm()
    if form.validate_on_submit():
        try:
            window = services.mark_window_checked(inspection, int(form.window.data), g.user)
        except DomainError as exc:
            show_domain_error(exc)
        else:
            flash(_("已记录：%(window)s 未发现问题", window=window.label), "success")
    return redirect(url_for("inspections.checklist", inspection_id=inspection.id, window=form.window.data))


def _own_finding(inspection, client_id):
    finding = Finding.get_or_none((Finding.inspection == inspection) & (Finding.client_id == client_id))
    if finding is None or finding.created_by_id != g.user.id:
        abort(404)
    return finding


def _input_from_form(finding, form):
    sentence = (form.sentence.data or "").strip()
    auto = not sentence or (finding.sentence_auto and sentence == finding.sentence)
    return services.FindingInput(
        client_id=finding.client_id, item_id=finding.item_id, window_id=finding.window_id, rev=int(form.rev.data),
        staff_no=form.staff_no.data or "", severity=form.severity.data, note=form.note.data or "",
        sentence=sentence, sentence_auto=auto)


def _save_upload(finding, field, client_id):
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    return services.add_evidence(finding, _read_upload(upload), client_id, g.user, upload_root(), upload_limits(),
                                 filename=upload.filename)[0]


def _read_upload(upload):
    """The bytes of an uploaded file; its spooled temporary file is closed at once."""
    with upload.stream:
        return upload.read()


@bp.route("/<int:inspection_id>/findings/<client_id>", methods=("GET", "POST"))
@permission_required(roles.can_record_findings)
def finding(inspection_id, client_id):
    """Details of one finding (工号, severity, wording, note) and its photos or audio, without JavaScript."""
    inspection = _team_inspection(inspection_id)
    finding = _own_finding(inspection, client_id)
    form = forms.FindingForm(CombinedMultiDict([request.files, request.form]) if request.method == "POST" else None,
                             obj=finding)
    if request.method == "GET":
        form.rev.data = str(finding.client_rev + 1)
        form.photo_client_id.data, form.audio_client_id.data = _new_id(), _new_id()
    if form.validate_on_submit():
        try:
            services.record_finding(inspection, _input_from_form(finding, form), g.user)
            for name in ("photo", "audio"):
                _save_upload(finding, form[name], form[f"{name}_client_id"].data)
        except (EvidenceRejected, StorageFull) as exc:
            form.photo.errors = [*form.photo.errors, _(exc.message)]
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已保存到服务器"), "success")
            return redirect(url_for("inspections.checklist", inspection_id=inspection.id,
                                    window=finding.window_id or "0"))
    return render_template("inspections/finding.html", inspection=inspection, finding=finding, form=form,
                           evidence=list(finding.evidence), withdraw_form=forms.ConfirmForm())


@bp.route("/<int:inspection_id>/findings/<client_id>/withdraw", methods=("POST",))
@permission_required(roles.can_record_findings)
def withdraw(inspection_id, client_id):
    """Take back a mis-tapped finding (kept for the record, never counted)."""
    inspection = _team_inspection(inspection_id)
    finding = _own_finding(inspection, client_id)
    if forms.ConfirmForm().validate_on_submit():
        try:
            services.withdraw_finding(finding, g.user)
        except DomainError as exc:
            show_domain_error(exc)
        else:
            flash(_("已撤回该条记录"), "success")
    return redirect(url_for("inspections.checklist", inspection_id=inspection.id, window=finding.window_id or "0"))


@bp.route("/scan/<token>")
@login_required
def scan(token):
    """An inspector scanned a window's QR code (/e/<token> sends them here): open today's checklist."""
    if not roles.can_record_findings(g.user):
        abort(403)
    status, window = resolve_token(token)
    if status == TokenStatus.UNKNOWN:
        abort(404)
    if status == TokenStatus.RETIRED:
        abort(410)
    inspection = services.inspection_for_scan(g.user, window, local_today())
    if inspection is None:
        return render_template("inspections/scan_none.html", window=window)
    return redirect(url_for("inspections.checklist", inspection_id=inspection.id, window=window.id))


# ---------------------------------------------------------------- JSON sync API (inspections.js)

def _api_error(exc):
    status = 409 if isinstance(exc, services.Conflict) else 507 if isinstance(exc, StorageFull) else 400
    return jsonify(error=_(exc.message), field=exc.field), status


def _json_formdata(payload):
    """JSON values as form text (true/false, numbers as written); None for nested values."""
    data = MultiDict()
    for key, value in payload.items():
        if value is None:
            continue
        if isinstance(value, (list, dict)):
            return None
        data[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return data


def _finding_json(finding):
    return {"client_id": finding.client_id, "id": finding.id, "rev": finding.client_rev, "status": finding.status,
            "sentence": finding.sentence, "sentence_auto": finding.sentence_auto, "saved": True,
            "recorded_at": services.to_ms(finding.recorded_at)}


@bp.route("/<int:inspection_id>/api/findings", methods=("POST",))
@permission_required(roles.can_record_findings)
def api_finding(inspection_id):
    """Create or update one finding by its client id (JSON). Repeats are answered, never duplicated."""
    inspection = _team_inspection(inspection_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(error=_("请求格式不正确")), 400
    formdata = _json_formdata(payload)
    form = forms.SyncFindingForm(formdata=formdata) if formdata is not None else None
    if form is None or not form.validate():
        return jsonify(error=_("记录格式不正确"), fields=form.errors if form else {}), 400
    data = services.FindingInput(
        client_id=form.client_id.data, item_id=form.item.data, window_id=form.window.data, rev=form.rev.data,
        staff_no=str(form.staff_no.data or ""), severity=form.severity.data or None, note=str(form.note.data or ""),
        sentence=str(form.sentence.data or ""), sentence_auto=form.sentence_auto.data, withdrawn=form.withdrawn.data,
        recorded_at=services.anchor_client_time(form.recorded_at.data, form.sent_at.data, now()))
    try:
        finding, created = services.record_finding(inspection, data, g.user)
    except DomainError as exc:
        return _api_error(exc)
    if finding is None:
        return jsonify(client_id=data.client_id, id=None, rev=data.rev, status=FindingStatus.WITHDRAWN, saved=True)
    return jsonify(_finding_json(finding)), 201 if created else 200


@bp.route("/<int:inspection_id>/api/findings/<client_id>/evidence", methods=("POST",))
@permission_required(roles.can_record_findings)
def api_evidence(inspection_id, client_id):
    """Upload one photo or audio note of a finding (multipart, one file per request)."""
    inspection = _team_inspection(inspection_id)
    finding = Finding.get_or_none((Finding.inspection == inspection) & (Finding.client_id == client_id))
    if finding is None:
        return jsonify(error=_("请先上传这条问题记录"), code="finding_unknown"), 409
    form = forms.SyncEvidenceForm()
    if not form.validate():
        return jsonify(error=_("文件上传不完整"), fields=form.errors), 400
    captured = services.from_ms(form.captured_at.data) if form.captured_at.data else None
    try:
        ev, created = services.add_evidence(finding, _read_upload(form.file.data), form.client_id.data, g.user,
                                            upload_root(), upload_limits(), filename=form.file.data.filename or "",
                                            captured_at=captured)
    except DomainError as exc:
        return _api_error(exc)
    return jsonify(client_id=ev.client_id, id=ev.id, kind=ev.kind, sha256=ev.sha256, size=ev.size,
                   saved=True), 201 if created else 200


@bp.route("/<int:inspection_id>/api/visits", methods=("POST",))
@permission_required(roles.can_record_findings)
def api_visit(inspection_id):
    """本窗口未发现问题, sent by the phone script (JSON {"window": id}); repeating it changes nothing."""
    inspection = _team_inspection(inspection_id)
    payload = request.get_json(silent=True)
    window_id = payload.get("window") if isinstance(payload, dict) else None
    if not isinstance(window_id, int) or isinstance(window_id, bool) or not 1 <= window_id <= MAX_ID:
        return jsonify(error=_("请选择窗口")), 400
    try:
        window = services.mark_window_checked(inspection, window_id, g.user)
    except DomainError as exc:
        return _api_error(exc)
    return jsonify(window=window.id, saved=True)


@bp.route("/<int:inspection_id>/api/state")
@permission_required(roles.can_record_findings)
def api_state(inspection_id):
    """What the server holds for this inspection (the phone marks those records as saved) and a
    fresh CSRF token (a page restored from the offline cache may carry an expired one)."""
    inspection = _team_inspection(inspection_id)
    findings = list(Finding.select().where(Finding.inspection == inspection))
    evidence = {}
    for ev in Evidence.select(Evidence.finding, Evidence.client_id).where(
            Evidence.finding.in_([f.id for f in findings] or [0])):
        evidence.setdefault(ev.finding_id, []).append(ev.client_id)
    return jsonify(
        status=inspection.status, csrf_token=generate_csrf(), visited=inspection.visits.count(),
        findings=[dict(_finding_json(f), window=f.window_id, item=f.item_id, mine=f.created_by_id == g.user.id,
                       evidence=evidence.get(f.id, [])) for f in findings])


@bp.route("/sw.js")
def service_worker():
    """The offline worker, served from /inspections/ so that its scope covers the checklist pages."""
    response = send_from_directory(current_app.static_folder, "js/inspections-sw.js", mimetype="text/javascript",
                                   max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response
