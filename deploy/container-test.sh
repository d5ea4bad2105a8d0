#!/usr/bin/env bash
# make container-test: build the image from the Dockerfile, run it, and check that it serves
# a derivative, /openapi.yaml and /docs, reports healthy, runs as uid 10001 and logs JSON.
#
# Needs root, Docker's engine (docker.io), debootstrap and curl. Where no registry is
# reachable (this project's CI), the base image named in the Dockerfile's FROM is stood in
# for by a Debian bookworm rootfs made with debootstrap (python3 and venv, plus this host's CA
# bundle so that pip works through the host's TLS setup), imported under the same tag. With
# no engine running, dockerd is started without a bridge or iptables rules, and everything
# uses the host's network.
#
# Exit status: 0 passed, 1 failed, 77 skipped (this machine cannot run containers; the
# reason is printed).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${IMAGE:-deriv:container-test}
WORK=${CONTAINER_TEST_DIR:-/var/tmp/deriv-container-test}
BASE=$(awk 'toupper($1) == "FROM" { print $2; exit }' Dockerfile)
NAME="deriv-container-test-$$"

say() { echo "container-test: $*"; }
skip() { say "SKIPPED: $*"; exit 77; }
fail() {
    say "FAILED: $*"
    docker logs "$NAME" 2>&1 | tail -20 || true
    exit 1
}

[ "$(id -u)" = 0 ] || skip "needs root to run the Docker engine"
for tool in docker dockerd debootstrap curl; do
    command -v "$tool" >/dev/null || skip "$tool is not installed (apt-get install docker.io debootstrap curl)"
done
mkdir -p "$WORK"

start_engine() {
    docker info >/dev/null 2>&1 && return
    say "starting dockerd (--bridge=none --iptables=false), log in $WORK/dockerd.log"
    nohup dockerd --bridge=none --iptables=false >"$WORK/dockerd.log" 2>&1 &
    for _ in $(seq 60); do
        docker info >/dev/null 2>&1 && return
        sleep 1
    done
    skip "dockerd did not start within 60 s: $(tail -3 "$WORK/dockerd.log")"
}

stand_in_base() {
    docker image inspect "$BASE" >/dev/null 2>&1 && return
    say "no $BASE here and no registry: making it with debootstrap (a few minutes, once)"
    local rootfs="$WORK/rootfs"
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
        bookworm "$rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 ||
        skip "debootstrap failed: $(tail -3 "$WORK/debootstrap.log")"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
    tar -C "$rootfs" -c . | docker import - "$BASE" >/dev/null
    rm -rf "$rootfs"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cleanup() { docker rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT

start_engine
stand_in_base
say "building $IMAGE"
started=$SECONDS
docker build --network host -t "$IMAGE" . >"$WORK/build.log" 2>&1 ||
    { tail -30 "$WORK/build.log"; fail "docker build failed (log: $WORK/build.log)"; }
say "built in $((SECONDS - started)) s; $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f MB", $1 / 1e6 }')"

PORT=$(free_port)
BASE_URL="http://127.0.0.1:$PORT"
docker run -d --name "$NAME" --network host -e HOST=127.0.0.1 -e PORT="$PORT" \
    --read-only --tmpfs /tmp --health-interval 2s --health-start-period 60s "$IMAGE" >/dev/null

for _ in $(seq 90); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$NAME")" = healthy ] && break
    [ "$(docker inspect -f '{{.State.Running}}' "$NAME")" = true ] || fail "the container exited"
    sleep 1
done
[ "$(docker inspect -f '{{.State.Health.Status}}' "$NAME")" = healthy ] ||
    fail "the HEALTHCHECK did not report healthy within 90 s"
say "healthy on $BASE_URL (read-only root filesystem, /tmp a tmpfs)"

answer=$(curl -sS -H 'Content-Type: application/json' -H 'X-Request-ID: container-test-1' \
    -d '{"expression": "x^2 sin x"}' "$BASE_URL/v1/derivative")
python3 - "$answer" <<'PYTHON' || fail "unexpected derivative answer: $answer"
import json, sys
assert json.loads(sys.argv[1])["derivative"]["text"] == "x^2*cos(x) + 2*x*sin(x)"
PYTHON
say "POST /v1/derivative x^2 sin x -> x^2*cos(x) + 2*x*sin(x)"

curl -sSf "$BASE_URL/openapi.yaml" -o "$WORK/openapi.yaml" || fail "GET /openapi.yaml"
cmp -s "$WORK/openapi.yaml" service/api/static/openapi.yaml ||
    fail "/openapi.yaml is not the repository's contract"
say "GET /openapi.yaml is the contract ($(wc -c <"$WORK/openapi.yaml") bytes)"

curl -sSf "$BASE_URL/docs" | grep -q 'id="swagger-ui"' || fail "GET /docs is not the API page"
curl -sSf -o /dev/null "$BASE_URL/docs/assets/swagger-ui-bundle.js" || fail "the page's script"
say "GET /docs and its script are served"

uid=$(docker exec "$NAME" python3 -c 'import os; print(os.getuid())')
[ "$uid" = 10001 ] || fail "runs as uid $uid, not 10001"
docker logs "$NAME" 2>&1 | python3 -c '
import json, sys
lines = [json.loads(line) for line in sys.stdin if line.strip()]
assert any(line.get("request_id") == "container-test-1" for line in lines), lines[-3:]
' || fail "the logs are not JSON lines with the request id"
say "runs as uid 10001; every log line is JSON; the access line has the request id"
say "passed"
