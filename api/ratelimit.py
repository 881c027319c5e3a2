"""Per-client rate limits (slowapi): in memory by default, shared through Redis when REDIS_URL is set.

The client key is a hash of the address, so not even the limiter's store holds an IP.
"""

import hashlib
import importlib.util
import math
import time
from functools import lru_cache

from fastapi import Request
from fastapi.responses import JSONResponse
from limits import RateLimitItem, parse
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address

from api.errors import error_json
from api.settings import get_settings


def client_key(request: Request) -> str:
    """An opaque per-client key (SHA-256 of the address), never the address itself."""
    return hashlib.sha256(get_remote_address(request).encode()).hexdigest()[:24]


def _storage() -> str:
    """Redis when configured (several replicas share the counts), memory otherwise."""
    redis_url = get_settings().redis_url
    if redis_url and importlib.util.find_spec("redis") is None:
        raise RuntimeError("REDIS_URL is set but the Redis client is not installed: pip install 'helpfinder[redis]'")
    return redis_url or "memory://"


limiter = Limiter(key_func=client_key, storage_uri=_storage(), key_prefix=get_settings().rate_limit_prefix,
                  enabled=True)


def _seconds_until_reset(item: RateLimitItem, identifiers: list[str]) -> int:
    """Whole seconds until this client's window of this limit frees a request (at least 1)."""
    reset_at, _ = limiter.limiter.get_window_stats(item, *identifiers)
    return max(1, math.ceil(reset_at - time.time()))


def _too_many(item: RateLimitItem, identifiers: list[str]) -> JSONResponse:
    """429 in the common error shape, Retry-After saying when the next request is allowed."""
    return error_json(status=429, code="rate_limited", message=f"too many requests: limit {item}",
                      headers={"Retry-After": str(_seconds_until_reset(item, identifiers))})


def rate_limited(request: Request, exc: RateLimitExceeded) -> JSONResponse:
    """Handler for slowapi's limits (search, export, geocode, feedback)."""
    item, identifiers = request.state.view_rate_limit
    return _too_many(item, identifiers)


class ReadLimitExceeded(Exception):
    """A client went over the shared limit of public reads."""

    def __init__(self, item: RateLimitItem, identifiers: list[str]) -> None:
        super().__init__(str(item))
        self.item, self.identifiers = item, identifiers


_parsed = lru_cache(parse)  # the limit string is read from the settings on every request, parsed once


def read_limited(request: Request) -> None:
    """Dependency of the public reads without a limit of their own: one counter per client for all of them."""
    item = _parsed(get_settings().read_rate_limit)
    identifiers = [get_settings().rate_limit_prefix, "read", client_key(request)]
    if not limiter.limiter.hit(item, *identifiers):
        raise ReadLimitExceeded(item, identifiers)


def read_limit_exceeded(_request: Request, exc: ReadLimitExceeded) -> JSONResponse:
    """Handler for ReadLimitExceeded."""
    return _too_many(exc.item, exc.identifiers)
