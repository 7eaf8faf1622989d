#!/usr/bin/env bash
# machine-boot with hand-made Ubuntu userdata (stacked etcd): kubeadm init serves the API on the
# control-plane endpoint with the CA from the userdata; a worker joining with the right token
# and CA hash becomes a Ready Node; a wrong token and a wrong caCertHashes fail with their
# reasons; a control-plane join serves on its own IP; down/up restarts without re-running
# kubeadm; down and destroy leave no process.
# Addresses: endpoint 127.0.50.11:6443, machines 127.0.111.1-5.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/boot-common.sh"
EP=127.0.50.11
pki_ca ca kubernetes
pki_ca etcd-ca etcd-ca
pki_ca front-proxy-ca front-proxy-ca
pki_sa
P=$BOOT_WORK/pki
TOKEN=$(new_token)
HASH=$(ca_hash "$P/ca.crt")

# --- init control plane
cat >"$BOOT_WORK/kubeadm-init.yaml" <<Y
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
clusterName: smoke
kubernetesVersion: v1.27.4
controlPlaneEndpoint: "$EP:6443"
certificatesDir: /etc/kubernetes/pki
networking:
  dnsDomain: cluster.local
  podSubnet: "192.168.0.0/16"
  serviceSubnet: "10.96.0.0/12"
etcd:
  local:
    dataDir: /var/lib/etcd
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
bootstrapTokens:
- token: $TOKEN
  ttl: "24h0m0s"
  groups:
  - system:bootstrappers:kubeadm:default-node-token
  usages:
  - signing
  - authentication
nodeRegistration:
  name: smoke-cp-0
  criSocket: unix:///var/run/containerd/containerd.sock
Y
cp_files() {
  wf /etc/kubernetes/pki/ca.crt 0644 "$P/ca.crt"; wf /etc/kubernetes/pki/ca.key 0600 "$P/ca.key"
  wf /etc/kubernetes/pki/front-proxy-ca.crt 0644 "$P/front-proxy-ca.crt"
  wf /etc/kubernetes/pki/front-proxy-ca.key 0600 "$P/front-proxy-ca.key"
  wf /etc/kubernetes/pki/sa.pub 0644 "$P/sa.pub"; wf /etc/kubernetes/pki/sa.key 0600 "$P/sa.key"
  wf /etc/kubernetes/pki/etcd/ca.crt 0644 "$P/etcd-ca.crt"; wf /etc/kubernetes/pki/etcd/ca.key 0600 "$P/etcd-ca.key"
}
{ cp_files; wf /run/kubeadm/kubeadm.yaml 0640 "$BOOT_WORK/kubeadm-init.yaml"; } |
  cloud_config smoke-cp-0 "kubeadm init --config /run/kubeadm/kubeadm.yaml" >"$BOOT_WORK/cp-0.yaml"
boot_up smoke-cp-0 127.0.111.1 "$BOOT_WORK/cp-0.yaml" || fail "init control plane did not boot"
[[ $(status smoke-cp-0) == ready ]] || fail "cp-0 status: $(status smoke-cp-0)"
echo "init control plane ready in ${BOOT_SECONDS} s"
curl -sf --cacert "$P/ca.crt" "https://$EP:6443/readyz" >/dev/null || fail "API on $EP:6443 not verified with the userdata CA"
[[ -f $BOOT_WORK/vm/smoke-cp-0/root/run/cluster-api/bootstrap-success.complete ]] || fail "no CAPI marker"
[[ $(stat -c %a "$BOOT_WORK/vm/smoke-cp-0/root/etc/kubernetes/pki/ca.key") == 600 ]] || fail "ca.key mode not kept"
[[ $(node_ready smoke-cp-0 smoke-cp-0) == True ]] || fail "control-plane Node not Ready"
admin smoke-cp-0 -n kube-system get secret "bootstrap-token-${TOKEN%%.*}" >/dev/null || fail "no bootstrap token Secret"
curl -sf --cacert "$P/ca.crt" "https://$EP:6443/api/v1/namespaces/kube-public/configmaps/cluster-info" >/dev/null \
  || fail "cluster-info not readable anonymously"

# --- join configurations
join_yaml() { # NAME TOKEN HASH [controlPlane]
  printf -- '---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: JoinConfiguration\ndiscovery:\n  bootstrapToken:\n'
  printf '    token: %s\n    apiServerEndpoint: "%s:6443"\n    caCertHashes:\n    - "%s"\n' "$2" "$EP" "$3"
  printf 'nodeRegistration:\n  name: %s\n  criSocket: unix:///var/run/containerd/containerd.sock\n' "$1"
  [[ -z "${4:-}" ]] || printf 'controlPlane: {}\n'
}
worker_ud() { # NAME TOKEN HASH -> userdata file
  join_yaml "$1" "$2" "$3" >"$BOOT_WORK/$1-kubeadm.yaml"
  wf /run/kubeadm/kubeadm.yaml 0640 "$BOOT_WORK/$1-kubeadm.yaml" |
    cloud_config "$1" "kubeadm join --config /run/kubeadm/kubeadm.yaml" >"$BOOT_WORK/$1.yaml"
  echo "$BOOT_WORK/$1.yaml"
}

