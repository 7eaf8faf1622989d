#!/usr/bin/env bash
# The testbed vCenter clones, powers on and reports guest IPs like a vCenter with DHCP on the VM
# network: Login, FindByInventoryPath, CloneVM_Task with guestinfo.userdata extraConfig,
# PowerOnVM_Task; guest.ipAddress stays empty until the boot delay, then shows (also in
# summary.guest.ipAddress and guest.net[0].ipAddress) an address inside the DHCP range; two
# clones get different addresses; the machine-boot hook gets the decoded userdata; power-off
# clears the guest IP, destroy releases the lease.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
source "$(dirname "$0")/soap/vcenter.bash"

vc_login
SRC=$(vc_find "$EKSA_TESTBED_VCENTER_SOURCE_VM")
FOLDER=$(vc_find "$EKSA_TESTBED_VCENTER_FOLDER")
POOL=$(vc_find "$EKSA_TESTBED_VCENTER_RESOURCE_POOL")
tag="smoke-ip-$$-$RANDOM"
USERDATA=$(printf '#cloud-config\nhostname: %s\n' "$tag")
UD_B64=$(printf '%s\n' "$USERDATA" | base64 -w0)

declare -A ip
vms=()
for i in 1 2; do
  t0=$(vc_now_ms)
  vm=$(vc_clone "$SRC" "$FOLDER" "$POOL" "$tag-$i" "$UD_B64")
  t1=$(vc_now_ms)
  vc_power_on "$vm"
  t2=$(vc_now_ms)
  vms+=("$vm")
  vc_ok 16-RetrievePropertiesEx-vm-guest.xml VM="$vm"
  [[ $(vc_prop runtime.powerState) == poweredOn ]] || vc_fail "$vm is not poweredOn after PowerOnVM_Task"
  [[ -z $(vc_prop guest.ipAddress) ]] || vc_fail "$vm reports a guest IP right at power-on"
  deadline=$((SECONDS + 10))
  until [[ -n $(vc_prop guest.ipAddress) ]]; do
    ((SECONDS < deadline)) || vc_fail "$vm: no guest.ipAddress 10 s after power-on"
    sleep 0.02
    vc_ok 16-RetrievePropertiesEx-vm-guest.xml VM="$vm"
  done
  t3=$(vc_now_ms)
  ip[$vm]=$(vc_prop guest.ipAddress)
  [[ $(vc_prop summary.guest.ipAddress) == "${ip[$vm]}" ]] || vc_fail "summary.guest.ipAddress != guest.ipAddress"
  net_ip=$(grep -o '<name>guest.net</name>.*' <<<"$VC_BODY" | grep -o '<ipAddress>[^<]*</ipAddress>' | head -1 | sed 's/<[^>]*>//g')
  [[ $net_ip == "${ip[$vm]}" ]] || vc_fail "guest.net[0].ipAddress '$net_ip' != guest.ipAddress '${ip[$vm]}'"
  vc_ip_in_range "${ip[$vm]}" "$EKSA_TESTBED_VCENTER_DHCP_RANGE" ||
    vc_fail "guest IP ${ip[$vm]} is outside $EKSA_TESTBED_VCENTER_DHCP_RANGE"
  echo "clone $tag-$i = $vm: clone+wait $((t1 - t0)) ms, power-on+wait $((t2 - t1)) ms, IP ${ip[$vm]} after $((t3 - t2)) ms"
done
[[ ${ip[${vms[0]}]} != "${ip[${vms[1]}]}" ]] || vc_fail "both clones got ${ip[${vms[0]}]}"

# the control API agrees, and the boot hook got the decoded userdata
vm=${vms[0]}
vc_ctl GET "/vms?name=$tag-1"
[[ $(jq -r '.[0].moid + " " + .[0].ip + " " + .[0].lease' <<<"$CTL_BODY") == "$vm ${ip[$vm]} ${ip[$vm]}" ]] ||
  vc_fail "GET /vms: $CTL_BODY"
deadline=$((SECONDS + 60))
while :; do
  vc_ctl GET "/vms?moid=$vm"
  state=$(jq -r '.[0].boot.state' <<<"$CTL_BODY")
  [[ $state == queued || $state == running || $state == "" ]] || break
  ((SECONDS < deadline)) || vc_fail "machine-boot up still $state after 60 s"
  sleep 0.1
done
case $state in
  skipped) vc_fail "boot hook skipped: machine-boot is missing from $EKSA_TESTBED_BIN (tests/testbed/install builds it)" ;;
  up | failed)
    dir="$EKSA_TESTBED_VCENTER_MACHINES/$vm"
    [[ "$(<"$dir/userdata")" == "$USERDATA" ]] || vc_fail "$dir/userdata is not the decoded guestinfo.userdata"
    grep -q "machine-boot up --state $dir --name $tag-1 --ip ${ip[$vm]} --userdata $dir/userdata" "$dir/boot.log" ||
      vc_fail "boot.log lacks the up invocation: $(head -3 "$dir/boot.log")"
    echo "machine-boot up ran: $state (exit $(jq -r '.[0].boot.exit_code' <<<"$CTL_BODY"))" ;;
  *) vc_fail "unexpected boot state '$state'" ;;
esac

# power-off clears the reported IP but keeps the lease; destroy releases it
vc_power_off "$vm"
vc_ok 16-RetrievePropertiesEx-vm-guest.xml VM="$vm"
[[ -z $(vc_prop guest.ipAddress) ]] || vc_fail "guest.ipAddress still $(vc_prop guest.ipAddress) after power-off"
vc_ctl GET "/vms?moid=$vm"
[[ $(jq -r '.[0].lease' <<<"$CTL_BODY") == "${ip[$vm]}" ]] || vc_fail "lease lost at power-off: $CTL_BODY"
vc_power_off "${vms[1]}"
for vm in "${vms[@]}"; do vc_destroy "$vm"; done
vc_ctl GET /dhcp
for vm in "${vms[@]}"; do
  [[ $(jq -r --arg vm "$vm" '.leases[$vm] // ""' <<<"$CTL_BODY") == "" ]] || vc_fail "lease of destroyed $vm not released"
done
vc_ok 15-Logout.xml
echo "ok: clones got ${ip[*]} in $EKSA_TESTBED_VCENTER_DHCP_RANGE"
