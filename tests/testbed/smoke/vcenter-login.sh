#!/usr/bin/env bash
# Login on the testbed vCenter accepts only the run's credentials: a wrong password or user name
# is an HTTP 500 SOAP fault InvalidLogin (no session cookie); calls without a session fault
# NotAuthenticated; the right credentials get a vmware_soap_session cookie that works until
# Logout. The REST login (/rest/com/vmware/cis/session) checks the same credentials.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
source "$(dirname "$0")/soap/vcenter.bash"

vc_ok 01-RetrieveServiceContent.xml
[[ $(vc_el apiType) == VirtualCenter ]] || vc_fail "about.apiType is not VirtualCenter"

for creds in "$EKSA_TESTBED_VCENTER_USERNAME|wrong-$EKSA_TESTBED_VCENTER_PASSWORD" \
             "nobody@vsphere.local|$EKSA_TESTBED_VCENTER_PASSWORD"; do
  vc_call 02-Login.xml USER="${creds%%|*}" PASS="${creds#*|}"
  vc_fault_is InvalidLogin
  [[ $(vc_el faultstring) == "Cannot complete login due to an incorrect user name or password." ]] ||
    vc_fail "InvalidLogin faultstring: $(vc_el faultstring)"
  ! grep -q vmware_soap_session "$VC_JAR" || vc_fail "a failed Login set a session cookie"
done

vc_call 17-CurrentTime.xml
vc_fault_is NotAuthenticated

vc_login
grep -q vmware_soap_session "$VC_JAR" || vc_fail "Login set no vmware_soap_session cookie"
[[ $(vc_el userName) == "$EKSA_TESTBED_VCENTER_USERNAME" ]] || vc_fail "Login returned userName $(vc_el userName)"
vc_ok 17-CurrentTime.xml
vc_ok 15-Logout.xml
vc_call 17-CurrentTime.xml
vc_fault_is NotAuthenticated

rest="https://$EKSA_TESTBED_VCENTER_SERVER/rest/com/vmware/cis/session"
code=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$EKSA_TESTBED_VCENTER_CA" -X POST \
  -u "$EKSA_TESTBED_VCENTER_USERNAME:wrong" "$rest")
[[ $code == 401 ]] || vc_fail "REST login with a wrong password: HTTP $code, want 401"
body=$(curl -sS --cacert "$EKSA_TESTBED_VCENTER_CA" -X POST \
  -u "$EKSA_TESTBED_VCENTER_USERNAME:$EKSA_TESTBED_VCENTER_PASSWORD" "$rest")
[[ $(jq -r .value <<<"$body") =~ ^[0-9a-f-]{20,}$ ]] || vc_fail "REST login: $body"
echo "ok: wrong credentials -> InvalidLogin, no session -> NotAuthenticated, Login/Logout, REST login"
