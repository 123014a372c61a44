"""Safe defaults. Secrets and deployment settings come from instance/config.py or INSPECTAPP_* variables."""

#: Marker for the insecure development key; the factory refuses it outside debug/testing.
DEV_SECRET_KEY = "dev-insecure-change-me"


class DefaultConfig:
    SECRET_KEY = DEV_SECRET_KEY
    #: Host printed into QR codes, e.g. "https://zwfw.example.gov.cn". Required in production.
    PUBLIC_BASE_URL = ""
    #: Empty means a SQLite file in the instance folder (set by the factory).
    DATABASE_URL = ""
    #: SQLite busy timeout in seconds.
    SQLITE_TIMEOUT = 10

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: None means: secure when PUBLIC_BASE_URL is https.
    SESSION_COOKIE_SECURE = None
    PERMANENT_SESSION_LIFETIME = 8 * 3600

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 30 * 1024 * 1024

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: Login attempts per client address and per username.
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"

    BABEL_DEFAULT_LOCALE = "zh_Hans"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_Hans", "zh_Hant", "en")

    #: Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_FIX_X_FOR = 0

    PAGE_SIZE = 20

    # --- citizen evaluations (好差评) and 差评 tickets -------------------------------------------
    #: A device that rated a window cannot rate it again within this many minutes (一次一评).
    EVAL_COOLDOWN_MINUTES = 10
    #: More than EVAL_BURST_LIMIT ratings of one window within EVAL_BURST_MINUTES are held for review.
    EVAL_BURST_LIMIT = 5
    EVAL_BURST_MINUTES = 10
    #: More ratings than this from one device within 24 hours are held for review.
    EVAL_DEVICE_DAILY_LIMIT = 6
    #: Ratings outside the hall's opening hours (± this grace) are held; also on non-working days.
    EVAL_HOURS_GRACE_MINUTES = 30
    EVAL_HOLD_NON_WORKDAYS = True
    #: Flask-Limiter limits for submitting the public form, per client address and per window.
    EVAL_IP_RATE_LIMIT = "20 per minute;300 per hour"
    EVAL_WINDOW_RATE_LIMIT = "30 per minute"
    #: Whether 基本满意 (level 3) counts as 好评 in 好评率 (the national text leaves it open).
    EVAL_POSITIVE_INCLUDES_BASIC = True
    #: Flask-Limiter limit for posting questionnaire pages, per client address (a response may take
    #: several pages).
    SURVEY_IP_RATE_LIMIT = "60 per minute;600 per hour"
    #: 差评 ticket deadlines in Chinese working days from opening: 回访, and closing the ticket.
    COMPLAINT_CALLBACK_DAYS = 1
    COMPLAINT_CLOSE_DAYS = 5
    #: Covert inspections: lowest score for 合格 and for 基本合格 (100 minus deductions, floor 0).
    INSPECTION_GRADE_THRESHOLDS = (80, 60)
    #: Uploaded evidence; empty means <instance>/uploads. Never a folder served as static files.
    UPLOAD_FOLDER = ""
    EVIDENCE_MAX_IMAGE_MB = 20
    EVIDENCE_MAX_AUDIO_MB = 25
    #: Images with more pixels are refused before decoding (decompression-bomb guard).
    EVIDENCE_MAX_PIXELS = 60_000_000

    # --- statistics, dashboards and bulletins (通报) -----------------------------------------------
    #: Weights of the composite unit score and of the window index (see reports/formulas.py; the
    #: formulas with these weights are printed on every dashboard and bulletin). Missing keys keep
    #: their defaults: evaluation 40, complaint 20, inspection 30, rectification 10,
    #: yellow_card_penalty 2, red_card_penalty 5, index_evaluation 60, index_inspection 40,
    #: index_prior_ratings 10.
    REPORT_WEIGHTS = {}
    #: A window whose index fell by at least this many points against the previous period is
    #: flagged as getting worse (with at least this many ratings in both periods, or inspected).
    REPORT_WORSENING_THRESHOLD = 3.0
    REPORT_WORSENING_MIN_RATINGS = 5
    #: Bulletins: a commended window (表扬) has at least this many ratings, no 差评 and no findings.
    REPORT_COMMEND_MIN_RATINGS = 10
    #: Bulletins: working days the criticised units get for their written rectification report.
    REPORT_RECTIFY_DAYS = 10
    #: Bulletins: at most this many findings in the annex list (the total is always stated; the full
    #: list is the findings export).
    REPORT_ANNEX_MAX_FINDINGS = 60

    # --- official documents (整改通知书, 通报): GB/T 9704 layout ------------------------------------
    #: 发文机关: full name (署名), the red 发文机关标志 (empty: the name), and its 机关代字.
    ISSUER_NAME = "临江市政务服务管理办公室"
    ISSUER_MARK = ""
    ISSUER_CODE = "临政服"
    #: 机关代字 printed in the 发文字号 of each numbered series; a series not listed uses ISSUER_CODE.
    #: Each series has its own serial per year: 临政服改〔2026〕1号, 2号 … and 临政服通〔2026〕1号 …
    DOC_NUMBER_CODES = {"rectification": "临政服改", "review": "临政服复", "bulletin": "临政服通"}
    #: Licensed fonts (方正小标宋简体, 仿宋_GB2312 …) used before the shipped cut; empty: <instance>/fonts.
    OFFICIAL_FONTS_FOLDER = ""

    # --- rectification (整改) ---------------------------------------------------------------------
    #: Working days a unit gets to rectify, counted from the day the notice is issued (per case editable).
    RECTIFICATION_DEADLINE_DAYS = 10
    #: Working days overdue at which the ladder gives 提醒, 黄牌 (限期整改) and 红牌 (通报/约谈).
    RECTIFICATION_CARD_THRESHOLDS = (1, 3, 5)
    #: After a 限期整改 case is verified, its 差评 ticket has at least this many working days to close.
    COMPLAINT_FEEDBACK_DAYS_AFTER_RECTIFICATION = 2
