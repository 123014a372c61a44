"""Demo data: two halls of a fictional city, eight units, 40 windows, 60 staff, one user per role."""
import datetime as dt
import random

from inspectapp.auth.models import User
from inspectapp.auth.roles import Role
from inspectapp.db import db
from inspectapp.inspections.demo import seed_demo_inspections
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

DEMO_PASSWORD = "demo1234"

HALLS = [
    ("LJZX", "临江市政务服务中心", "临江市滨江大道 88 号", dt.time(9, 0), dt.time(17, 0)),
    ("GXQ", "临江高新区政务服务中心", "临江高新区创业路 6 号", dt.time(8, 30), dt.time(17, 30)),
]

#: (code, name, short name, windows in the main hall, windows in the second hall, window zone)
UNITS = [
    ("RSJ", "临江市人力资源和社会保障局", "社保", 5, 2, "A"),
    ("YBJ", "临江市医疗保障局", "医保", 3, 1, "A"),
    ("BDC", "临江市不动产登记中心", "不动产", 5, 2, "B"),
    ("SCJG", "临江市市场监督管理局", "市场监管", 4, 2, "B"),
    ("GJJ", "临江市住房公积金管理中心", "公积金", 3, 1, "C"),
    ("SWJ", "国家税务总局临江市税务局", "税务", 4, 2, "C"),
    ("CRJ", "临江市公安局出入境管理支队", "出入境", 2, 1, "D"),
    ("MZJ", "临江市民政局", "民政", 2, 1, "D"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "晓东", "海燕", "建华", "春梅", "志强", "雪", "婷", "浩然", "子涵", "思远"]

USERS = [
    ("admin", "周督查", Role.ADMIN, None),
    ("inspector", "暗访员甲", Role.INSPECTOR, None),
    ("inspector2", "暗访员乙", Role.INSPECTOR, None),
    ("manager", "社保窗口负责人", Role.UNIT_MANAGER, "RSJ"),
    ("manager2", "不动产窗口负责人", Role.UNIT_MANAGER, "BDC"),
    ("viewer", "分管领导", Role.VIEWER, None),
]


def _window_plan():
    """(hall index, number, unit index) for every demo window, numbered per zone."""
    plan = []
    for hall_index in (0, 1):
        counters = {}
        for unit_index, unit in enumerate(UNITS):
            count = unit[3 + hall_index]
            zone = unit[5] if hall_index == 0 else "A"
            for _ in range(count):
                counters[zone] = counters.get(zone, 0) + 1
                plan.append((hall_index, f"{zone}{counters[zone]:02d}", unit_index))
    return plan


def seed_demo(force=False):
    """Create the demo organisation and users. Returns counts, or None if data already exists."""
    if Hall.select().exists() and not force:
        return None
    rng = random.Random(20261122)
    with db.atomic():
        halls = [Hall.create(code=c, name=n, address=a, opens_at=o, closes_at=cl) for c, n, a, o, cl in HALLS]
        units = [Unit.create(code=c, name=n, short_name=s) for c, n, s, *_ in UNITS]
        windows = [
            Window.create(hall=halls[h], unit=units[u], number=num, name=f"{units[u].short_name}业务窗口")
            for h, num, u in _window_plan()
        ]
        staff = []
        used = set()
        for i in range(60):
            while True:
                name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                if name not in used:
                    used.add(name)
                    break
            window = windows[i % len(windows)]
            # The last ten are back-up staff (AB角) of their unit with no fixed window.
            staff.append(Staff.create(
                staff_no=f"{window.unit.code}{i + 1:03d}",
                name=name,
                unit=window.unit,
                window=window if i < 50 else None,
            ))
        unit_by_code = {u.code: u for u in units}
        users = []
        accounts = {}
        for username, display_name, role, unit_code in USERS:
            user = User(username=username, display_name=display_name, role=role,
                        unit=unit_by_code.get(unit_code))
            user.set_password(DEMO_PASSWORD)
            user.save()
            accounts[username] = user
            users.append((username, Role.LABELS[role] + (f"（{unit_code}）" if unit_code else "")))
        seed_demo_inspections()
        from inspectapp.evaluations.demo import seed_ratings

        ratings, tickets = seed_ratings(windows, staff, rng, accounts)
        from inspectapp.rectifications.demo import seed_demo_rectifications

        cases = seed_demo_rectifications(accounts)
        from inspectapp.surveys.demo import seed_demo_surveys

        surveys, responses = seed_demo_surveys(halls[0], windows, rng, accounts["admin"])
    return {"halls": len(halls), "units": len(units), "windows": len(windows), "staff": len(staff),
            "users": users, "ratings": ratings, "tickets": tickets, "cases": cases, "surveys": len(surveys),
            "responses": responses}
