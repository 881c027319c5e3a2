"""Settings from the environment (and an optional .env file)."""

from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Process-wide settings; every field can be set as an environment variable."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./helpfinder.db"
    # Seconds a SQL statement may run before the database aborts it (PostgreSQL only).
    statement_timeout_ms: int = 10_000
    # Database connections each API process keeps open. Requests run in a thread pool; when more
    # run at once than the pool holds, the extra connections are opened and closed per request
    # (a new SQLite connection re-reads the schema: about 9 ms).
    db_pool_size: int = Field(10, ge=1, le=100)
    # Proxies whose X-Forwarded-* headers uvicorn trusts (comma-separated IPs). The client's address is
    # the right-most one in X-Forwarded-For that is not one of these proxies: the one the proxy added.
    forwarded_allow_ips: str = "127.0.0.1"
    # Shared rate-limit counters for several API replicas; in memory when unset.
    redis_url: str | None = None
    rate_limit_prefix: str = "helpfinder"
    feedback_rate_limit: str = "5/minute;20/hour"
    geocode_rate_limit: str = "30/minute"
    search_rate_limit: str = "120/minute"
    # /v1/services.csv: a heavier request, with a counter of its own.
    export_rate_limit: str = "20/minute"
    # Every other public read (service detail, organisations, regions, /hsds/*), one counter per client.
    read_rate_limit: str = "300/minute"
    # Where "Snel weg / Leave this site" goes: a neutral site.
    quick_exit_url: str = "https://www.buienradar.nl/"
    # Origins allowed to call the API from a browser (campaign sites with the widget).
    # "*" allows any origin, for GET requests only. Empty: same-origin only.
    cors_origins: list[str] = []
    # HTTP caching of public GET responses (lets a CDN absorb a campaign spike).
    cache_max_age: int = 60
    cache_stale_while_revalidate: int = 300
    # How often each API process writes its aggregate search counts and token last use to the
    # database (out of band: requests themselves only count in memory).
    stats_flush_seconds: int = 60

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _named_proxies_only(cls, value: str) -> str:
        """"*" would trust every hop, so a client could pick its own address (and a fresh rate limit)."""
        if "*" in value:
            raise ValueError("list the proxies' addresses; '*' lets any client choose its own address")
        return value

    @field_validator("database_url")
    @classmethod
    def _use_psycopg3(cls, value: str) -> str:
        """Accept the usual URL forms and pick the installed PostgreSQL driver."""
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value.removeprefix(prefix)
        return value


@lru_cache
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
