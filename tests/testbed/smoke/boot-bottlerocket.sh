#!/usr/bin/env bash
# machine-boot with hand-made Bottlerocket userdata: a control plane whose kubeadm runs in the
# kubeadm-bootstrap host container (base64 cloud-config), a control-plane join through a
# bootstrap container, and workers joining by TLS bootstrap with settings.kubernetes: the right
# token and CA give a Ready Node, a wrong token fails with 401, a wrong cluster-certificate fails
# TLS verification.
# Addresses: endpoint 127.0.50.13:6443, machines 127.0.113.1-5.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/boot-common.sh"
EP=127.0.50.13
pki_ca ca kubernetes
pki_ca etcd-ca etcd-ca
pki_ca other other-ca
pki_sa
P=$BOOT_WORK/pki
TOKEN=$(new_token)
b64() { base64 -w0 "$@"; }

cp_files() {
  wf /etc/kubernetes/pki/ca.crt 0644 "$P/ca.crt"; wf /etc/kubernetes/pki/ca.key 0600 "$P/ca.key"
  wf /etc/kubernetes/pki/sa.pub 0644 "$P/sa.pub"; wf /etc/kubernetes/pki/sa.key 0600 "$P/sa.key"
  wf /etc/kubernetes/pki/etcd/ca.crt 0644 "$P/etcd-ca.crt"; wf /etc/kubernetes/pki/etcd/ca.key 0600 "$P/etcd-ca.key"
}
# br_cp NAME TABLE KUBEADM_YAML COMMAND: a Bottlerocket control plane's TOML.
br_cp() {
  local inner
  inner=$({ cp_files; wf /run/kubeadm/kubeadm.yaml 0640 "$3"; } | cloud_config "" "$4" | b64)
  cat <<T
[settings.host-containers.admin]
enabled = true
superpowered = true

[settings.kubernetes]
api-server = "https://$EP:6443"
cluster-certificate = "$(b64 "$P/ca.crt")"
cluster-name = "smoke-br"
cluster-domain = "cluster.local"
cluster-dns-ip = "10.96.0.10"
bootstrap-token = "$TOKEN"
authentication-mode = "tls"

[settings.network]
hostname = "$1"

[settings.$2.kubeadm-bootstrap]
$( [[ $2 == host-containers ]] && printf 'enabled = true\nsuperpowered = true' || printf 'essential = false\nmode = "once"')
source = "public.ecr.aws/eks-anywhere/bottlerocket-bootstrap:test"
user-data = "$inner"
T
}
# br_worker NAME CA_FILE TOKEN: a Bottlerocket worker's TOML.
br_worker() {
  cat <<T
[settings.host-containers.admin]
enabled = true
superpowered = true

[settings.kubernetes]
api-server = "https://$EP:6443"
cluster-certificate = "$(b64 "$2")"
cluster-name = "smoke-br"
cluster-domain = "cluster.local"
cluster-dns-ip = "10.96.0.10"
bootstrap-token = "$3"
authentication-mode = "tls"

[settings.network]
hostname = "$1"
T
}

cat >"$BOOT_WORK/init.yaml" <<Y
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
clusterName: smoke-br
kubernetesVersion: v1.27.4
controlPlaneEndpoint: "$EP:6443"
certificatesDir: /etc/kubernetes/pki
networking: {dnsDomain: cluster.local, podSubnet: "192.168.0.0/16", serviceSubnet: "10.96.0.0/12"}
etcd: {local: {dataDir: /var/lib/etcd}}
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
bootstrapTokens:
- token: $TOKEN
  ttl: "24h0m0s"
  groups: [system:bootstrappers:kubeadm:default-node-token]
  usages: [signing, authentication]
