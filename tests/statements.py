"""Count the SQL statements one HTTP request executes (to catch N+1 queries).

The counter listens to `before_cursor_execute` on the engine behind the `client` fixture, whose
requests share the test's connection. SAVEPOINT, RELEASE SAVEPOINT and ROLLBACK TO SAVEPOINT are
left out of the count: they come from joining each request's session to the test's outer
transaction, not from the code under test, and a real request does not send them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def is_counted(statement: str) -> bool:
    """Whether a statement counts (the test transaction's savepoint bookkeeping does not)."""
    return not statement.lstrip().upper().startswith(_TRANSACTION_CONTROL)


@dataclass
class StatementLog:
    """The counted statements executed while the counter was active."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many statements were executed."""
        return len(self.statements)


@contextmanager
def counting_statements(engine: Engine) -> Iterator[StatementLog]:
    """Record every counted statement executed through this engine inside the block."""
    log = StatementLog()

    def _record(_conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _many: bool) -> None:
        if is_counted(statement):
            log.statements.append(statement)

    event.listen(engine, "before_cursor_execute", _record)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", _record)
