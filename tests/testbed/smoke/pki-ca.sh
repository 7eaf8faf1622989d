#!/usr/bin/env bash
# The run's CA is a 2048-bit self-signed CA certificate.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
openssl x509 -in "$EKSA_TESTBED_CA" -noout -text >"$EKSA_TESTBED_DIR/pki/ca.txt"
grep -q 'Public-Key: (2048 bit)' "$EKSA_TESTBED_DIR/pki/ca.txt" || { echo "CA is not 2048-bit"; exit 1; }
grep -q 'CA:TRUE' "$EKSA_TESTBED_DIR/pki/ca.txt" || { echo "CA lacks basicConstraints CA:TRUE"; exit 1; }
openssl verify -CAfile "$EKSA_TESTBED_CA" "$EKSA_TESTBED_CA" >/dev/null
echo "ok: $EKSA_TESTBED_CA"
