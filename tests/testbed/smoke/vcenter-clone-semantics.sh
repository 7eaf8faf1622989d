#!/usr/bin/env bash
# CloneVM_Task on the testbed vCenter behaves like vCenter where vcsim alone would not: a clone
# named like a VM already in the target folder ends in a task error DuplicateName (no second
# VM), CloneSpec.powerOn=true leaves the clone powered on (and it gets a guest IP), and
# destroying a powered-on VM ends in a task error InvalidPowerState.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
source "$(dirname "$0")/soap/vcenter.bash"

vc_login
SRC=$(vc_find "$EKSA_TESTBED_VCENTER_SOURCE_VM")
FOLDER=$(vc_find "$EKSA_TESTBED_VCENTER_FOLDER")
POOL=$(vc_find "$EKSA_TESTBED_VCENTER_RESOURCE_POOL")
name="smoke-clone-$$-$RANDOM"
UD=$(echo '#cloud-config' | base64 -w0)

vm=$(vc_clone "$SRC" "$FOLDER" "$POOL" "$name" "$UD")
vc_ok 04-CloneVM_Task.xml SRC_VM="$SRC" FOLDER="$FOLDER" POOL="$POOL" NAME="$name" USERDATA_B64="$UD"
task=$(vc_el returnval)
vc_task_state "$task"
[[ $VC_TASK_STATE == error && $VC_BODY == *'type="DuplicateName"'* && $VC_BODY == *"<name>$name</name><object type=\"VirtualMachine\">$vm</object>"* ]] ||
  vc_fail "second clone named $name: want task error DuplicateName naming $vm: ${VC_BODY:0:800}"
vc_ctl GET "/vms?name=$name"
[[ $(jq length <<<"$CTL_BODY") == 1 ]] || vc_fail "a duplicate VM $name was created: $CTL_BODY"
echo "duplicate name -> task error DuplicateName, no second VM"

vm2=$(vc_ok 18-CloneVM_Task-powerOn.xml SRC_VM="$SRC" FOLDER="$FOLDER" POOL="$POOL" NAME="$name-on" USERDATA_B64="$UD"; vc_wait_task "$(vc_el returnval)")
vc_ok 16-RetrievePropertiesEx-vm-guest.xml VM="$vm2"
[[ $(vc_prop runtime.powerState) == poweredOn ]] || vc_fail "CloneSpec.powerOn=true: clone $vm2 is $(vc_prop runtime.powerState)"
deadline=$((SECONDS + 10))
until [[ -n $(vc_prop guest.ipAddress) ]]; do
  ((SECONDS < deadline)) || vc_fail "$vm2: no guest IP 10 s after a powerOn clone"
  sleep 0.05
  vc_ok 16-RetrievePropertiesEx-vm-guest.xml VM="$vm2"
done
echo "CloneSpec.powerOn=true -> poweredOn, guest IP $(vc_prop guest.ipAddress)"

vc_ok 14-Destroy_Task.xml VM="$vm2"
vc_task_state "$(vc_el returnval)"
[[ $VC_TASK_STATE == error && $VC_BODY == *'type="InvalidPowerState"'* ]] ||
  vc_fail "Destroy_Task of a powered-on VM: want task error InvalidPowerState: ${VC_BODY:0:600}"
echo "destroy while powered on -> task error InvalidPowerState"

vc_power_off "$vm2"
vc_destroy "$vm2"
vc_destroy "$vm"
echo "ok: clone semantics"
