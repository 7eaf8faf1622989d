#!/usr/bin/env bash
# machine-boot with hand-made etcd userdata (etcdadm semantics): etcdadm init starts a TLS member,
# etcdadm join adds a second one through it (by IP) and a third through a machine name resolved
# with --hosts, giving a 3-member cluster; a kubeadm init control plane with etcd.external stores
# its objects there; destroy leaves no process.
# Addresses: endpoint 127.0.50.12:6443, etcd machines 127.0.112.1-3, control plane 127.0.112.10.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/boot-common.sh"
pki_ca etcd-ca etcd-ca
pki_ca ca kubernetes
pki_sa
P=$BOOT_WORK/pki

etcd_ud() { # NAME BOOTSTRAP-COMMAND
  { wf /etc/etcd/pki/ca.crt 0644 "$P/etcd-ca.crt"; wf /etc/etcd/pki/ca.key 0600 "$P/etcd-ca.key"; } |
    cloud_config "$1" "$2" >"$BOOT_WORK/$1.yaml"
  echo "$BOOT_WORK/$1.yaml"
}
FLAGS="--init-system=systemd --install-dir=/opt/bin --data-dir=/var/lib/etcd --version=3.5.15 --certs-dir=/etc/etcd/pki"
boot_up smoke-etcd-0 127.0.112.1 "$(etcd_ud smoke-etcd-0 "etcdadm init --name=smoke-etcd-0 $FLAGS")" \
  || fail "etcdadm init failed"
echo "etcdadm init ready in ${BOOT_SECONDS} s"
boot_up smoke-etcd-1 127.0.112.2 "$(etcd_ud smoke-etcd-1 "etcdadm join https://127.0.112.1:2379 --name=smoke-etcd-1 $FLAGS")" \
  || fail "etcdadm join failed"
echo "etcdadm join ready in ${BOOT_SECONDS} s"
printf '127.0.112.1 smoke-etcd-0\n' >"$BOOT_WORK/hosts"
boot_up smoke-etcd-2 127.0.112.3 "$(etcd_ud smoke-etcd-2 "etcdadm join https://smoke-etcd-0:2379 --name=smoke-etcd-2 $FLAGS")" \
  --hosts "$BOOT_WORK/hosts" || fail "etcdadm join by name failed"

E0=$BOOT_WORK/vm/smoke-etcd-0/root/etc/etcd/pki
ectl() {
  ETCDCTL_API=3 "$EKSA_TESTBED_ETCDCTL" --endpoints "$1" --cacert "$P/etcd-ca.crt" \
    --cert "$E0/etcdctl-etcd-client.crt" --key "$E0/etcdctl-etcd-client.key" "${@:2}"
}
members=$(ectl https://127.0.112.2:2379 member list -w simple) || fail "member list"
[[ $(grep -c started <<<"$members") == 3 ]] || fail "want 3 started members, got: $members"
for i in 1 2 3; do
  ectl "https://127.0.112.$i:2379" endpoint health >/dev/null 2>&1 || fail "member 127.0.112.$i unhealthy"
done
echo "etcd cluster: $(awk -F', ' '{print $3}' <<<"$members" | tr '\n' ' ')"
# A client without a certificate is refused (client-cert auth).
curl -s --max-time 3 --cacert "$P/etcd-ca.crt" https://127.0.112.1:2379/health | grep -q '"health":"true"' \
  && fail "etcd accepted a client without a certificate"

# --- kubeadm init with etcd.external (apiserver-etcd-client from the etcd CA, as the planner issues it)
openssl req -new -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=kube-apiserver-etcd-client" \
  -keyout "$P/apiserver-etcd-client.key" -out "$P/aec.csr" 2>/dev/null
openssl x509 -req -in "$P/aec.csr" -CA "$P/etcd-ca.crt" -CAkey "$P/etcd-ca.key" -CAcreateserial -days 2 \
  -out "$P/apiserver-etcd-client.crt" -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
cat >"$BOOT_WORK/kubeadm.yaml" <<Y
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
clusterName: smoke-ext
kubernetesVersion: v1.27.4
controlPlaneEndpoint: "127.0.50.12:6443"
certificatesDir: /etc/kubernetes/pki
networking: {dnsDomain: cluster.local, podSubnet: "192.168.0.0/16", serviceSubnet: "10.96.0.0/12"}
etcd:
  external:
    endpoints: ["https://127.0.112.1:2379", "https://127.0.112.2:2379", "https://smoke-etcd-2:2379"]
    caFile: /etc/kubernetes/pki/etcd/ca.crt
    certFile: /etc/kubernetes/pki/apiserver-etcd-client.crt
    keyFile: /etc/kubernetes/pki/apiserver-etcd-client.key
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
bootstrapTokens:
- token: $(new_token)
  ttl: "24h0m0s"
nodeRegistration: {name: smoke-ext-cp-0}
Y
printf '127.0.112.3 smoke-etcd-2\n' >>"$BOOT_WORK/hosts"
{
  wf /etc/kubernetes/pki/ca.crt 0644 "$P/ca.crt"; wf /etc/kubernetes/pki/ca.key 0600 "$P/ca.key"
  wf /etc/kubernetes/pki/sa.pub 0644 "$P/sa.pub"; wf /etc/kubernetes/pki/sa.key 0600 "$P/sa.key"
  wf /etc/kubernetes/pki/etcd/ca.crt 0644 "$P/etcd-ca.crt"
  wf /etc/kubernetes/pki/apiserver-etcd-client.crt 0644 "$P/apiserver-etcd-client.crt"
  wf /etc/kubernetes/pki/apiserver-etcd-client.key 0600 "$P/apiserver-etcd-client.key"
  wf /run/kubeadm/kubeadm.yaml 0640 "$BOOT_WORK/kubeadm.yaml"
} | cloud_config smoke-ext-cp-0 "kubeadm init --config /run/kubeadm/kubeadm.yaml" >"$BOOT_WORK/ext-cp.yaml"
boot_up smoke-ext-cp-0 127.0.112.10 "$BOOT_WORK/ext-cp.yaml" --hosts "$BOOT_WORK/hosts" || fail "external-etcd control plane"
echo "external-etcd control plane ready in ${BOOT_SECONDS} s"
[[ $(node_ready smoke-ext-cp-0 smoke-ext-cp-0) == True ]] || fail "control-plane Node not Ready"
# Read through a member the API server did not necessarily write to; a loaded machine may need
# more than etcdctl's default 5 s command timeout, so a few attempts, the last error shown.
for attempt in 1 2 3 4 5; do
  got=$(ectl https://127.0.112.3:2379 --command-timeout=15s get /registry/minions/smoke-ext-cp-0 \
    --keys-only 2>&1) && grep -q smoke-ext-cp-0 <<<"$got" && break
  (( attempt == 5 )) && fail "the Node is not stored in the external etcd: $got"
  sleep 1
done

pids=""
for m in "${BOOT_MACHINES[@]}"; do pids+=" $(machine_pids "$m")"; done
for m in "${BOOT_MACHINES[@]}"; do "$MB" destroy --state "$BOOT_WORK/vm/$m" >/dev/null 2>&1 || fail "destroy $m"; done
assert_no_process $pids
BOOT_MACHINES=()
echo "ok: etcdadm init/join and external etcd"
