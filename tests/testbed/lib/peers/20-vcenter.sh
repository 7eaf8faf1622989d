# The vCenter: cmd/vcsim (govmomi's simulator plus DHCP guest IPs, the machine-boot hook and
# fault injection; docs/vcenter.md) on $(tb_ip 10.1):443, like a real vCenter, with a 2048-bit
# certificate from the run's CA and a user name and password made per run.
#
# Files: DIR/vcenter/{vcsim.out (ready line), vcsim.log, machines/<vm moid>/, datastores/}
# Exports: EKSA_TESTBED_VCENTER_SERVER        127.0.10.1 (host only, no port)
#          EKSA_TESTBED_VCENTER_URL           https://127.0.10.1/sdk
#          EKSA_TESTBED_VCENTER_USERNAME/_PASSWORD  the only credentials Login accepts
#          EKSA_TESTBED_VCENTER_THUMBPRINT    SHA-1 of the server cert, AA:BB:… (vCenter's format)
#          EKSA_TESTBED_VCENTER_CA            the run's CA (verifies the server cert)
#          EKSA_TESTBED_VCENTER_DATACENTER    DC0
#          EKSA_TESTBED_VCENTER_NETWORK, _DATASTORE, _RESOURCE_POOL, _FOLDER   inventory paths
#          EKSA_TESTBED_VCENTER_SOURCE_VM     a powered-off-able VM to clone from (inventory path)
#          EKSA_TESTBED_VCENTER_CONTROL       http://127.0.10.1:8989 (control API)
#          EKSA_TESTBED_VCENTER_DHCP_RANGE    FIRST-LAST guest IPs handed to powered-on VMs
#          EKSA_TESTBED_VCENTER_MACHINES      DIR/vcenter/machines (machine-boot state dirs)
vcenter_packages=(golang-go golang-github-vmware-govmomi-dev openssl curl jq)


# vcenter_soap URL BODY [CURL ARGS...]: POSTs a SOAP body, prints the response.
vcenter_soap() {
  local url=$1 body=$2
  shift 2
  curl -sS --max-time 10 "$@" -X POST "$url" -H 'Content-Type: text/xml; charset="utf-8"' \
    -H 'SOAPAction: urn:vim25/6.5' --data-binary "$body"
}

vcenter_up() {
  local dir=$1 d="$1/vcenter" ip user pass pid deadline about
  ip=$(tb_ip 10.1)
  tb_require_free "$ip" 443
  tb_issue_cert "$dir" vcenter "IP:$ip"
  user="testbed-$(openssl rand -hex 4)@vsphere.local"
  pass=$(openssl rand -base64 18 | tr '+/' '-_')
  mkdir -p "$d/machines"
  # EKSA_TESTBED_DIR: machine-boot (run by vcsim) finds the other peers' exports in its env file.
  EKSA_TESTBED_DIR="$dir" "$(tb_go_bin)/vcsim" -l "$ip:443" -control "$ip:8989" \
    -tlscert "$dir/pki/vcenter.crt" -tlskey "$dir/pki/vcenter.key" \
    -username "$user" -password "$pass" \
    -dhcp-range "$(tb_ip 100.1)-$(tb_ip 199.254)" \
    -machines-dir "$d/machines" -datastore-dir "$d/datastores" \
    >"$d/vcsim.out" 2>"$d/vcsim.log" </dev/null &
  pid=$!
  tb_pid "$dir" vcenter "$pid"
  deadline=$((SECONDS + 30))
  until grep -q '^vcsim: ready' "$d/vcsim.out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { tail -5 "$d/vcsim.log" >&2; tb_die "vcenter: vcsim exited"; }
    (( SECONDS < deadline )) || tb_die "vcenter: vcsim not ready after 30 s"
    sleep 0.05
  done
  # answers SOAP over TLS verified against the run's CA
  about=$(vcenter_soap "https://$ip/sdk" \
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent></soapenv:Body></soapenv:Envelope>' \
    --cacert "$dir/pki/ca.crt") || tb_die "vcenter: no SOAP answer on https://$ip/sdk"
  [[ "$about" == *"<apiType>VirtualCenter</apiType>"* ]] || tb_die "vcenter: unexpected answer: ${about:0:200}"

  tb_export "$dir" EKSA_TESTBED_VCENTER_SERVER "$ip"
  tb_export "$dir" EKSA_TESTBED_VCENTER_URL "https://$ip/sdk"
  tb_export "$dir" EKSA_TESTBED_VCENTER_USERNAME "$user"
  tb_export "$dir" EKSA_TESTBED_VCENTER_PASSWORD "$pass"
  tb_export "$dir" EKSA_TESTBED_VCENTER_THUMBPRINT \
    "$(openssl x509 -in "$dir/pki/vcenter.crt" -noout -fingerprint -sha1 | cut -d= -f2)"
  tb_export "$dir" EKSA_TESTBED_VCENTER_CA "$dir/pki/ca.crt"
  tb_export "$dir" EKSA_TESTBED_VCENTER_DATACENTER DC0
  tb_export "$dir" EKSA_TESTBED_VCENTER_NETWORK "/DC0/network/VM Network"
  tb_export "$dir" EKSA_TESTBED_VCENTER_DATASTORE /DC0/datastore/LocalDS_0
  tb_export "$dir" EKSA_TESTBED_VCENTER_RESOURCE_POOL /DC0/host/DC0_C0/Resources
  tb_export "$dir" EKSA_TESTBED_VCENTER_FOLDER /DC0/vm
  tb_export "$dir" EKSA_TESTBED_VCENTER_SOURCE_VM /DC0/vm/DC0_C0_RP0_VM0
  tb_export "$dir" EKSA_TESTBED_VCENTER_CONTROL "http://$ip:8989"
  tb_export "$dir" EKSA_TESTBED_VCENTER_DHCP_RANGE "$(tb_ip 100.1)-$(tb_ip 199.254)"
  tb_export "$dir" EKSA_TESTBED_VCENTER_MACHINES "$d/machines"
}

vcenter_status() {
  local dir=$1 ip pid vms
  ip=$(tb_ip 10.1)
  pid=$(cat "$dir/pids/vcenter" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  vms=$(curl -sf --max-time 5 "http://$ip:8989/vms" | jq length) || return 1
  curl -sf --max-time 5 --cacert "$dir/pki/ca.crt" "https://$ip/about" >/dev/null || return 1
  echo "vcenter: ok https://$ip/sdk pid $pid, $vms VMs, control http://$ip:8989"
}

# vcenter_down: SIGTERM lets vcsim run `machine-boot down` for every machine that is up, so it
# gets longer than the default 5 s before SIGKILL. (Its datastores live in DIR, so even a
# SIGKILL leaves nothing behind outside DIR.)
vcenter_down() { tb_stop_pids "$1" vcenter 30; }
