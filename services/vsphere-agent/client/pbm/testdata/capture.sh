#!/bin/bash
# Captures the canned PBM answers of client/pbm's unit tests from the testbed's vCenter simulator
# (developer tool, not run by the tests):
#   TB_NET=127.47 tests/testbed/up /tmp/tb && bash capture.sh /tmp/tb OUT
# Logs in on /sdk, then calls /pbm with the session cookie as both the Cookie header and the SOAP
# header <vcSessionCookie> (the simulator reads the first, vCenter the second). Each answer body
# is written to OUT/<name>.xml.
set -euo pipefail
TB=$1 OUT=$2
source "$TB/env"
U=https://$EKSA_TESTBED_VCENTER_SERVER
mkdir -p "$OUT"
envelope() {
  printf '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">%s<soapenv:Body>%s</soapenv:Body></soapenv:Envelope>' "$1" "$2"
}
login=$(envelope "" "<Login xmlns=\"urn:vim25\"><_this type=\"SessionManager\">SessionManager</_this><userName>$EKSA_TESTBED_VCENTER_USERNAME</userName><password>$EKSA_TESTBED_VCENTER_PASSWORD</password></Login>")
COOKIE=$(curl -s --cacert "$EKSA_TESTBED_VCENTER_CA" -D - -o /dev/null -H 'Content-Type: text/xml' \
  -H 'SOAPAction: urn:vim25/6.5' --data-binary "$login" "$U/sdk" |
  sed -n 's/^[Ss]et-[Cc]ookie: vmware_soap_session=\([^;]*\).*/\1/p' | tr -d '\r')
# call NAME BODY [http cookie: yes|no]
call() {
  local args=(-s --cacert "$EKSA_TESTBED_VCENTER_CA" -o "$OUT/$1.xml"
    -H 'Content-Type: text/xml; charset="utf-8"' -H 'SOAPAction: urn:pbm/2.0')
  [[ ${3:-yes} == yes ]] && args+=(-H "Cookie: vmware_soap_session=$COOKIE")
  curl "${args[@]}" --data-binary \
    "$(envelope "<soapenv:Header><vcSessionCookie>$COOKIE</vcSessionCookie></soapenv:Header>" "$2")" \
    "$U/pbm"
  echo >>"$OUT/$1.xml"
}
PM='<_this type="PbmProfileProfileManager">ProfileManager</_this>'
STORAGE='<resourceType><resourceType>STORAGE</resourceType></resourceType>'
call retrieve_service_content \
  '<PbmRetrieveServiceContent xmlns="urn:pbm"><_this type="PbmServiceInstance">ServiceInstance</_this></PbmRetrieveServiceContent>'
call query_profile "<PbmQueryProfile xmlns=\"urn:pbm\">$PM$STORAGE<profileCategory>REQUIREMENT</profileCategory></PbmQueryProfile>"
call query_profile_empty "<PbmQueryProfile xmlns=\"urn:pbm\">$PM$STORAGE<profileCategory>RESOURCE</profileCategory></PbmQueryProfile>"
ids=$(grep -o '<uniqueId>[^<]*</uniqueId>' "$OUT/query_profile.xml" | sed 's|.*|<profileIds>&</profileIds>|' | tr -d '\n')
call retrieve_content "<PbmRetrieveContent xmlns=\"urn:pbm\">$PM$ids</PbmRetrieveContent>"
call fault_invalid_argument "<PbmRetrieveContent xmlns=\"urn:pbm\">$PM<profileIds><uniqueId>nope</uniqueId></profileIds></PbmRetrieveContent>"
call fault_invalid_request "<PbmRetrieveContent xmlns=\"urn:pbm\">$PM</PbmRetrieveContent>"
call fault_not_authenticated "<PbmQueryProfile xmlns=\"urn:pbm\">$PM$STORAGE<profileCategory>REQUIREMENT</profileCategory></PbmQueryProfile>" no
