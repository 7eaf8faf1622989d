#!/usr/bin/env bash
# Docker Engine API (podman) over the unix socket with curl only: ping, create + start a busybox
# container on the host network, exec with exit codes and output, archive in/out, the default
# network is loopback-only, rm.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || fail "jq is not installed"
work=$(mktemp -d)
sock=${DOCKER_HOST#unix://}
ids=()
cleanup() {
  for id in "${ids[@]}"; do curl -s --unix-socket "$sock" -X DELETE "http://d/v1.41/containers/$id?force=true" >/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# dapi METHOD PATH [JSON|@FILE]: prints the status; the body is in $work/body.
dapi() {
  local args=(-s -o "$work/body" -w '%{http_code}' --unix-socket "$sock" -X "$1")
  if [[ $# -ge 3 && $3 == @* ]]; then args+=(-H 'Content-Type: application/x-tar' --data-binary "$3")
  elif [[ $# -ge 3 ]]; then args+=(-H 'Content-Type: application/json' -d "$3"); fi
  curl "${args[@]}" "http://d/v1.41$2"
}
want() { [[ $status == "$1" ]] || fail "$2: HTTP $status, want $1: $(head -c 400 "$work/body")"; }

# dexec ID CMD_JSON: runs an exec session with a TTY (one unframed stream); sets exec_out
# (stdout and stderr) and exec_code.
dexec() {
  status=$(dapi POST "/containers/$1/exec" "{\"Cmd\":$2,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true}")
  want 201 "exec create $2"
  local eid; eid=$(jq -r .Id "$work/body")
  status=$(dapi POST "/exec/$eid/start" '{"Detach":false,"Tty":true}'); want 200 "exec start $2"
  exec_out=$(tr -d '\r' <"$work/body")
  status=$(dapi GET "/exec/$eid/json"); want 200 "exec inspect"
  exec_code=$(jq -r .ExitCode "$work/body")
}

links_before=$(ip -o link show | awk -F': ' '{print $2}' | sort)
status=$(dapi GET /_ping); want 200 "_ping"; [[ $(cat "$work/body") == OK ]] || fail "_ping body"
status=$(dapi GET /version); want 200 "version"
[[ $(jq -r .ApiVersion "$work/body") == 1.41 ]] || fail "API version: $(cat "$work/body")"
status=$(dapi GET "/images/$EKSA_TESTBED_BUSYBOX_IMAGE/json"); want 200 "busybox image present"

# A host-network container, EKS-A style (long-lived, commands by exec).
status=$(dapi POST "/containers/create?name=smoke-docker-$$" "{\"Image\":\"$EKSA_TESTBED_BUSYBOX_IMAGE\",
  \"Entrypoint\":[\"sleep\"],\"Cmd\":[\"infinity\"],\"Labels\":{\"io.eksa.testbed.smoke\":\"$$\"},
  \"HostConfig\":{\"NetworkMode\":\"host\"}}"); want 201 "create"
id=$(jq -r .Id "$work/body"); ids+=("$id")
status=$(dapi POST "/containers/$id/start"); want 204 "start"
status=$(dapi GET "/containers/$id/json"); want 200 "inspect"
[[ $(jq -r '.State.Running' "$work/body") == true ]] || fail "container not running: $(jq -c .State "$work/body")"
[[ $(jq -r '.HostConfig.NetworkMode' "$work/body") == host ]] || fail "not on the host network"
status=$(dapi GET "/containers/json?filters=%7B%22label%22%3A%5B%22io.eksa.testbed.smoke%3D$$%22%5D%7D")
want 200 "list by label"; [[ $(jq length "$work/body") == 1 ]] || fail "label filter: $(cat "$work/body")"

dexec "$id" '["sh","-c","echo out-$((6*7)); echo err >&2; exit 3"]'
[[ $exec_code == 3 ]] || fail "exec exit code $exec_code, want 3"
[[ $exec_out == *out-42* && $exec_out == *err* ]] || fail "exec output: $exec_out"
dexec "$id" '["sh","-c","ulimit -n"]'
[[ $exec_code == 0 && $exec_out == *20000* ]] || fail "nofile ulimit: $exec_out"
# Without a TTY the exec stream is Docker's multiplexed one: 8-byte frame headers, stream 2 = stderr.
status=$(dapi POST "/containers/$id/exec" '{"Cmd":["sh","-c","echo e >&2"],"AttachStdout":true,"AttachStderr":true}')
want 201 "exec create (no tty)"
status=$(dapi POST "/exec/$(jq -r .Id "$work/body")/start" '{"Detach":false,"Tty":false}'); want 200 "exec start (no tty)"
[[ $(head -c 8 "$work/body" | od -An -tu1 | tr -s ' ') == " 2 0 0 0 0 0 0 2" ]] || fail "exec stream framing: $(od -c "$work/body" | head -2)"
# Host networking reaches the git peer on its loopback address (401 without a token).
git_hostport=${EKSA_TESTBED_GIT_URL#http://}; git_hostport=${git_hostport%%/*}
dexec "$id" "[\"sh\",\"-c\",\"wget -q -O /dev/null http://$git_hostport/git/ 2>&1; true\"]"
[[ $exec_out == *401* ]] || fail "host network: git peer not reached: $exec_out"

# Archive in and out.
mkdir -p "$work/in/sub"; printf 'payload %s\n' "$$" >"$work/in/sub/file.txt"
tar -C "$work/in" -cf "$work/in.tar" sub
status=$(dapi PUT "/containers/$id/archive?path=/tmp" "@$work/in.tar"); want 200 "archive put"
dexec "$id" '["cat","/tmp/sub/file.txt"]'
[[ $exec_code == 0 && $exec_out == "payload $$" ]] || fail "copied file in container: $exec_out"
dexec "$id" '["sh","-c","echo from-container > /tmp/out.txt"]'
status=$(dapi GET "/containers/$id/archive?path=/tmp/out.txt"); want 200 "archive get"
[[ $(tar -xOf "$work/body" out.txt) == from-container ]] || fail "archive get content"

# Without host networking a container sees only its own loopback (no bridge is made).
status=$(dapi POST /containers/create "{\"Image\":\"$EKSA_TESTBED_BUSYBOX_IMAGE\",\"Cmd\":[\"sleep\",\"infinity\"]}")
want 201 "create (default network)"
id2=$(jq -r .Id "$work/body"); ids+=("$id2")
status=$(dapi POST "/containers/$id2/start"); want 204 "start (default network)"
dexec "$id2" '["sh","-c","ip -o -4 addr show | awk \"{print \\$4}\""]'
[[ $exec_out == "127.0.0.1/8" ]] || fail "default network addresses: $exec_out"

# Remove.
for cid in "$id" "$id2"; do
  status=$(dapi DELETE "/containers/$cid?force=true"); want 204 "rm"
  status=$(dapi GET "/containers/$cid/json"); want 404 "inspect after rm"
done
ids=()
[[ $(ip -o link show | awk -F': ' '{print $2}' | sort) == "$links_before" ]] || fail "host network interfaces changed"
echo "ok: ping, create/start (host network), exec exit codes, archive in/out, loopback-only default network, rm"
