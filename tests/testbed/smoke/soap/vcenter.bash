# Helpers for the vCenter smoke tests (tests/testbed/smoke/vcenter-*.sh): SOAP over curl with
# the XML bodies in this directory (@KEY@ placeholders, values XML-escaped) and the control API.
# Source it after "$EKSA_TESTBED_DIR/env". Not a test itself (no .sh suffix: CTest globs *.sh).
set -euo pipefail
VC_SOAP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VC_TMP=$(mktemp -d)
trap 'rm -rf "$VC_TMP"' EXIT
VC_JAR=$VC_TMP/cookies
VC_STATUS='' VC_BODY='' VC_RC=0 CTL_STATUS='' CTL_BODY=''

vc_fail() { echo "FAIL: $*" >&2; exit 1; }
vc_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# (replacements quoted: bash 5.2 expands an unquoted & in ${var//pat/rep} to the match)
vc_xml_escape() { local s=$1; s=${s//&/"&amp;"}; s=${s//</"&lt;"}; s=${s//>/"&gt;"}; printf '%s' "$s"; }

# vc_call FILE [KEY=VALUE...]: POSTs the body to /sdk, verifying TLS against the run's CA;
# sets VC_RC (curl's exit code), VC_STATUS (HTTP code, 000 when none) and VC_BODY.
vc_call() {
  local f=$1 body kv
  shift
  body=$(<"$VC_SOAP_DIR/$f")
  for kv in "$@"; do body=${body//@${kv%%=*}@/"$(vc_xml_escape "${kv#*=}")"}; done
  VC_RC=0
  : >"$VC_TMP/body"
  VC_STATUS=$(curl -sS --max-time 30 --cacert "$EKSA_TESTBED_VCENTER_CA" -b "$VC_JAR" -c "$VC_JAR" \
    -o "$VC_TMP/body" -w '%{http_code}' -X POST "$EKSA_TESTBED_VCENTER_URL" \
    -H 'Content-Type: text/xml; charset="utf-8"' -H 'SOAPAction: urn:vim25/6.5' \
    --data-binary "$body" 2>"$VC_TMP/err") || VC_RC=$?
  VC_BODY=$(<"$VC_TMP/body")
}

# vc_ok FILE [KEY=VALUE...]: vc_call that must answer HTTP 200.
vc_ok() {
  vc_call "$@"
  [[ $VC_RC == 0 && $VC_STATUS == 200 ]] ||
    vc_fail "$1: curl rc $VC_RC, HTTP $VC_STATUS: ${VC_BODY:0:600} $(<"$VC_TMP/err")"
}

# vc_el NAME: text of the first <NAME …>text</NAME> in VC_BODY.
vc_el() { grep -o "<$1[ >][^<]*</$1>" <<<"$VC_BODY" | head -1 | sed 's/<[^>]*>//g' || true; }

# vc_prop NAME: the text value of property NAME in a RetrievePropertiesEx answer ('' if unset).
vc_prop() {
  grep -o "<name>$1</name><val[^>]*>[^<]*</val>" <<<"$VC_BODY" | head -1 | sed 's/.*>\([^<]*\)<\/val>/\1/' || true
}

# vc_fault_is NAME: VC_BODY/VC_STATUS is an HTTP 500 SOAP fault with a typed NAME detail.
vc_fault_is() {
  [[ $VC_STATUS == 500 ]] || vc_fail "want HTTP 500 $1 fault, got HTTP $VC_STATUS: ${VC_BODY:0:400}"
  [[ $VC_BODY == *"<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>"* ]] ||
    vc_fail "not a SOAP fault: ${VC_BODY:0:400}"
  [[ $VC_BODY == *"<$1Fault xmlns=\"urn:vim25\" xsi:type=\"$1\">"* ]] ||
    vc_fail "fault detail is not $1: ${VC_BODY:0:600}"
}

vc_login() {
  vc_ok 01-RetrieveServiceContent.xml
  vc_ok 02-Login.xml USER="$EKSA_TESTBED_VCENTER_USERNAME" PASS="$EKSA_TESTBED_VCENTER_PASSWORD"
}

# vc_find PATH: the moid at an inventory path (fails when there is none).
vc_find() {
  local moid
  vc_ok 03-FindByInventoryPath.xml PATH="$1"
  moid=$(vc_el returnval)
  [[ -n $moid ]] || vc_fail "nothing at inventory path $1"
  echo "$moid"
}

# vc_task_state TASK: waits until the task finished; sets VC_TASK_STATE (success|error) and
# leaves its RetrievePropertiesEx answer in VC_BODY. Call it directly, not in $(...).
vc_task_state() {
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    vc_ok 05-RetrievePropertiesEx-task.xml TASK="$1"
    VC_TASK_STATE=$(vc_prop info.state)
    [[ $VC_TASK_STATE == success || $VC_TASK_STATE == error ]] && return 0
    sleep 0.05
  done
  vc_fail "task $1 not done after 30 s"
}

# vc_wait_task TASK: vc_task_state, then prints info.result; fails when the task failed.
vc_wait_task() {
  vc_task_state "$1"
  [[ $VC_TASK_STATE == success ]] || vc_fail "task $1 failed: ${VC_BODY:0:600}"
  vc_prop info.result
}

# vc_clone SRC FOLDER POOL NAME USERDATA_B64: clones and prints the new VM's moid.
vc_clone() {
  local task
  vc_ok 04-CloneVM_Task.xml SRC_VM="$1" FOLDER="$2" POOL="$3" NAME="$4" USERDATA_B64="$5"
  task=$(vc_el returnval)
  [[ $task == task-* ]] || vc_fail "CloneVM_Task returned '$task'"
  vc_wait_task "$task"
}

vc_power_on() { vc_ok 10-PowerOnVM_Task.xml VM="$1"; vc_wait_task "$(vc_el returnval)" >/dev/null; }
vc_power_off() { vc_ok 11-PowerOffVM_Task.xml VM="$1"; vc_wait_task "$(vc_el returnval)" >/dev/null; }
vc_destroy() { vc_ok 14-Destroy_Task.xml VM="$1"; vc_wait_task "$(vc_el returnval)" >/dev/null; }

# vc_ctl METHOD PATH [JSON]: calls the control API; sets CTL_STATUS and CTL_BODY.
vc_ctl() {
  local args=(-sS --max-time 10 -o "$VC_TMP/ctl" -w '%{http_code}' -X "$1" "$EKSA_TESTBED_VCENTER_CONTROL$2")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  CTL_STATUS=$(curl "${args[@]}") || vc_fail "control API $1 $2: curl failed"
  CTL_BODY=$(<"$VC_TMP/ctl")
}

# vc_ip_in_range IP FIRST-LAST
vc_ip_in_range() {
  local ip=$1 first=${2%-*} last=${2#*-}
  _vc_int() { local IFS=.; set -- $1; echo $(( ($1 << 24) + ($2 << 16) + ($3 << 8) + $4 )); }
  (( $(_vc_int "$ip") >= $(_vc_int "$first") && $(_vc_int "$ip") <= $(_vc_int "$last") ))
}
