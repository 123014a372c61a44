"""Checklist templates: items are edited on the current version; a version an inspection used is
never changed — editing it creates the next version (copy on write), so an inspection keeps the
wording and deductions it was done with, forever."""
import logging

from peewee import IntegrityError

from inspectapp.audit import services as audit
from inspectapp.common.errors import DomainError
from inspectapp.db import db
from inspectapp.inspections.errors import Conflict
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Severity

log = logging.getLogger(__name__)

ITEM_FIELDS = ("code", "category", "problem", "text", "finding_pattern", "deduction", "severity",
               "is_critical", "position")


def writable_version(template, actor):
    """The version to edit: the template itself, or a fresh copy if an inspection already used it."""
    if not template.is_current:
        raise Conflict("只能修改当前版本的检查表")
    if not template.is_used():
        return template, {item.id: item.id for item in template.items}
    with db.atomic():
        template.is_current = False
        template.save()
        fork = ChecklistTemplate.create(key=template.key, name=template.name, version=_next_version(template.key),
                                        is_current=True, description=template.description, created_by=actor)
        mapping = {}
        for item in template.items_in_order():
            copy = ChecklistItem.create(template=fork, **{f: getattr(item, f) for f in ITEM_FIELDS})
            mapping[item.id] = copy.id
        audit.record("checklist.new_version", actor=actor, target=fork,
                     detail={"key": template.key, "from_version": template.version, "version": fork.version})
    log.info("Checklist %s forked to version %s", template.key, fork.version)
    return fork, mapping


def _next_version(key):
    latest = ChecklistTemplate.versions_of(key).first()
    return (latest.version if latest else 0) + 1


def _check_pattern(pattern):
    if "{时间}" not in pattern:
        raise DomainError("问题描述模板需包含 {时间}", field="finding_pattern")


def save_item(template, item, values, actor, ip=""):
    """Add (item None) or change one item of the current version; returns (version, item)."""
    if values.get("severity") not in Severity.ALL:
        raise DomainError("严重程度无效", field="severity")
    _check_pattern(values["finding_pattern"])
    with db.atomic():
        version, mapping = writable_version(template, actor)
        target = ChecklistItem.get_by_id(mapping[item.id]) if item is not None else ChecklistItem(template=version)
        before = {f: str(getattr(target, f)) for f in ITEM_FIELDS} if item is not None else None
        for name in ITEM_FIELDS:
            setattr(target, name, values[name])
        try:
            with db.atomic():
                target.save()
        except IntegrityError:
            raise DomainError("同一检查表中编号不能重复", field="code") from None
        audit.record("checklist.item_saved", actor=actor, target=version, ip=ip,
                     detail={"code": target.code, "before": before,
                             "after": {f: str(getattr(target, f)) for f in ITEM_FIELDS}})
    return version, target


def remove_item(template, item, actor, ip=""):
    """Take an item out of the current version (past versions keep it)."""
    with db.atomic():
        version, mapping = writable_version(template, actor)
        target = ChecklistItem.get_by_id(mapping[item.id])
        target.delete_instance()
        audit.record("checklist.item_removed", actor=actor, target=version, detail={"code": item.code}, ip=ip)
    return version


def copy_template(template, key, name, actor, ip=""):
    """A new template (version 1) starting from another one's items."""
    if ChecklistTemplate.select().where(ChecklistTemplate.key == key).exists():
        raise DomainError("检查表编码已存在", field="key")
    with db.atomic():
        new = ChecklistTemplate.create(key=key, name=name, version=1, is_current=True,
                                       description=template.description, created_by=actor)
        for item in template.items_in_order():
            ChecklistItem.create(template=new, **{f: getattr(item, f) for f in ITEM_FIELDS})
        audit.record("checklist.created", actor=actor, target=new, detail={"from": str(template)}, ip=ip)
    return new
