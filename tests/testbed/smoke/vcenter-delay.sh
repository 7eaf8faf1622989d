#!/usr/bin/env bash
# Per-method delays of the testbed vCenter (control API POST /delays) are observable: the
# delayed method takes at least the delay, another method does not, and removing the delay
# (ms 0) restores the speed. Uses CurrentTime, which nothing else in the tests relies on.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
source "$(dirname "$0")/soap/vcenter.bash"
trap 'curl -s -o /dev/null -X POST -d "{\"method\":\"CurrentTime\",\"ms\":0}" "$EKSA_TESTBED_VCENTER_CONTROL/delays" || true; rm -rf "$VC_TMP"' EXIT

# timed FILE [K=V...]: prints the call's wall time in ms (must answer 200)
timed() { local t0; t0=$(vc_now_ms); vc_ok "$@"; echo $(( $(vc_now_ms) - t0 )); }

vc_login
vc_ctl GET /calls
before=$(jq -r '.CurrentTime // 0' <<<"$CTL_BODY")
base=$(timed 17-CurrentTime.xml)
vc_ctl POST /delays '{"method":"CurrentTime","ms":600}'
[[ $CTL_STATUS == 200 && $(jq -r .CurrentTime <<<"$CTL_BODY") == 600 ]] || vc_fail "POST /delays: HTTP $CTL_STATUS $CTL_BODY"
slow=$(timed 17-CurrentTime.xml)
other=$(timed 03-FindByInventoryPath.xml PATH=/DC0/vm)
vc_ctl POST /delays '{"method":"CurrentTime","ms":0}'
[[ $(jq -r '.CurrentTime // "none"' <<<"$CTL_BODY") == none ]] || vc_fail "delay not removed: $CTL_BODY"
fast=$(timed 17-CurrentTime.xml)
echo "CurrentTime: ${base} ms, with a 600 ms delay ${slow} ms, after removal ${fast} ms; FindByInventoryPath ${other} ms"
(( slow >= 600 )) || vc_fail "delayed call took $slow ms < 600 ms"
(( other < 500 && fast < 500 )) || vc_fail "undelayed calls took $other/$fast ms"
vc_ctl GET /calls
(( $(jq -r '.CurrentTime // 0' <<<"$CTL_BODY") - before >= 3 )) || vc_fail "GET /calls did not count the calls: $CTL_BODY"
echo "ok: method delay observable"
