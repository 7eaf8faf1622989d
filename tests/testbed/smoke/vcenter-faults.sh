#!/usr/bin/env bash
# Fault injection through the testbed vCenter's control API: the Nth call of a method fails with
# the named fault and the next one succeeds; faults are vCenter's (HTTP 500, soapenv:Fault,
# typed <detail>); *_Task methods can instead return a task in state error; transport faults
# (HTTP 503, connection closed) and an invalid rule (400). Every rule here is scoped with
# "match"/"this" to this test's objects, so tests running alongside are not affected.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
source "$(dirname "$0")/soap/vcenter.bash"
rules=()
cleanup() {
  for id in "${rules[@]}"; do curl -s -o /dev/null -X DELETE "$EKSA_TESTBED_VCENTER_CONTROL/faults/$id" || true; done
  rm -rf "$VC_TMP"
}
trap cleanup EXIT

# add_rule JSON: POST /faults, remembers the id for cleanup
add_rule() {
  vc_ctl POST /faults "$1"
  [[ $CTL_STATUS == 201 ]] || vc_fail "POST /faults $1: HTTP $CTL_STATUS $CTL_BODY"
  rules+=("$(jq -r .id <<<"$CTL_BODY")")
}

vc_login
SRC=$(vc_find "$EKSA_TESTBED_VCENTER_SOURCE_VM")
FOLDER=$(vc_find "$EKSA_TESTBED_VCENTER_FOLDER")
POOL=$(vc_find "$EKSA_TESTBED_VCENTER_RESOURCE_POOL")
tag="smoke-fault-$$-$RANDOM"
UD=$(echo '#cloud-config' | base64 -w0)

# 1. the 2nd CloneVM_Task (of this test's clones) fails with DuplicateName; the 1st and 3rd succeed
add_rule "{\"method\":\"CloneVM_Task\",\"nth\":2,\"fault\":\"DuplicateName\",\"match\":\"<name>$tag-\"}"
clone_rule=${rules[-1]}
VM1=$(vc_clone "$SRC" "$FOLDER" "$POOL" "$tag-1" "$UD")
vc_call 04-CloneVM_Task.xml SRC_VM="$SRC" FOLDER="$FOLDER" POOL="$POOL" NAME="$tag-2" USERDATA_B64="$UD"
vc_fault_is DuplicateName
[[ $(vc_el faultstring) == "The name '$tag-2' already exists." ]] || vc_fail "faultstring: $(vc_el faultstring)"
[[ $(vc_el name) == "$tag-2" ]] || vc_fail "DuplicateName.name: $(vc_el name)"
VM3=$(vc_clone "$SRC" "$FOLDER" "$POOL" "$tag-3" "$UD")
vc_ctl GET /faults
[[ $(jq -c --argjson id "$clone_rule" '.[] | select(.id == $id) | [.seen, .fired, .spent]' <<<"$CTL_BODY") == '[3,1,true]' ]] ||
  vc_fail "rule counters after 3 clones: $CTL_BODY"
echo "CloneVM_Task #2 -> DuplicateName; #1, #3 ok"

# 2. task mode: PowerOnVM_Task returns a task whose info.error is InvalidPowerState; next call works
add_rule "{\"method\":\"PowerOnVM_Task\",\"fault\":\"InvalidPowerState\",\"mode\":\"task\",\"this\":\"$VM1\"}"
vc_ok 10-PowerOnVM_Task.xml VM="$VM1"
task=$(vc_el returnval)
vc_task_state "$task"
[[ $VC_TASK_STATE == error ]] || vc_fail "PowerOnVM_Task $task did not end in error"
[[ $VC_BODY == *'type="InvalidPowerState"'* && $VC_BODY == *"<existingState>poweredOff</existingState>"* ]] ||
  vc_fail "task info.error: ${VC_BODY:0:800}"
[[ $(vc_el localizedMessage) == "The attempted operation cannot be performed in the current state (Powered off)." ]] ||
  vc_fail "localizedMessage: $(vc_el localizedMessage)"
vc_power_on "$VM1"
echo "PowerOnVM_Task -> task $task in error (InvalidPowerState); next power-on ok"

# 3. every named fault, method mode, on this test's FindByInventoryPath calls
for f in NotAuthenticated InvalidLogin ManagedObjectNotFound DuplicateName NoPermission InvalidPowerState TaskInProgress; do
  add_rule "{\"method\":\"FindByInventoryPath\",\"fault\":\"$f\",\"match\":\"$tag-$f\"}"
  vc_call 03-FindByInventoryPath.xml PATH="/DC0/vm/$tag-$f"
  vc_fault_is "$f"
  [[ -n $(vc_el faultstring) ]] || vc_fail "$f: empty faultstring"
  [[ $f != TaskInProgress || $(vc_el task) == task-* ]] || vc_fail "TaskInProgress.task: ${VC_BODY:0:600}"
  vc_ok 03-FindByInventoryPath.xml PATH="/DC0/vm/$tag-$f"
done
echo "FindByInventoryPath: NotAuthenticated InvalidLogin ManagedObjectNotFound DuplicateName NoPermission InvalidPowerState TaskInProgress"

# 4. a fault on a call that needs no VM: RetrievePropertiesEx of VM1 -> NotAuthenticated, then ok
add_rule "{\"method\":\"RetrievePropertiesEx\",\"fault\":\"NotAuthenticated\",\"match\":\">$VM3<\"}"
vc_call 16-RetrievePropertiesEx-vm-guest.xml VM="$VM3"
vc_fault_is NotAuthenticated
vc_ok 16-RetrievePropertiesEx-vm-guest.xml VM="$VM3"

# 5. transport faults: HTTP 503, then a closed connection; each followed by a normal answer
add_rule "{\"method\":\"FindByInventoryPath\",\"fault\":\"http:503\",\"match\":\"$tag-503\"}"
vc_call 03-FindByInventoryPath.xml PATH="/DC0/vm/$tag-503"
[[ $VC_RC == 0 && $VC_STATUS == 503 ]] || vc_fail "http:503 rule: curl rc $VC_RC, HTTP $VC_STATUS"
vc_ok 03-FindByInventoryPath.xml PATH="/DC0/vm/$tag-503"
add_rule "{\"method\":\"FindByInventoryPath\",\"fault\":\"close\",\"match\":\"$tag-close\"}"
vc_call 03-FindByInventoryPath.xml PATH="/DC0/vm/$tag-close"
close_rc=$VC_RC
[[ $close_rc == 52 || $close_rc == 56 ]] || vc_fail "close rule: curl rc $close_rc (want 52/56), HTTP $VC_STATUS"
vc_ok 03-FindByInventoryPath.xml PATH="/DC0/vm/$tag-close"
echo "transport: HTTP 503, connection closed (curl rc $close_rc)"

# 6. invalid rules are refused
vc_ctl POST /faults '{"method":"CloneVM_Task","fault":"NoSuchFault"}'
[[ $CTL_STATUS == 400 ]] || vc_fail "unknown fault accepted: HTTP $CTL_STATUS"
vc_ctl POST /faults '{"method":"Login","fault":"InvalidLogin","mode":"task"}'
[[ $CTL_STATUS == 400 ]] || vc_fail "task mode on a non-task method accepted: HTTP $CTL_STATUS"

vc_power_off "$VM1"
for vm in "$VM1" "$VM3"; do vc_destroy "$vm"; done
vc_ctl DELETE "/faults/$clone_rule"
[[ $CTL_STATUS == 204 ]] || vc_fail "DELETE /faults/$clone_rule: HTTP $CTL_STATUS"
echo "ok: fault injection"
