#!/usr/bin/env bash
# flux stand-in against the testbed's git server and GitHub fixture, on a kind stand-in cluster:
# bootstrap git (https + run CA) pushes flux-system/ (clone and check the files and commit
# messages), installs the namespace, CRDs, Secret, GitRepository and Kustomization; a second
# run is a no-op; http without --allow-insecure-http is refused; reconcile picks up a new
# commit and applies the path; bootstrap github creates the repository and a deploy key; check,
# suspend/resume, version, uninstall.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
export PATH="$EKSA_TESTBED_STANDINS_PATH:$PATH"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || fail "jq is not installed (tests/testbed/install installs it)"
work=$(mktemp -d)
name="smoke-flux-$$"
cleanup() { kind delete cluster --name "$name" --kubeconfig "$work/kc" -q >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
export KUBECONFIG="$work/kc"
k() { kubectl "$@" 2> >(grep -v 'Warning: version difference' >&2); }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
api() { # api METHOD PATH [BODY]: GitHub fixture call, prints the body
  curl -sf --cacert "$EKSA_TESTBED_CA" -H "Authorization: token $EKSA_TESTBED_GITHUB_TOKEN" \
    -H 'Accept: application/vnd.github+json' -X "$1" ${3:+-d "$3"} "$EKSA_TESTBED_GITHUB_URL$2"
}
g() { git -c user.name=smoke -c user.email=smoke@example.invalid "$@"; }
export GIT_SSL_CAINFO=$EKSA_TESTBED_CA

kind create cluster --name "$name" -q || fail "kind create cluster"

# --- bootstrap git over https ------------------------------------------------------------
owner=$EKSA_TESTBED_GITHUB_USER repo="fleet-$$"
api POST /user/repos "{\"name\":\"$repo\"}" >/dev/null || fail "creating $repo on the fixture"
url="$EKSA_TESTBED_GIT_HTTPS_URL/$owner/$repo.git"
boot=(bootstrap git --url "$url" --branch main --path clusters/c1 --username git
      --password "$EKSA_TESTBED_GITHUB_TOKEN" --ca-file "$EKSA_TESTBED_CA" --kubeconfig "$KUBECONFIG")
t=$(now)
flux "${boot[@]}" 2>"$work/boot.err" || fail "flux bootstrap git: $(cat "$work/boot.err")"
echo "flux bootstrap git: $(since "$t") s"
grep -q '^✔ committed component manifests to "main"' "$work/boot.err" || fail "no component commit line"
grep -qx '✔ all components are healthy' "$work/boot.err" || fail "no final line: $(cat "$work/boot.err")"

auth=(-c "http.extraHeader=Authorization: Basic $(printf 'git:%s' "$EKSA_TESTBED_GITHUB_TOKEN" | base64 -w0)")
g "${auth[@]}" clone -q "$url" "$work/wc" || fail "clone after bootstrap"
for f in gotk-components.yaml gotk-sync.yaml kustomization.yaml; do
  [[ -s "$work/wc/clusters/c1/flux-system/$f" ]] || fail "clusters/c1/flux-system/$f not pushed"
done
grep -q '^# Flux Version: v2' "$work/wc/clusters/c1/flux-system/gotk-components.yaml" || fail "components header"
grep -q 'name: gitrepositories.source.toolkit.fluxcd.io' "$work/wc/clusters/c1/flux-system/gotk-components.yaml" \
  || fail "components lack the GitRepository CRD"
grep -q "url: $url" "$work/wc/clusters/c1/flux-system/gotk-sync.yaml" || fail "gotk-sync url"
grep -q 'path: ./clusters/c1' "$work/wc/clusters/c1/flux-system/gotk-sync.yaml" || fail "gotk-sync path"
[[ $(g -C "$work/wc" log --format=%s | tac | paste -sd'|') == "Add Flux v2.2.3 component manifests|Add Flux sync manifests" ]] \
  || fail "commit messages: $(g -C "$work/wc" log --format=%s)"

k get ns flux-system >/dev/null || fail "namespace flux-system missing"
for crd in gitrepositories.source.toolkit.fluxcd.io kustomizations.kustomize.toolkit.fluxcd.io \
           helmreleases.helm.toolkit.fluxcd.io; do
  k wait --for=condition=established --timeout=10s "crd/$crd" >/dev/null || fail "CRD $crd"
done
[[ $(k -n flux-system get secret flux-system -o jsonpath='{.data.password}' | base64 -d) == "$EKSA_TESTBED_GITHUB_TOKEN" ]] \
  || fail "source secret"
k -n flux-system wait --for=condition=Ready --timeout=5s gitrepository/flux-system >/dev/null || fail "GitRepository not Ready"
k -n flux-system wait --for=condition=Ready --timeout=5s kustomization/flux-system >/dev/null || fail "Kustomization not Ready"
head=$(g -C "$work/wc" rev-parse HEAD)
[[ $(k -n flux-system get gitrepository flux-system -o jsonpath='{.status.artifact.revision}') == "main@sha1:$head" ]] \
  || fail "GitRepository revision is not the pushed head"

# Idempotent: nothing new committed.
flux "${boot[@]}" 2>"$work/boot2.err" || fail "second bootstrap: $(cat "$work/boot2.err")"
grep -qx '✔ component manifests are up to date' "$work/boot2.err" || fail "second bootstrap committed components"
grep -qx '✔ sync manifests are up to date' "$work/boot2.err" || fail "second bootstrap committed sync"
[[ $(g "${auth[@]}" ls-remote "$url" refs/heads/main | cut -f1) == "$head" ]] || fail "second bootstrap moved main"

# http needs --allow-insecure-http, as flux.
set +e
flux bootstrap git --url "$EKSA_TESTBED_GIT_URL/$owner/$repo.git" --path clusters/c1 --password x 2>"$work/http.err"; rc=$?
set -e
[[ $rc == 1 ]] && grep -qx '✗ scheme http is insecure, pass --allow-insecure-http=true to allow it' "$work/http.err" \
  || fail "http without --allow-insecure-http: rc=$rc $(cat "$work/http.err")"

# A new commit under the path: reconcile fetches it and applies the ConfigMap.
mkdir -p "$work/wc/clusters/c1/apps"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-git, namespace: default}\ndata: {k: v}\n' \
  >"$work/wc/clusters/c1/apps/cm.yaml"
