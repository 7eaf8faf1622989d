#!/usr/bin/env bash
# clusterctl stand-in on two kind stand-in clusters: init with EKS-A's providers (namespaces,
# CRDs, Provider inventory), a second init's error, describe, move of a Cluster +
# KubeadmControlPlane + VSphereCluster + kubeconfig Secret (owner refs remapped, status kept,
# unpaused on the target, gone from the source, an unrelated Secret left alone), version.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
export PATH="$EKSA_TESTBED_STANDINS_PATH:$PATH"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
a="smoke-cc-a-$$" b="smoke-cc-b-$$"
cleanup() {
  for n in "$a" "$b"; do kind delete cluster --name "$n" --kubeconfig "$work/$n" -q >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
k() { kubectl "$@" 2> >(grep -v 'Warning: version difference' >&2); }
ka() { k --kubeconfig "$work/$a" "$@"; }
kb() { k --kubeconfig "$work/$b" "$@"; }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

kind create cluster --name "$a" --kubeconfig "$work/$a" -q || fail "kind create $a"
kind create cluster --name "$b" --kubeconfig "$work/$b" -q || fail "kind create $b"

init=(init --core cluster-api:v1.5.2 --bootstrap kubeadm:v1.5.2 --control-plane kubeadm:v1.5.2
      --infrastructure vsphere:v1.7.4 --bootstrap etcdadm-bootstrap:v1.0.10 --bootstrap etcdadm-controller:v1.0.16
      --watching-namespace eksa-system)
t=$(now)
clusterctl "${init[@]}" --kubeconfig "$work/$a" >"$work/init.out" 2>"$work/init.err" \
  || fail "clusterctl init on $a: $(cat "$work/init.err")"
echo "clusterctl init: $(since "$t") s"
clusterctl "${init[@]}" --kubeconfig "$work/$b" >/dev/null 2>&1 || fail "clusterctl init on $b"
grep -qx 'Installing Provider="infrastructure-vsphere" Version="v1.7.4" TargetNamespace="capv-system"' "$work/init.err" \
  || fail "init output: $(cat "$work/init.err")"
grep -q 'Your management cluster has been initialized successfully!' "$work/init.out" || fail "no success note on stdout"
for ns in capi-system capi-kubeadm-bootstrap-system capi-kubeadm-control-plane-system capv-system \
          etcdadm-bootstrap-provider-system etcdadm-controller-system cert-manager; do
  ka get ns "$ns" >/dev/null 2>&1 || fail "namespace $ns missing after init"
done
[[ $(ka get providers.clusterctl.cluster.x-k8s.io -A --no-headers | wc -l) == 6 ]] || fail "want 6 Provider objects"
[[ $(ka get provider -n capv-system infrastructure-vsphere -o jsonpath='{.type} {.version}') == "InfrastructureProvider v1.7.4" ]] \
  || fail "Provider infrastructure-vsphere"
ka wait --for=condition=established --timeout=10s crd/kubeadmcontrolplanes.controlplane.cluster.x-k8s.io >/dev/null \
  || fail "KCP CRD not established"

set +e
clusterctl init --infrastructure vsphere --kubeconfig "$work/$a" >/dev/null 2>"$work/again.err"; rc=$?
set -e
[[ $rc == 1 ]] || fail "second init exited $rc, want 1"
grep -qx 'Error: installing provider "infrastructure-vsphere" can lead to a non functioning management cluster: there is already an instance of the "infrastructure-vsphere" provider installed in the "capv-system" namespace' \
  "$work/again.err" || fail "second init message: $(cat "$work/again.err")"

# Objects on A, as eksa applies them (paused), with status and an owner reference.
cat >"$work/objs.yaml" <<'EOF'
apiVersion: v1
kind: Namespace
metadata: {name: eksa-system}
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata: {name: c1, namespace: eksa-system, labels: {cluster.x-k8s.io/cluster-name: c1}}
spec:
  paused: true
  controlPlaneEndpoint: {host: 127.0.50.1, port: 6443}
  controlPlaneRef: {apiVersion: controlplane.cluster.x-k8s.io/v1beta1, kind: KubeadmControlPlane, name: c1}
  infrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: VSphereCluster, name: c1}
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata: {name: c1, namespace: eksa-system, labels: {cluster.x-k8s.io/cluster-name: c1}}
spec: {replicas: 3, version: v1.27.3}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: VSphereCluster
metadata: {name: c1, namespace: eksa-system}
spec: {server: 127.0.10.1}
---
apiVersion: v1
kind: Secret
metadata: {name: c1-kubeconfig, namespace: eksa-system, labels: {cluster.x-k8s.io/cluster-name: c1}}
stringData: {value: "apiVersion: v1\nkind: Config\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: unrelated, namespace: eksa-system}
stringData: {x: "y"}
EOF
ka apply -f "$work/objs.yaml" >/dev/null || fail "apply objects on $a"
ka -n eksa-system patch cluster c1 --subresource=status --type=merge \
  -p '{"status":{"phase":"Provisioned","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}' \
  >/dev/null || fail "status patch"
uid=$(ka -n eksa-system get cluster c1 -o jsonpath='{.metadata.uid}')
ka -n eksa-system patch kcp c1 --type=merge -p "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"cluster.x-k8s.io/v1beta1\",\"kind\":\"Cluster\",\"name\":\"c1\",\"uid\":\"$uid\"}],\"finalizers\":[\"kubeadm.controlplane.cluster.x-k8s.io\"]}}" \
  >/dev/null || fail "owner patch"

clusterctl describe cluster c1 -n eksa-system --kubeconfig "$work/$a" >"$work/describe.out" || fail "describe"
grep -q '^Cluster/c1 *True' "$work/describe.out" || fail "describe root: $(cat "$work/describe.out")"
grep -q '└─ControlPlane - KubeadmControlPlane/c1' "$work/describe.out" || fail "describe tree: $(cat "$work/describe.out")"

clusterctl move --kubeconfig "$work/$a" --to-kubeconfig "$work/$b" -n eksa-system --dry-run 2>"$work/dry.err" \
  || fail "move --dry-run"
grep -q 'This is a dry-run move' "$work/dry.err" || fail "dry-run banner"
ka -n eksa-system get cluster c1 >/dev/null 2>&1 || fail "dry-run moved something"

t=$(now)
clusterctl move --kubeconfig "$work/$a" --to-kubeconfig "$work/$b" --namespace eksa-system 2>"$work/move.err" \
  || fail "move: $(cat "$work/move.err")"
echo "clusterctl move: $(since "$t") s"
grep -qx 'Moving Cluster API objects Clusters=1' "$work/move.err" || fail "move output: $(cat "$work/move.err")"
for o in cluster/c1 kcp/c1 vspherecluster/c1 secret/c1-kubeconfig; do
  kb -n eksa-system get "$o" >/dev/null 2>&1 || fail "$o missing on target"
  ! ka -n eksa-system get "$o" >/dev/null 2>&1 || fail "$o still on source"
done
ka -n eksa-system get secret unrelated >/dev/null 2>&1 || fail "unrelated Secret was moved"
! kb -n eksa-system get secret unrelated >/dev/null 2>&1 || fail "unrelated Secret appeared on target"
[[ $(kb -n eksa-system get cluster c1 -o jsonpath='{.status.phase}') == Provisioned ]] || fail "status not kept"
[[ -z $(kb -n eksa-system get cluster c1 -o jsonpath='{.spec.paused}') ]] || fail "cluster still paused on target"
[[ $(kb -n eksa-system get kcp c1 -o jsonpath='{.spec.replicas}') == 3 ]] || fail "KCP spec not kept"
newuid=$(kb -n eksa-system get cluster c1 -o jsonpath='{.metadata.uid}')
[[ $(kb -n eksa-system get kcp c1 -o jsonpath='{.metadata.ownerReferences[0].uid}') == "$newuid" ]] \
  || fail "KCP owner reference not remapped to the target Cluster's UID"
[[ $(kb -n eksa-system get secret c1-kubeconfig -o jsonpath='{.data.value}' | base64 -d) == $'apiVersion: v1\nkind: Config' ]] \
  || fail "Secret data changed"
clusterctl get kubeconfig c1 -n eksa-system --kubeconfig "$work/$b" | grep -q '^kind: Config' || fail "get kubeconfig"

[[ $(clusterctl version -o short) == v1.5.2 ]] || fail "version -o short"
clusterctl version | grep -q '^clusterctl version: &version.Info{Major:"1", Minor:"5", GitVersion:"v1.5.2"' || fail "version"
echo "ok: clusterctl stand-in"
