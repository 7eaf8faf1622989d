#!/usr/bin/env bash
# The testbed vCenter's TLS: a 2048-bit certificate for its IP signed by the run's CA (curl
# verifies it with --cacert and rejects it without), and EKSA_TESTBED_VCENTER_THUMBPRINT is the
# SHA-1 thumbprint of the certificate it serves, in vCenter's AA:BB:… uppercase format.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
source "$(dirname "$0")/soap/vcenter.bash"

vc_ok 01-RetrieveServiceContent.xml # --cacert, no -k
[[ $EKSA_TESTBED_VCENTER_URL == "https://$EKSA_TESTBED_VCENTER_SERVER/sdk" ]] ||
  vc_fail "URL $EKSA_TESTBED_VCENTER_URL is not https://SERVER/sdk on the default port"

rc=0
curl -sS -o /dev/null --max-time 10 "https://$EKSA_TESTBED_VCENTER_SERVER/about" 2>/dev/null || rc=$?
[[ $rc == 60 ]] || vc_fail "curl without the run's CA: rc $rc, want 60 (certificate not trusted)"

cert="$VC_TMP/served.pem"
openssl s_client -connect "$EKSA_TESTBED_VCENTER_SERVER:443" </dev/null 2>/dev/null |
  openssl x509 -outform PEM >"$cert" || vc_fail "openssl s_client got no certificate"
served=$(openssl x509 -in "$cert" -noout -fingerprint -sha1 | cut -d= -f2)
[[ $served =~ ^([0-9A-F]{2}:){19}[0-9A-F]{2}$ ]] || vc_fail "thumbprint format: $served"
[[ $served == "$EKSA_TESTBED_VCENTER_THUMBPRINT" ]] ||
  vc_fail "served thumbprint $served != EKSA_TESTBED_VCENTER_THUMBPRINT $EKSA_TESTBED_VCENTER_THUMBPRINT"
openssl x509 -in "$cert" -noout -text | grep -q 'Public-Key: (2048 bit)' || vc_fail "certificate is not 2048-bit"
openssl x509 -in "$cert" -noout -text | grep -q "IP Address:$EKSA_TESTBED_VCENTER_SERVER" ||
  vc_fail "certificate lacks IP SAN $EKSA_TESTBED_VCENTER_SERVER"
openssl verify -CAfile "$EKSA_TESTBED_VCENTER_CA" "$cert" >/dev/null || vc_fail "openssl verify against the CA failed"
echo "ok: CA-verified TLS, thumbprint $served"
