# The run's CA: every TLS peer of the testbed gets a 2048-bit certificate signed by it, so tests
# can verify against EKSA_TESTBED_CA or pin a SHA-1 thumbprint.
pki_packages=(openssl)

pki_up() {
  local dir=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -sha256 -subj "/CN=eksa testbed CA" \
    -keyout "$dir/pki/ca.key" -out "$dir/pki/ca.crt" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    2>/dev/null
  chmod 600 "$dir/pki/ca.key"
  tb_export "$dir" EKSA_TESTBED_CA "$dir/pki/ca.crt"
}

pki_status() { [[ -s "$1/pki/ca.crt" ]] && echo "pki: ok $1/pki/ca.crt"; }
