#!/usr/bin/env bash
# The docker CLI against the testbed's socket, when a docker CLI is installed (it is optional:
# the Engine API itself is covered by docker-api.sh): run, exec exit codes, cp, inspect, rm.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
fail() { echo "FAIL: $*" >&2; exit 1; }
if ! command -v docker >/dev/null; then echo "skipped: no docker CLI on PATH"; exit 0; fi
work=$(mktemp -d)
name="smoke-cli-$$"
trap 'docker rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

[[ $(docker version --format '{{.Server.APIVersion}}') == 1.41 ]] || fail "server API version"
[[ $(docker run --rm --network host "$EKSA_TESTBED_BUSYBOX_IMAGE" echo hi) == hi ]] || fail "docker run --rm"
docker run -d --name "$name" --network host --label "io.eksa.testbed.smoke=$$" \
  --entrypoint sleep "$EKSA_TESTBED_TOOLS_IMAGE" infinity >/dev/null || fail "docker run -d"
set +e; docker exec "$name" sh -c 'exit 7'; rc=$?; set -e
[[ $rc == 7 ]] || fail "docker exec exit code $rc, want 7"
[[ $(echo piped | docker exec -i "$name" cat) == piped ]] || fail "docker exec -i stdin"
echo "cp $$" >"$work/in.txt"
docker cp "$work/in.txt" "$name:/tmp/in.txt" || fail "docker cp in"
docker cp "$name:/tmp/in.txt" "$work/out.txt" || fail "docker cp out"
cmp -s "$work/in.txt" "$work/out.txt" || fail "docker cp round trip differs"
[[ $(docker ps -q --filter "label=io.eksa.testbed.smoke=$$" | wc -l) == 1 ]] || fail "ps --filter label"
[[ $(docker inspect -f '{{.State.Running}}' "$name") == true ]] || fail "inspect"
docker exec "$name" kubectl version --client >/dev/null || fail "kubectl in the tools image"
docker rm -f "$name" >/dev/null || fail "docker rm -f"
! docker inspect "$name" >/dev/null 2>&1 || fail "container still there after rm"
echo "ok: docker CLI run/exec/cp/inspect/rm against $DOCKER_HOST"
