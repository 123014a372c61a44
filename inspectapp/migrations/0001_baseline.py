"""Baseline: the schema as created by `init-db` from the live models.

Later migrations alter tables that already exist in deployed databases; each declares frozen
copies of the models it needs and never imports the live ones.
"""


def up(migrator, db):
    pass
