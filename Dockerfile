# Deriv's image: a virtual environment built in the first stage, copied into a slim runtime
# that runs gunicorn with the same gunicorn.conf.py as `make run`, as a non-root user.
# Build: docker build -t deriv .   Run: docker run -p 8000:8000 deriv
FROM python:3.11-slim-bookworm AS build

WORKDIR /src
RUN python3 -m venv /opt/venv
COPY pyproject.toml ./
COPY service ./service
# A regular (not editable) install: the package and its data (the contract) go into the venv.
RUN /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check .


FROM python:3.11-slim-bookworm

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    MPLCONFIGDIR=/tmp/matplotlib

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY gunicorn.conf.py ./

# A numeric uid with no account and no home: nothing in the image belongs to it, so it can
# write nowhere but /tmp (the metrics directory and matplotlib's font cache, MPLCONFIGDIR:
# without it matplotlib warns in plain text that $HOME is not writable), and a read-only
# root filesystem is fine.
USER 10001
EXPOSE 8000

# The standard library only: the runtime has no curl. /healthz touches no maths.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', timeout=4)"]

# Logs go to stdout/stderr as JSON lines. gunicorn 27 puts a control socket in $HOME by
# default, and this user has no home: --no-control-socket.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "--no-control-socket"]
