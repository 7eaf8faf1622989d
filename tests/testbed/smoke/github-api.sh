#!/usr/bin/env bash
# GitHub REST fixture: token scopes, bad credentials, repository create/duplicate, push to the
# clone_url, contents, deploy keys, delete.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || fail "jq is not installed (tests/testbed/install installs it)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# api METHOD PATH TOKEN [BODY]: prints the status; body in $work/body, headers in $work/headers.
api() {
  local args=(-s -o "$work/body" -D "$work/headers" -w '%{http_code}' --cacert "$EKSA_TESTBED_CA"
              -H 'Accept: application/vnd.github+json')
  if [[ $1 == HEAD ]]; then args+=(--head); else args+=(-X "$1"); fi
  [[ -n $3 ]] && args+=(-H "Authorization: token $3")
  [[ $# -ge 4 ]] && args+=(-H 'Content-Type: application/json' -d "$4")
  curl "${args[@]}" "$EKSA_TESTBED_GITHUB_URL$2"
}
want() { # want CODE WHAT: checks the last status
  [[ $status == "$1" ]] || fail "$2: HTTP $status, want $1: $(head -c 400 "$work/body")"
}
scopes() { tr -d '\r' <"$work/headers" | sed -n 's/^[Xx]-[Oo][Aa]uth-[Ss]copes: *//p'; }

# Token scope check, as EKS-A does it (HEAD /users/codertocat, read X-OAuth-Scopes).
status=$(api HEAD /users/codertocat "$EKSA_TESTBED_GITHUB_TOKEN"); want 200 "HEAD /users (repo token)"
[[ ",$(scopes | tr -d ' ')," == *,repo,* ]] || fail "repo token scopes '$(scopes)' lack repo"
status=$(api HEAD /users/codertocat "$EKSA_TESTBED_GITHUB_TOKEN_NO_REPO_SCOPE"); want 200 "HEAD /users (no-repo token)"
grep -qi '^x-oauth-scopes:' "$work/headers" || fail "no-repo token: no X-OAuth-Scopes header"
[[ ",$(scopes | tr -d ' ')," != *,repo,* ]] || fail "no-repo token scopes '$(scopes)' contain repo"
status=$(api GET /user "ghp_not_a_token"); want 401 "bad token"
[[ $(jq -r .message "$work/body") == "Bad credentials" ]] || fail "bad token body: $(cat "$work/body")"
jq -e '.documentation_url | startswith("https://docs.github.com")' "$work/body" >/dev/null \
  || fail "bad token body lacks documentation_url"
status=$(api GET /user "$EKSA_TESTBED_GITHUB_TOKEN"); want 200 "GET /user"
[[ $(jq -r .login "$work/body") == "$EKSA_TESTBED_GITHUB_USER" ]] || fail "GET /user login: $(cat "$work/body")"
status=$(api GET "/orgs/$EKSA_TESTBED_GITHUB_ORG" "$EKSA_TESTBED_GITHUB_TOKEN"); want 200 "GET /orgs/{org}"
status=$(api GET /orgs/no-such-org "$EKSA_TESTBED_GITHUB_TOKEN"); want 404 "GET /orgs/no-such-org"

# Create, duplicate.
owner=$EKSA_TESTBED_GITHUB_USER name="smoke-$$"
status=$(api GET "/repos/$owner/$name" "$EKSA_TESTBED_GITHUB_TOKEN"); want 404 "GET missing repo"
[[ $(jq -r .message "$work/body") == "Not Found" ]] || fail "missing repo body: $(cat "$work/body")"
status=$(api POST /user/repos "$EKSA_TESTBED_GITHUB_TOKEN" "{\"name\":\"$name\",\"private\":true}")
want 201 "POST /user/repos"
clone_url=$(jq -r .clone_url "$work/body")
[[ $(jq -r .full_name "$work/body") == "$owner/$name" ]] || fail "create body: $(cat "$work/body")"
[[ $clone_url == "$EKSA_TESTBED_GIT_URL/$owner/$name.git" ]] || fail "clone_url $clone_url"
[[ -d "$EKSA_TESTBED_GIT_ROOT/$owner/$name.git" ]] || fail "no bare repository on the git server"
status=$(api POST /user/repos "$EKSA_TESTBED_GITHUB_TOKEN" "{\"name\":\"$name\"}"); want 422 "duplicate create"
[[ $(jq -r '.errors[0].message' "$work/body") == "name already exists on this account" ]] \
  || fail "duplicate body: $(cat "$work/body")"
status=$(api GET "/repos/$owner/$name" "$EKSA_TESTBED_GITHUB_TOKEN"); want 200 "GET created repo"
status=$(api GET "/repos/$owner/$name/contents/" "$EKSA_TESTBED_GITHUB_TOKEN"); want 404 "contents of an empty repo"

# Push to clone_url, read the file back.
g() { git -c user.name=smoke -c user.email=smoke@example.invalid -c init.defaultBranch=main "$@"; }
g init -q "$work/wc"
mkdir -p "$work/wc/clusters/c1"
printf 'apiVersion: v1\nkind: ConfigMap\n# %s\n' "$$" >"$work/wc/clusters/c1/eksa-cluster.yaml"
g -C "$work/wc" add -A; g -C "$work/wc" commit -qm smoke
g -C "$work/wc" push -q "${clone_url/http:\/\//http://x-access-token:$EKSA_TESTBED_GITHUB_TOKEN@}" main \
  || fail "push to clone_url failed"
status=$(api GET "/repos/$owner/$name/contents/clusters/c1/eksa-cluster.yaml?ref=main" "$EKSA_TESTBED_GITHUB_TOKEN")
want 200 "GET contents of the pushed file"
jq -r .content "$work/body" | base64 -d >"$work/got"
cmp -s "$work/got" "$work/wc/clusters/c1/eksa-cluster.yaml" || fail "contents differ: $(cat "$work/body")"
[[ $(jq -r '.type + " " + .encoding + " " + .path' "$work/body") == "file base64 clusters/c1/eksa-cluster.yaml" ]] \
  || fail "contents shape: $(cat "$work/body")"
status=$(api GET "/repos/$owner/$name/contents/clusters/c1/missing.yaml?ref=main" "$EKSA_TESTBED_GITHUB_TOKEN")
want 404 "GET contents of a missing path"
status=$(api GET "/repos/$owner/$name/contents/clusters/c1/eksa-cluster.yaml?ref=no-such-branch" "$EKSA_TESTBED_GITHUB_TOKEN")
want 404 "GET contents at a missing ref"
status=$(api GET "/api/v3/repos/$owner/$name/contents/clusters?ref=main" "$EKSA_TESTBED_GITHUB_TOKEN")
want 200 "GET directory under /api/v3"
[[ $(jq -r '.[0].type + " " + .[0].path' "$work/body") == "dir clusters/c1" ]] || fail "dir listing: $(cat "$work/body")"

# Deploy keys.
key="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBv6g3JKx9w2m7fQ2eF6q3bR1nNnQ0gB8o1o3vV3xY8Z flux"
status=$(api POST "/repos/$owner/$name/keys" "$EKSA_TESTBED_GITHUB_TOKEN" \
  "{\"title\":\"flux-system\",\"key\":\"$key\",\"read_only\":false}"); want 201 "POST keys"
key_id=$(jq -r .id "$work/body")
status=$(api POST "/repos/$owner/$name/keys" "$EKSA_TESTBED_GITHUB_TOKEN" \
  "{\"title\":\"again\",\"key\":\"$key\"}"); want 422 "duplicate key"
[[ $(jq -r '.errors[0].message' "$work/body") == "key is already in use" ]] || fail "duplicate key body: $(cat "$work/body")"
status=$(api GET "/repos/$owner/$name/keys" "$EKSA_TESTBED_GITHUB_TOKEN"); want 200 "GET keys"
[[ $(jq -r "map(select(.id == $key_id)) | .[0].title" "$work/body") == flux-system ]] || fail "keys: $(cat "$work/body")"

# Org repository.
status=$(api POST "/orgs/$EKSA_TESTBED_GITHUB_ORG/repos" "$EKSA_TESTBED_GITHUB_TOKEN" "{\"name\":\"$name\"}")
want 201 "POST /orgs/{org}/repos"
[[ $(jq -r .owner.type "$work/body") == Organization ]] || fail "org repo owner: $(cat "$work/body")"
status=$(api DELETE "/repos/$EKSA_TESTBED_GITHUB_ORG/$name" "$EKSA_TESTBED_GITHUB_TOKEN"); want 204 "DELETE org repo"

# Delete.
status=$(api DELETE "/repos/$owner/$name" "$EKSA_TESTBED_GITHUB_TOKEN"); want 204 "DELETE repo"
[[ ! -e "$EKSA_TESTBED_GIT_ROOT/$owner/$name.git" ]] || fail "bare repository left after DELETE"
status=$(api GET "/repos/$owner/$name" "$EKSA_TESTBED_GITHUB_TOKEN"); want 404 "GET deleted repo"
! grep -q -e "$EKSA_TESTBED_GITHUB_TOKEN" -e "$EKSA_TESTBED_GITHUB_TOKEN_NO_REPO_SCOPE" "$EKSA_TESTBED_DIR/github/fixture.log" \
  || fail "a token appears in the fixture log"
echo "ok: scopes, 401, create 201/422, push + contents 200/404, keys 201/422, delete 204/404"
