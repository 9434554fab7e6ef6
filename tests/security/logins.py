"""Test helpers for cluster-wide login roles: a login is dropped with its grants on the test database."""

from __future__ import annotations

from cqc_la import database
from cqc_la.access import role_exists


def drop_login(name: str, url: str) -> None:
    with database.engine(url).begin() as connection:
        if not role_exists(connection, name):
            return
        connection.exec_driver_sql(f'drop owned by "{name}"')  # its grants on this database
        connection.exec_driver_sql(f'drop role "{name}"')
