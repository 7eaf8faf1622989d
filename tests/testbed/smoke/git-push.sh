#!/usr/bin/env bash
# git smart HTTP: a push with the run's token works (as x-access-token and as any other user
# name, over http and https), a wrong or missing token gets 401 / "Authentication failed".
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
g() { git -c user.name=smoke -c user.email=smoke@example.invalid -c init.defaultBranch=main "$@"; }
hostport=${EKSA_TESTBED_GIT_URL#http://}; hostport=${hostport%%/*}

# git-http-backend cannot create repositories: make one on disk (the GitHub fixture does this).
repo="smoke/git-push-$$"
mkdir -p "$EKSA_TESTBED_GIT_ROOT/smoke"
g init -q --bare "$EKSA_TESTBED_GIT_ROOT/$repo.git"
git --git-dir="$EKSA_TESTBED_GIT_ROOT/$repo.git" symbolic-ref HEAD refs/heads/main

url="http://x-access-token:$EKSA_TESTBED_GITHUB_TOKEN@$hostport/git/$repo.git"
g init -q "$work/wc"
echo "hello $$" >"$work/wc/hello.txt"
g -C "$work/wc" add hello.txt
g -C "$work/wc" commit -qm "smoke"
g -C "$work/wc" push -q "$url" main || fail "push with the repo token failed"
[[ $(git --git-dir="$EKSA_TESTBED_GIT_ROOT/$repo.git" rev-parse main) == $(g -C "$work/wc" rev-parse HEAD) ]] \
  || fail "pushed commit is not on the server"

# Any user name works with a valid token, the no-repo-scope token is valid for git, and the
# URL without .git is served like GitHub's.
g clone -q "http://git:$EKSA_TESTBED_GITHUB_TOKEN_NO_REPO_SCOPE@$hostport/git/$repo" "$work/clone" \
  || fail "clone with the no-repo-scope token and user 'git' failed"
[[ $(cat "$work/clone/hello.txt") == "hello $$" ]] || fail "cloned content differs"

# https with the run's CA (GIT_SSL_CAINFO overrides http.sslCAInfo, so set the variable).
GIT_SSL_CAINFO=$EKSA_TESTBED_CA g ls-remote \
  "${EKSA_TESTBED_GIT_HTTPS_URL/https:\/\//https://x-access-token:$EKSA_TESTBED_GITHUB_TOKEN@}/$repo.git" \
  | grep -q refs/heads/main || fail "ls-remote over https failed"

# A wrong token: git says "Authentication failed", the server answers 401.
echo "again" >>"$work/wc/hello.txt"; g -C "$work/wc" commit -qam again
if out=$(GIT_TERMINAL_PROMPT=0 g -C "$work/wc" push "http://x-access-token:ghp_wrong@$hostport/git/$repo.git" main 2>&1); then
  fail "push with a wrong token succeeded"
fi
grep -q "Authentication failed" <<<"$out" || fail "wrong token: unexpected git output: $out"
code=$(curl -s -o /dev/null -w '%{http_code}' -u "x-access-token:ghp_wrong" \
  "$EKSA_TESTBED_GIT_URL/$repo.git/info/refs?service=git-receive-pack")
[[ $code == 401 ]] || fail "wrong token: HTTP $code, want 401"
code=$(curl -s -o /dev/null -w '%{http_code}' "$EKSA_TESTBED_GIT_URL/$repo.git/info/refs?service=git-upload-pack")
[[ $code == 401 ]] || fail "no token: HTTP $code, want 401"
code=$(curl -s -o /dev/null -w '%{http_code}' -u "x-access-token:$EKSA_TESTBED_GITHUB_TOKEN" \
  "$EKSA_TESTBED_GIT_URL/smoke/no-such-repo.git/info/refs?service=git-upload-pack")
[[ $code == 404 ]] || fail "missing repository: HTTP $code, want 404"

rm -rf "${EKSA_TESTBED_GIT_ROOT:?}/$repo.git"
echo "ok: git push/clone with tokens, 401 for wrong/missing token, 404 for a missing repo"
