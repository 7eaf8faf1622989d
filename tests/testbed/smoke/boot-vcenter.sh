#!/usr/bin/env bash
# End to end through the testbed's vCenter: VMs cloned with kubeadm userdata in
# guestinfo.userdata and powered on boot through the machine-boot hook on their DHCP address:
# the init control plane serves 127.0.50.14:6443 with the userdata's CA, the worker becomes a
# Ready Node with its guest IP as InternalIP; power-off stops the API server, power-on brings it
# back without re-running kubeadm; destroying the VMs leaves no process.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
source "$(dirname "$0")/soap/vcenter.bash"
source "$(dirname "${BASH_SOURCE[0]}")/lib/boot-common.sh"
EP=127.0.50.14
VMS=()
cleanup() {
  local vm
  for vm in "${VMS[@]}"; do
    vc_call 11-PowerOffVM_Task.xml VM="$vm" || true
    vc_call 14-Destroy_Task.xml VM="$vm" || true
  done
  sleep 1
  boot_cleanup
  rm -rf "$VC_TMP"
}
trap cleanup EXIT
vfail() {
  local vm
  echo "FAIL: $*" >&2
  for vm in "${VMS[@]}"; do
    echo "--- $vm" >&2
    tail -n 15 "$EKSA_TESTBED_VCENTER_MACHINES/$vm/boot.log" >&2 2>/dev/null || true
  done
  exit 1
}

pki_ca ca kubernetes
pki_ca etcd-ca etcd-ca
pki_sa
P=$BOOT_WORK/pki
TOKEN=$(new_token)
cat >"$BOOT_WORK/init.yaml" <<Y
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
clusterName: smoke-vc
kubernetesVersion: v1.27.4
controlPlaneEndpoint: "$EP:6443"
certificatesDir: /etc/kubernetes/pki
networking: {dnsDomain: cluster.local, podSubnet: "192.168.0.0/16", serviceSubnet: "10.96.0.0/12"}
etcd: {local: {dataDir: /var/lib/etcd}}
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
bootstrapTokens: [{token: $TOKEN, ttl: "24h0m0s"}]
nodeRegistration: {name: smoke-vc-cp-0}
Y
{
  wf /etc/kubernetes/pki/ca.crt 0644 "$P/ca.crt"; wf /etc/kubernetes/pki/ca.key 0600 "$P/ca.key"
  wf /etc/kubernetes/pki/sa.pub 0644 "$P/sa.pub"; wf /etc/kubernetes/pki/sa.key 0600 "$P/sa.key"
  wf /etc/kubernetes/pki/etcd/ca.crt 0644 "$P/etcd-ca.crt"; wf /etc/kubernetes/pki/etcd/ca.key 0600 "$P/etcd-ca.key"
  wf /run/kubeadm/kubeadm.yaml 0640 "$BOOT_WORK/init.yaml"
} | cloud_config smoke-vc-cp-0 "kubeadm init --config /run/kubeadm/kubeadm.yaml" >"$BOOT_WORK/cp.yaml"
cat >"$BOOT_WORK/join.yaml" <<Y
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: JoinConfiguration
discovery:
  bootstrapToken: {token: $TOKEN, apiServerEndpoint: "$EP:6443", caCertHashes: ["$(ca_hash "$P/ca.crt")"]}
nodeRegistration: {name: smoke-vc-md-0}
Y
wf /run/kubeadm/kubeadm.yaml 0640 "$BOOT_WORK/join.yaml" |
  cloud_config smoke-vc-md-0 "kubeadm join --config /run/kubeadm/kubeadm.yaml" >"$BOOT_WORK/md.yaml"

# wait_boot VM WANT: polls the control API until the VM's boot state is WANT (up or down);
# failed, skipped or cancelled end the test.
wait_boot() {
  local state deadline=$((SECONDS + 120))
  while :; do
    vc_ctl GET "/vms?moid=$1"
    state=$(jq -r '.[0].boot.state' <<<"$CTL_BODY")
    [[ $state == "$2" ]] && return 0
    [[ $state == failed || $state == skipped || $state == cancelled ]] && vfail "$1: boot state $state, want $2: $CTL_BODY"
    ((SECONDS < deadline)) || vfail "$1: boot still $state after 120 s, want $2"
    sleep 0.1
  done
}

vc_login
SRC=$(vc_find "$EKSA_TESTBED_VCENTER_SOURCE_VM")
FOLDER=$(vc_find "$EKSA_TESTBED_VCENTER_FOLDER")
POOL=$(vc_find "$EKSA_TESTBED_VCENTER_RESOURCE_POOL")
tag="smoke-vc-$$"
boot_vm() { # NAME USERDATA_FILE: clones and powers on; sets VM (not in $(...): VMS must grow here)
  VM=$(vc_clone "$SRC" "$FOLDER" "$POOL" "$1" "$(base64 -w0 "$2")")
  VMS+=("$VM")
  vc_power_on "$VM"
}
start=$SECONDS
boot_vm "$tag-cp-0" "$BOOT_WORK/cp.yaml"
cp=$VM
wait_boot "$cp" up
echo "control plane $cp up $((SECONDS - start)) s after power-on (incl. DHCP delay)"
curl -sf --cacert "$P/ca.crt" "https://$EP:6443/readyz" >/dev/null || vfail "API not verified with the userdata CA"
ADMIN=$EKSA_TESTBED_VCENTER_MACHINES/$cp/root/etc/kubernetes/admin.conf
k() { kubectl --kubeconfig "$ADMIN" "$@" 2>/dev/null; }

boot_vm "$tag-md-0" "$BOOT_WORK/md.yaml"
md=$VM
wait_boot "$md" up
vc_ctl GET "/vms?moid=$md"
md_ip=$(jq -r '.[0].ip' <<<"$CTL_BODY")
[[ $(k get node smoke-vc-md-0 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]] \
  || vfail "worker Node not Ready"
[[ $(k get node smoke-vc-md-0 -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}') == "$md_ip" ]] \
  || vfail "worker InternalIP is not its guest IP $md_ip"
echo "worker $md ($md_ip) Ready"

pids=$(cat "$EKSA_TESTBED_VCENTER_MACHINES/$cp"/pids/*.pid)
vc_power_off "$cp"
wait_boot "$cp" down
assert_no_process $pids
curl -s --max-time 2 --cacert "$P/ca.crt" "https://$EP:6443/readyz" >/dev/null && vfail "API answers after power-off"
vc_power_on "$cp"
wait_boot "$cp" up
curl -sf --cacert "$P/ca.crt" "https://$EP:6443/readyz" >/dev/null || vfail "API not back after power-on"
grep -q 'reboot: bootstrap already done' "$EKSA_TESTBED_VCENTER_MACHINES/$cp/boot.log" || vfail "power-on re-ran kubeadm"
[[ $(k get node smoke-vc-md-0 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]] \
  || vfail "worker Node lost over the reboot"

pids=$(cat "$EKSA_TESTBED_VCENTER_MACHINES/$cp"/pids/*.pid)
for vm in "${VMS[@]}"; do vc_power_off "$vm"; vc_destroy "$vm"; done
VMS=()
deadline=$((SECONDS + 30))
while [[ -e $EKSA_TESTBED_VCENTER_MACHINES/$cp/root ]]; do
  ((SECONDS < deadline)) || vfail "state of $cp not removed after destroy"
  sleep 0.1
done
assert_no_process $pids
vc_ok 15-Logout.xml
echo "ok: VMs booted through the vCenter hook"