boot_up smoke-md-0 127.0.111.2 "$(worker_ud smoke-md-0 "$TOKEN" "$HASH")" || fail "worker did not join"
echo "worker joined in ${BOOT_SECONDS} s"
[[ $(node_ready smoke-cp-0 smoke-md-0) == True ]] || fail "worker Node not Ready"
[[ $(admin smoke-cp-0 get node smoke-md-0 -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}') == 127.0.111.2 ]] \
  || fail "worker InternalIP"

BAD_TOKEN="${TOKEN%%.*}.$(openssl rand -hex 8)"
if boot_up smoke-md-badtoken 127.0.111.3 "$(worker_ud smoke-md-badtoken "$BAD_TOKEN" "$HASH")" --timeout 60s; then
  fail "join with a wrong token succeeded"
fi
[[ $(status smoke-md-badtoken) == *"401 Unauthorized"* ]] || fail "wrong token: status $(status smoke-md-badtoken)"
echo "wrong token: $(status smoke-md-badtoken)"

pki_ca other other-ca
if boot_up smoke-md-badhash 127.0.111.4 "$(worker_ud smoke-md-badhash "$TOKEN" "$(ca_hash "$P/other.crt")")" --timeout 60s; then
  fail "join with a wrong caCertHashes succeeded"
fi
[[ $(status smoke-md-badhash) == *"cluster CA found in cluster-info ConfigMap is invalid"* ]] \
  || fail "wrong hash: status $(status smoke-md-badhash)"
echo "wrong CA hash: $(status smoke-md-badhash)"
admin smoke-cp-0 get node smoke-md-badtoken >/dev/null 2>&1 && fail "a failed join registered a Node"

# --- control-plane join: its own API server on 127.0.111.5:6443 against the same etcd
join_yaml smoke-cp-1 "$TOKEN" "$HASH" cp >"$BOOT_WORK/cp-1-kubeadm.yaml"
{ cp_files; wf /run/kubeadm/kubeadm.yaml 0640 "$BOOT_WORK/cp-1-kubeadm.yaml"; } |
  cloud_config smoke-cp-1 "kubeadm join --config /run/kubeadm/kubeadm.yaml" >"$BOOT_WORK/cp-1.yaml"
boot_up smoke-cp-1 127.0.111.5 "$BOOT_WORK/cp-1.yaml" || fail "control-plane join failed"
echo "control-plane join ready in ${BOOT_SECONDS} s"
curl -sf --cacert "$P/ca.crt" "https://127.0.111.5:6443/readyz" >/dev/null || fail "cp-1 API not verified with the CA"
[[ $(node_ready smoke-cp-1 smoke-md-0) == True ]] || fail "cp-1 does not see the worker (not the same etcd?)"

# --- reboot: down stops everything, up restarts without kubeadm
pids=$(machine_pids smoke-cp-0)
[[ -n "$pids" ]] || fail "no PIDs recorded for cp-0"
"$MB" down --state "$BOOT_WORK/vm/smoke-cp-0" >>"$BOOT_WORK/vm/smoke-cp-0/boot.log" 2>&1 || fail "down failed"
assert_no_process $pids
[[ $(status smoke-cp-0) == off ]] || fail "status after down: $(status smoke-cp-0)"
curl -s --max-time 2 --cacert "$P/ca.crt" "https://$EP:6443/readyz" >/dev/null && fail "API still answering after down"
boot_up smoke-cp-0 127.0.111.1 "$BOOT_WORK/cp-0.yaml" || fail "reboot failed"
grep -q 'reboot: bootstrap already done' "$BOOT_WORK/vm/smoke-cp-0/boot.log" || fail "reboot re-ran the bootstrap"
echo "reboot ready in ${BOOT_SECONDS} s"
[[ $(node_ready smoke-cp-0 smoke-md-0) == True ]] || fail "worker Node lost after reboot"

# --- destroy leaves no process
pids="$(machine_pids smoke-cp-0) $(machine_pids smoke-cp-1)"
for m in "${BOOT_MACHINES[@]}"; do "$MB" destroy --state "$BOOT_WORK/vm/$m" >/dev/null 2>&1 || fail "destroy $m"; done
assert_no_process $pids
[[ ! -e $BOOT_WORK/vm/smoke-cp-0 ]] || fail "destroy kept the state directory"
BOOT_MACHINES=()
echo "ok: kubeadm init/join simulation"
