#!/usr/bin/env bash
# The tools image, used as EKS-A uses its cli-tools image (entrypoint sleep, one exec per
# command): kubectl runs, git pushes over https to the GitHub fixture's clone URL, and every
# stand-in built in EKSA_TESTBED_BIN (kind, clusterctl, flux) is in /usr/bin.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || fail "jq is not installed"
work=$(mktemp -d)
sock=${DOCKER_HOST#unix://}
id=""
cleanup() {
  [[ -n $id ]] && curl -s --unix-socket "$sock" -X DELETE "http://d/v1.41/containers/$id?force=true" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
dapi() {
  local args=(-s -o "$work/body" -w '%{http_code}' --unix-socket "$sock" -X "$1")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' -d "$3")
  curl "${args[@]}" "http://d/v1.41$2"
}
want() { [[ $status == "$1" ]] || fail "$2: HTTP $status, want $1: $(head -c 400 "$work/body")"; }
dexec() { # dexec CMD_JSON [ENV_JSON]: sets exec_out and exec_code
  status=$(dapi POST "/containers/$id/exec" "{\"Cmd\":$1,\"Env\":${2:-[]},\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true}")
  want 201 "exec create $1"
  local eid; eid=$(jq -r .Id "$work/body")
  status=$(dapi POST "/exec/$eid/start" '{"Detach":false,"Tty":true}'); want 200 "exec start $1"
  exec_out=$(tr -d '\r' <"$work/body")
  status=$(dapi GET "/exec/$eid/json"); want 200 "exec inspect"
  exec_code=$(jq -r .ExitCode "$work/body")
}

status=$(dapi POST "/containers/create?name=eksa_tools_smoke_$$" "{\"Image\":\"$EKSA_TESTBED_TOOLS_IMAGE\",
  \"Entrypoint\":[\"sleep\"],\"Cmd\":[\"infinity\"],\"WorkingDir\":\"/tmp\",
  \"HostConfig\":{\"NetworkMode\":\"host\",\"Binds\":[\"$EKSA_TESTBED_DIR/pki/ca.crt:/etc/eksa-testbed/ca.crt:ro\"]}}")
want 201 "create tools container"
id=$(jq -r .Id "$work/body")
status=$(dapi POST "/containers/$id/start"); want 204 "start tools container"

dexec '["kubectl","version","--client"]'
[[ $exec_code == 0 && $exec_out == *"Client Version"* ]] || fail "kubectl version --client ($exec_code): $exec_out"
dexec '["git","--version"]'
[[ $exec_code == 0 && $exec_out == "git version "* ]] || fail "git --version: $exec_out"
for tool in kind clusterctl flux; do
  if [[ -x "$EKSA_TESTBED_BIN/$tool" ]]; then
    dexec "[\"test\",\"-x\",\"/usr/bin/$tool\"]"
    [[ $exec_code == 0 ]] || fail "$tool is built in $EKSA_TESTBED_BIN but not in $EKSA_TESTBED_TOOLS_IMAGE"
  fi
done

# git in the container pushes over https (run's CA) to a repository the GitHub fixture creates.
name="tools-smoke-$$"
code=$(curl -s -o "$work/repo.json" -w '%{http_code}' --cacert "$EKSA_TESTBED_CA" \
  -H "Authorization: token $EKSA_TESTBED_GITHUB_TOKEN" -d "{\"name\":\"$name\",\"auto_init\":true}" \
  "$EKSA_TESTBED_GITHUB_URL/user/repos")
[[ $code == 201 ]] || fail "create repo: HTTP $code"
https_url="${EKSA_TESTBED_GIT_HTTPS_URL/https:\/\//https://x-access-token:$EKSA_TESTBED_GITHUB_TOKEN@}/$EKSA_TESTBED_GITHUB_USER/$name.git"
dexec "[\"sh\",\"-c\",\"git clone -q $https_url wc && cd wc && echo hi > tools.txt && git add tools.txt && git commit -qm tools && git push -q origin main\"]" \
  '["GIT_SSL_CAINFO=/etc/eksa-testbed/ca.crt"]'
[[ $exec_code == 0 ]] || fail "git clone/push in the tools container ($exec_code): $exec_out"
code=$(curl -s -o "$work/c.json" -w '%{http_code}' --cacert "$EKSA_TESTBED_CA" \
  -H "Authorization: token $EKSA_TESTBED_GITHUB_TOKEN" \
  "$EKSA_TESTBED_GITHUB_URL/repos/$EKSA_TESTBED_GITHUB_USER/$name/contents/tools.txt?ref=main")
[[ $code == 200 && $(jq -r .content "$work/c.json" | base64 -d) == hi ]] || fail "pushed file: HTTP $code"
curl -s -o /dev/null --cacert "$EKSA_TESTBED_CA" -X DELETE -H "Authorization: token $EKSA_TESTBED_GITHUB_TOKEN" \
  "$EKSA_TESTBED_GITHUB_URL/repos/$EKSA_TESTBED_GITHUB_USER/$name"
echo "ok: $EKSA_TESTBED_TOOLS_IMAGE: kubectl, git over https, stand-ins present"
