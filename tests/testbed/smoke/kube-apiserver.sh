#!/usr/bin/env bash
# The built kube-apiserver runs against Debian's etcd and serves what the tests use through
# kubectl: a CRD with a status subresource, a custom resource (the create that crashed with the
# vendored reflect2 1.0.1), a status patch, a condition wait, and 401 for a bad token.
# Uses 127.0.50.240 (:2379, :2380, :6443). Cleans up its processes on any exit.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
ip=127.0.50.240
work=$(mktemp -d "$EKSA_TESTBED_DIR/kube-smoke.XXXXXX")
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done; exit 1; }

cd "$work"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=kube-smoke-ca -keyout ca.key -out ca.crt \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -subj /CN=kube-apiserver -keyout srv.key -out srv.csr 2>/dev/null
openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -out srv.crt \
  -extfile <(printf 'subjectAltName=IP:%s\nextendedKeyUsage=serverAuth\n' "$ip") 2>/dev/null
openssl genrsa -out sa.key 2048 2>/dev/null
openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
token=$(openssl rand -hex 16)
echo "$token,admin,uid-admin,\"system:masters\"" >tokens.csv

"$EKSA_TESTBED_ETCD" --name smoke --data-dir "$work/etcd" \
  --listen-client-urls "http://$ip:2379" --advertise-client-urls "http://$ip:2379" \
  --listen-peer-urls "http://$ip:2380" --initial-advertise-peer-urls "http://$ip:2380" \
  --initial-cluster "smoke=http://$ip:2380" --logger=zap >etcd.log 2>&1 &
pids+=($!)
start=$SECONDS
"$EKSA_TESTBED_KUBE_APISERVER" --etcd-servers="http://$ip:2379" --etcd-prefix=/kube-smoke \
  --bind-address=$ip --advertise-address=$ip --secure-port=6443 --insecure-port=0 \
  --tls-cert-file=srv.crt --tls-private-key-file=srv.key --client-ca-file=ca.crt \
  --token-auth-file=tokens.csv --authorization-mode=RBAC \
  --service-account-issuer=https://kubernetes.default.svc --service-account-key-file=sa.pub \
  --service-account-signing-key-file=sa.key --service-cluster-ip-range=10.96.0.0/12 \
  --enable-priority-and-fairness=false --endpoint-reconciler-type=none --cert-dir="$work/certs" \
  >apiserver.log 2>&1 &
pids+=($!)
until curl -sf --cacert ca.crt "https://$ip:6443/readyz" >/dev/null; do
  (( SECONDS - start < 90 )) || fail "kube-apiserver not ready after 90 s"
  kill -0 "${pids[1]}" 2>/dev/null || fail "kube-apiserver exited"
  sleep 0.2
done
echo "kube-apiserver ready in $((SECONDS - start)) s"

cat >kubeconfig <<KC
apiVersion: v1
kind: Config
clusters: [{name: smoke, cluster: {server: "https://$ip:6443", certificate-authority: "$work/ca.crt"}}]
users: [{name: admin, user: {token: "$token"}}]
contexts: [{name: smoke, context: {cluster: smoke, user: admin}}]
current-context: smoke
KC
k() { kubectl --kubeconfig "$work/kubeconfig" "$@" 2>>kubectl.log; }
k apply -f - >/dev/null <<'CRD' || fail "CRD apply"
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.smoke.eksa.dev}
spec:
  group: smoke.eksa.dev
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
CRD
k wait --for condition=established --timeout=30s crd/widgets.smoke.eksa.dev >/dev/null || fail "CRD not established"
k apply -f - >/dev/null <<'CR' || fail "custom resource create (the reflect2 crash?)"
apiVersion: smoke.eksa.dev/v1
kind: Widget
metadata: {name: w1, namespace: default}
spec: {b: 2, a: 1, nested: {z: 1, y: 2}}
CR
k patch widget w1 --subresource=status --type=merge \
  -p '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}' >/dev/null || fail "status patch"
k wait --for=condition=Ready --timeout=10s widget/w1 >/dev/null || fail "wait for Ready"
kill -0 "${pids[1]}" 2>/dev/null || fail "kube-apiserver died"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert ca.crt -H 'Authorization: Bearer wrong' \
  "https://$ip:6443/api/v1/namespaces")
[[ $code == 401 ]] || fail "bad token got $code, want 401"
echo "ok: kube-apiserver $("$EKSA_TESTBED_KUBE_APISERVER" --version) on $ip:6443"