nodeRegistration: {name: smoke-br-cp-0, criSocket: unix:///var/run/containerd/containerd.sock}
Y
br_cp smoke-br-cp-0 host-containers "$BOOT_WORK/init.yaml" "kubeadm init --config /run/kubeadm/kubeadm.yaml" >"$BOOT_WORK/cp-0.toml"
boot_up smoke-br-cp-0 127.0.113.1 "$BOOT_WORK/cp-0.toml" || fail "Bottlerocket init control plane"
echo "Bottlerocket init control plane ready in ${BOOT_SECONDS} s"
curl -sf --cacert "$P/ca.crt" "https://$EP:6443/readyz" >/dev/null || fail "API not verified with the CA"
[[ $(admin smoke-br-cp-0 get node smoke-br-cp-0 -o jsonpath='{.status.nodeInfo.osImage}') == Bottlerocket* ]] \
  || fail "osImage is not Bottlerocket"

br_worker smoke-br-md-0 "$P/ca.crt" "$TOKEN" >"$BOOT_WORK/md-0.toml"
boot_up smoke-br-md-0 127.0.113.2 "$BOOT_WORK/md-0.toml" || fail "Bottlerocket worker"
echo "Bottlerocket worker joined in ${BOOT_SECONDS} s"
[[ $(node_ready smoke-br-cp-0 smoke-br-md-0) == True ]] || fail "worker Node not Ready"
[[ $(admin smoke-br-cp-0 get node smoke-br-md-0 -o jsonpath='{.status.nodeInfo.kubeletVersion}') == v1.27.4 ]] \
  || fail "kubeletVersion not taken from kubeadm-config"

br_worker smoke-br-md-badtoken "$P/ca.crt" "${TOKEN%%.*}.$(openssl rand -hex 8)" >"$BOOT_WORK/bad-token.toml"
boot_up smoke-br-md-badtoken 127.0.113.3 "$BOOT_WORK/bad-token.toml" --timeout 60s && fail "wrong token joined"
[[ $(status smoke-br-md-badtoken) == *"401 Unauthorized"* ]] || fail "wrong token: $(status smoke-br-md-badtoken)"
echo "wrong token: $(status smoke-br-md-badtoken)"

br_worker smoke-br-md-badca "$P/other.crt" "$TOKEN" >"$BOOT_WORK/bad-ca.toml"
boot_up smoke-br-md-badca 127.0.113.4 "$BOOT_WORK/bad-ca.toml" --timeout 60s && fail "wrong CA joined"
[[ $(status smoke-br-md-badca) == *"cannot verify the API server"* ]] || fail "wrong CA: $(status smoke-br-md-badca)"
echo "wrong CA: $(status smoke-br-md-badca)"

cat >"$BOOT_WORK/join.yaml" <<Y
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: JoinConfiguration
discovery:
  bootstrapToken:
    token: $TOKEN
    apiServerEndpoint: "$EP:6443"
    caCertHashes: ["$(ca_hash "$P/ca.crt")"]
nodeRegistration: {name: smoke-br-cp-1, criSocket: unix:///var/run/containerd/containerd.sock}
controlPlane: {}
Y
br_cp smoke-br-cp-1 bootstrap-containers "$BOOT_WORK/join.yaml" "kubeadm join --config /run/kubeadm/kubeadm.yaml" >"$BOOT_WORK/cp-1.toml"
boot_up smoke-br-cp-1 127.0.113.5 "$BOOT_WORK/cp-1.toml" || fail "Bottlerocket control-plane join"
echo "Bottlerocket control-plane join ready in ${BOOT_SECONDS} s"
curl -sf --cacert "$P/ca.crt" "https://127.0.113.5:6443/readyz" >/dev/null || fail "cp-1 API not verified"

pids=""
for m in "${BOOT_MACHINES[@]}"; do pids+=" $(machine_pids "$m")"; done
for m in "${BOOT_MACHINES[@]}"; do "$MB" destroy --state "$BOOT_WORK/vm/$m" >/dev/null 2>&1 || fail "destroy $m"; done
assert_no_process $pids
BOOT_MACHINES=()
echo "ok: Bottlerocket control planes and TLS-bootstrap workers"
