"""`helpfinder coverage` (placeholder until the report lands)."""


def coverage() -> None:
    """Coverage-gap report (not yet available)."""
    raise SystemExit("not yet available")
