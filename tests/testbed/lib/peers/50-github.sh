# GitHub REST fixture (go/src/eksa.dev/testbed/cmd/github-fixture): https on $(tb_ip 10.3):443
# with a certificate from the run's CA; repositories are the git peer's bare repositories, tokens
# and organisations come from DIR/github/{tokens,orgs} written by 40-git.sh. docs/github.md.
github_packages=(git jq curl)

GITHUB_PORT=443


github_up() {
  local dir=$1 ip gitip pid
  ip=$(tb_ip 10.3)
  gitip=$(tb_ip 10.2)
  tb_require_free "$ip" "$GITHUB_PORT"
  [[ -s "$dir/github/tokens" ]] || tb_die "github: $dir/github/tokens missing (40-git.sh writes it)"
  tb_issue_cert "$dir" github "IP:$ip"
  "$(tb_go_bin)/github-fixture" -listen "$ip:$GITHUB_PORT" \
    -tls-cert "$dir/pki/github.crt" -tls-key "$dir/pki/github.key" \
    -git-root "$dir/git/srv" -clone-base "http://$gitip:$GIT_HTTP_PORT/git" \
    -tokens "$dir/github/tokens" -orgs "$dir/github/orgs" >>"$dir/github/fixture.log" 2>&1 &
  pid=$!
  tb_pid "$dir" github-fixture "$pid"
  tb_wait_port "$ip" "$GITHUB_PORT" 10 || tb_die "github: fixture did not start ($dir/github/fixture.log)"
  kill -0 "$pid" 2>/dev/null || tb_die "github: fixture exited ($dir/github/fixture.log)"
  tb_export "$dir" EKSA_TESTBED_GITHUB_URL "https://$ip"
}

github_status() {
  local dir=$1 ip code
  ip=$(tb_ip 10.3)
  code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$dir/pki/ca.crt" \
    "https://$ip:$GITHUB_PORT/users/codertocat") || return 1
  [[ $code == 200 ]] || return 1
  echo "github: ok https://$ip (log $dir/github/fixture.log)"
}
