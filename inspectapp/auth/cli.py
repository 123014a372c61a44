import click
from flask.cli import AppGroup

from inspectapp.auth import services
from inspectapp.auth.roles import Role
from inspectapp.common.errors import DomainError
from inspectapp.db import db
from inspectapp.orgs.models import Unit

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(Role.ALL), default=Role.ADMIN, show_default=True)
@click.option("--name", "display_name", help="Display name (defaults to the username).")
@click.option("--unit", "unit_code", help="Unit code, required for unit managers.")
@click.password_option(help="Password (prompted if not given).")
def create_user_command(username, role, display_name, unit_code, password):
    """Create a user account."""
    with db.connection_context():
        unit = None
        if unit_code:
            unit = Unit.get_or_none(Unit.code == unit_code)
            if unit is None:
                raise click.ClickException(f"No unit with code {unit_code!r}.")
        try:
            services.create_user(username, display_name or username, role, password, unit=unit)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
    click.echo(f"Created {role} {username}.")
