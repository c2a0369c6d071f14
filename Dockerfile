# Orbit production image: gunicorn serving Django, static files by WhiteNoise.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH="/opt/venv/bin:$PATH" \
    PORT=8000

RUN pip install --no-cache-dir uv

WORKDIR /app
# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# collectstatic only needs settings to import: give it throwaway values, not real secrets.
RUN DEBUG=0 SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput

# The mail classifier is trained here, from the corpus in the image, so a container never
# trains on start and never loads a model from anywhere else (README: "The mail classifier").
RUN DEBUG=0 SECRET_KEY=train-only DATABASE_URL=postgres://build@localhost/build \
    ORBIT_CLASSIFIER_DIR=/app/var/classifier python manage.py train_classifier

RUN useradd --create-home --uid 10001 orbit && chown -R orbit /app
USER orbit

ENV DEBUG=0 ORBIT_REQUIRE_SECRET_KEY=1 ORBIT_CLASSIFIER_DIR=/app/var/classifier
EXPOSE 8000
# /health is exempt from the HTTPS redirect; the Host header must be an allowed host.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request as u; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip(); u.urlopen(u.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/health', headers={'Host': host}), timeout=4)"

# Run migrations as a release step (`docker run IMAGE python manage.py migrate`), and the
# worker as a second container (`docker run IMAGE python manage.py qcluster`).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "orbit.wsgi:application"]
