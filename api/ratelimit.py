"""Per-client rate limits (slowapi): in memory by default, shared through Redis when REDIS_URL is set.

The client key is a hash of the address, so not even the limiter's store holds an IP.
"""

import hashlib
import importlib.util

from fastapi import Request
from fastapi.responses import JSONResponse
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


def rate_limited(request: Request, exc: RateLimitExceeded) -> JSONResponse:
    """429 in the common error shape with Retry-After."""
    retry_after = str(exc.limit.limit.get_expiry()) if getattr(exc, "limit", None) else "60"
    return error_json(status=429, code="rate_limited", message=f"too many requests: limit {exc.detail}",
                      headers={"Retry-After": retry_after})
