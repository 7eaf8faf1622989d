#!/usr/bin/env bash
# kind stand-in: create a cluster (an etcd + kube-apiserver pair on $EKSA_TESTBED_KIND_SUBNET.N),
# use it with kubectl (CRD + CR, wait for established), get clusters / kubeconfig / nodes,
# kind's errors for a duplicate create and an unknown cluster, delete (processes gone, kubeconfig
# entries removed).
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
export PATH="$EKSA_TESTBED_STANDINS_PATH:$PATH"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
name="smoke-kind-$$"
cleanup() { kind delete cluster --name "$name" --kubeconfig "$work/kc" -q >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
export KUBECONFIG="$work/kc"   # never touch ~/.kube/config
k() { kubectl "$@" 2> >(grep -v 'Warning: version difference' >&2); }
# alive PID: running and not a zombie (an exited child waits for its reaper a moment).
alive() { local s; s=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) && [[ $s != Z ]]; }

start=$(date +%s.%N)
kind create cluster --name "$name" 2>"$work/create.err" || { cat "$work/create.err" >&2; fail "kind create cluster"; }
echo "kind create cluster: $(echo "$(date +%s.%N) - $start" | bc) s"
grep -q "^Creating cluster \"$name\" ...$" "$work/create.err" || fail "no 'Creating cluster' line: $(cat "$work/create.err")"
grep -q '^ ✓ Starting control-plane' "$work/create.err" || fail "no control-plane step line"
grep -q "^Set kubectl context to \"kind-$name\"$" "$work/create.err" || fail "no 'Set kubectl context' line"
[[ $(k config current-context) == "kind-$name" ]] || fail "current-context is not kind-$name"
server=$(k config view --minify -o jsonpath='{.clusters[0].cluster.server}')
[[ $server == https://"$EKSA_TESTBED_KIND_SUBNET".*:6443 ]] || fail "server $server not on $EKSA_TESTBED_KIND_SUBNET.N:6443"

# The cluster serves a CRD and a custom resource.
cat >"$work/crd.yaml" <<'EOF'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.smoke.eksa.dev}
spec:
  group: smoke.eksa.dev
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
EOF
k apply -f "$work/crd.yaml" >/dev/null || fail "apply CRD"
k wait --for=condition=established --timeout=30s crd/widgets.smoke.eksa.dev >/dev/null || fail "CRD not established"
printf 'apiVersion: smoke.eksa.dev/v1\nkind: Widget\nmetadata: {name: w1, namespace: default}\nspec: {size: 3}\n' \
  | k apply -f - >/dev/null || fail "apply CR"
[[ $(k get widget w1 -o jsonpath='{.spec.size}') == 3 ]] || fail "CR not stored"
k wait --for=condition=Ready --timeout=10s "node/$name-control-plane" >/dev/null || fail "node not Ready"

# get clusters / kubeconfig / nodes.
kind get clusters | grep -qx "$name" || fail "get clusters does not list $name"
kind get kubeconfig --name "$name" >"$work/kc2" || fail "get kubeconfig"
KUBECONFIG="$work/kc2" k get ns default >/dev/null || fail "kubeconfig from get kubeconfig does not work"
[[ $(kind get nodes --name "$name") == "$name-control-plane" ]] || fail "get nodes"

# kind's errors.
set +e
kind create cluster --name "$name" >"$work/dup.out" 2>"$work/dup.err"; rc=$?
set -e
[[ $rc == 1 ]] || fail "duplicate create exited $rc, want 1"
grep -qx "ERROR: failed to create cluster: node(s) already exist for a cluster with the name \"$name\"" "$work/dup.err" \
  || fail "duplicate create message: $(cat "$work/dup.err")"
set +e
kind get kubeconfig --name "no-such-$$" >/dev/null 2>"$work/nf.err"; rc=$?
set -e
[[ $rc == 1 ]] && grep -q "ERROR: could not locate any control plane nodes for cluster named 'no-such-$$'" "$work/nf.err" \
  || fail "get kubeconfig of a missing cluster: rc=$rc $(cat "$work/nf.err")"

# delete: processes gone, entries removed, get clusters no longer lists it.
state="$EKSA_TESTBED_KIND_STATE/clusters/$name"
pids=$(cat "$state"/*.pid)
kind delete cluster --name "$name" 2>"$work/del.err" || fail "delete cluster"
grep -qx "Deleting cluster \"$name\" ..." "$work/del.err" || fail "delete output: $(cat "$work/del.err")"
for p in $pids; do ! alive "$p" || fail "process $p still running after delete"; done
[[ ! -d $state ]] || fail "state dir $state left behind"
! k config get-contexts -o name | grep -qx "kind-$name" || fail "context kind-$name left in kubeconfig"
! kind get clusters 2>/dev/null | grep -qx "$name" || fail "get clusters still lists $name"
echo "ok: kind stand-in"