g -C "$work/wc" add -A && g -C "$work/wc" commit -qm "add a ConfigMap" && g "${auth[@]}" -C "$work/wc" push -q origin main
new=$(g -C "$work/wc" rev-parse HEAD)
flux reconcile source git flux-system 2>"$work/rs.err" || fail "reconcile source: $(cat "$work/rs.err")"
grep -qx "✔ fetched revision main@sha1:$new" "$work/rs.err" || fail "reconcile source output: $(cat "$work/rs.err")"
flux reconcile kustomization flux-system 2>"$work/rk.err" || fail "reconcile ks: $(cat "$work/rk.err")"
grep -qx "✔ applied revision main@sha1:$new" "$work/rk.err" || fail "reconcile ks output: $(cat "$work/rk.err")"
[[ $(k -n default get configmap from-git -o jsonpath='{.data.k}') == v ]] || fail "ConfigMap from git not applied"

flux suspend kustomization flux-system 2>/dev/null || fail "suspend"
[[ $(k -n flux-system get ks flux-system -o jsonpath='{.spec.suspend}') == true ]] || fail "not suspended"
set +e; flux reconcile kustomization flux-system 2>"$work/susp.err"; rc=$?; set -e
[[ $rc == 1 ]] && grep -qx '✗ resource is suspended' "$work/susp.err" || fail "reconcile of a suspended ks: rc=$rc"
flux resume kustomization flux-system 2>/dev/null || fail "resume"
flux check 2>"$work/check.err" || fail "flux check: $(cat "$work/check.err")"
grep -qx '✔ all checks passed' "$work/check.err" || fail "check output"
flux check --pre 2>/dev/null || fail "flux check --pre"
[[ $(flux version --client) == "flux: v2.2.3" ]] || fail "version --client"

# --- bootstrap github against the fixture ------------------------------------------------
ghrepo="gh-$$"
api GET "/repos/$owner/$ghrepo" >/dev/null 2>&1 && fail "$ghrepo exists before bootstrap"
t=$(now)
GITHUB_TOKEN=$EKSA_TESTBED_GITHUB_TOKEN flux bootstrap github --owner "$owner" --repository "$ghrepo" --personal \
  --branch main --path clusters/c2 --kubeconfig "$KUBECONFIG" 2>"$work/gh.err" || fail "bootstrap github: $(cat "$work/gh.err")"
echo "flux bootstrap github: $(since "$t") s"
grep -qx "✔ repository \"https://github.com/$owner/$ghrepo\" created" "$work/gh.err" || fail "no 'created' line"
clone_url=$(api GET "/repos/$owner/$ghrepo" | jq -r .clone_url) || fail "$ghrepo not created on the fixture"
api GET "/repos/$owner/$ghrepo/contents/clusters/c2/flux-system/gotk-sync.yaml?ref=main" >/dev/null \
  || fail "gotk-sync.yaml not in $ghrepo"
[[ $(api GET "/repos/$owner/$ghrepo/keys" | jq -r '.[0].title') == "flux-system-main-flux-system-./clusters/c2" ]] \
  || fail "deploy key not registered"
[[ $(k -n flux-system get gitrepository flux-system -o jsonpath='{.spec.url}') == "ssh://git@github.com/$owner/$ghrepo" ]] \
  || fail "GitRepository url for the deploy-key mode"
k -n flux-system get secret flux-system -o jsonpath='{.data.identity\.pub}' | base64 -d | grep -q '^ecdsa-sha2-nistp384 ' \
  || fail "identity.pub"
flux reconcile source git flux-system 2>/dev/null || fail "reconcile source after bootstrap github"
g "${auth[@]}" ls-remote "$clone_url" refs/heads/main | grep -q . || fail "no main branch in $ghrepo"

# token-auth into an organisation repository, created by the bootstrap.
orgrepo="org-$$"
GITHUB_TOKEN=$EKSA_TESTBED_GITHUB_TOKEN flux bootstrap github --owner "$EKSA_TESTBED_GITHUB_ORG" --repository "$orgrepo" \
  --token-auth --path clusters/c3 2>"$work/org.err" || fail "bootstrap github --token-auth: $(cat "$work/org.err")"
[[ $(k -n flux-system get gitrepository flux-system -o jsonpath='{.spec.url}') == "$EKSA_TESTBED_GIT_URL/$EKSA_TESTBED_GITHUB_ORG/$orgrepo.git" ]] \
  || fail "token-auth GitRepository url"

flux uninstall --silent 2>"$work/un.err" || fail "uninstall: $(cat "$work/un.err")"
grep -qx '✔ uninstall finished' "$work/un.err" || fail "uninstall output"
! k get crd gitrepositories.source.toolkit.fluxcd.io >/dev/null 2>&1 || fail "CRDs left after uninstall"
echo "ok: flux stand-in"
