"""The inspections blueprint, in a leaf module: views.py, checklist_views.py, findings_views.py and
phone_views.py add their routes to it, and create_app imports all four before registering it. The
upload limits both the office and the phone views read live here too."""
from flask import Blueprint
from flask import current_app

from inspectapp.inspections import evidence as files

bp = Blueprint("inspections", __name__)


def upload_limits():
    mb = files.MB
    cfg = current_app.config
    return files.Limits(max_image_bytes=cfg["EVIDENCE_MAX_IMAGE_MB"] * mb,
                        max_audio_bytes=cfg["EVIDENCE_MAX_AUDIO_MB"] * mb, max_pixels=cfg["EVIDENCE_MAX_PIXELS"],
                        max_decode_bytes=cfg["EVIDENCE_MAX_DECODE_MB"] * mb)
