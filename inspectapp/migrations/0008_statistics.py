"""Findings and window visits remember the unit that owned the window at the time.

Statistics attribute a finding to that unit ("谁办理、谁负责"), so a window that later moves to
another unit keeps its history where it happened. Existing rows get the window's current unit.
Covering indexes serve the statistics' reads of a period's findings and 差评 tickets.
(The rating rollup tables of issue 8 are new tables: init-db creates them.)
"""
from peewee import ForeignKeyField
from peewee import Model


class Unit(Model):
    class Meta:
        table_name = "unit"


def up(migrator, db):
    for table in ("finding", "window_visit"):
        migrator.migrate(
            migrator.add_column(table, "unit_id", ForeignKeyField(Unit, null=True, field=Unit.id, index=False)),
            migrator.add_index(table, ("unit_id",), False),
        )
        db.execute_sql(
            f'UPDATE "{table}" SET unit_id = (SELECT w.unit_id FROM "window" w WHERE w.id = "{table}".window_id)'
            f" WHERE window_id IS NOT NULL")
    # Covering indexes for the period statistics (reports/queries.py).
    migrator.migrate(
        migrator.add_index("finding", ("inspection_id", "status", "window_id", "unit_id", "item_id", "severity",
                                       "deduction"), False),
        migrator.add_index("complaint_ticket", ("opened_at", "hall_id", "unit_id", "window_id", "status",
                                                "status_before_appeal", "called_back_at", "callback_due_on",
                                                "close_due_on"), False),
    )
