"""Creating the schema: a new store is stamped at the head, consoles starting together create
it once, and creating it again keeps an up-to-date store's data."""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from core.store.db import make_engine
from core.store.migrations import head_revision
from core.store.schema import Standing, check_store, create_schema, read_version
from tests.store.migrations.builders import fill_first_schema, snapshot


def test_a_new_store_gets_the_schema_stamped_at_the_head(blank: Engine) -> None:
    create_schema(blank)

    with blank.connect() as conn:
        version = read_version(conn)
    assert (version.revision, version.recorded, version.standing) == (
        head_revision(), True, Standing.CURRENT)


def test_consoles_starting_together_on_a_new_store_create_it_once_without_error(
        blank: Engine) -> None:
    starting, errors = threading.Barrier(4), list[Exception]()

    def console() -> None:
        engine = make_engine(blank.url.render_as_string(hide_password=False))
        try:
            starting.wait(timeout=30)
            create_schema(engine)
        except Exception as error:  # collected: the assertion below names it
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=console) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert check_store(blank).recorded


def test_creating_the_schema_again_keeps_the_data_of_an_up_to_date_store(blank: Engine) -> None:
    create_schema(blank)
    fill_first_schema(blank)
    before = snapshot(blank)

    create_schema(blank)

    assert snapshot(blank) == before
