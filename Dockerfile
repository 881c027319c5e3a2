# helpfinder API image.
#
#   docker build -t helpfinder .
#   docker run -p 8000:8000 -e DATABASE_URL=postgresql://user:pass@host:5432/helpfinder helpfinder
#
# `helpfinder serve` migrates the database to the newest schema, seeds it when it is
# empty and then serves the API. Without DATABASE_URL it uses a SQLite file in the
# working directory (/app), which is writable by the unprivileged user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Unprivileged user that runs the server; /app is its home and working directory.
RUN groupadd --system --gid 10001 helpfinder \
    && useradd --system --uid 10001 --gid helpfinder --home-dir /app --shell /usr/sbin/nologin helpfinder \
    && mkdir -p /app \
    && chown helpfinder:helpfinder /app

# Install the package from the source tree. The wheel bundles migrations/ and
# seed_data/, so the installed command works from any directory. The source lives
# in /src, apart from the working directory, so it cannot shadow the installed package.
WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY api/ ./api/
COPY migrations/ ./migrations/
COPY seed_data/ ./seed_data/
RUN pip install --no-cache-dir ".[redis]"

WORKDIR /app
USER helpfinder

EXPOSE 8000

# The slim image has no curl; use the standard library. /health answers 503 when the
# database is unreachable, which urlopen raises as an error (non-zero exit).
# start-period leaves time for the migrations and the first seeding.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"]

CMD ["helpfinder", "serve", "--host", "0.0.0.0", "--port", "8000"]
