# git smart HTTP: lighttpd + mod_cgi in front of git-http-backend, GitHub-style token auth
# (any user name, password = a token of DIR/github/tokens), repositories under DIR/git/srv.
# Plain http on $(tb_ip 10.2):8080, https (the run's CA) on :8443. docs/git.md.
git_packages=(git lighttpd lighttpd-mod-openssl openssl)

GIT_HTTP_PORT=8080
GIT_HTTPS_PORT=8443
GIT_USER_LOGIN=eksa-testbed-user
GIT_ORG=eksa-testbed-org

# git_new_token: a classic personal-access-token look-alike (ghp_ + 36 characters).
git_new_token() { printf 'ghp_%s' "$(openssl rand -hex 18)"; }

# git_write_tokens DIR: the run's tokens, shared with the GitHub fixture (50-github.sh).
# One line per token: "TOKEN SCOPES LOGIN"; SCOPES is comma-separated, "-" for none.
git_write_tokens() {
  local dir=$1 repo_token no_repo_token
  repo_token=$(git_new_token)
  no_repo_token=$(git_new_token)
  mkdir -p "$dir/github"
  ( umask 077
    printf '# token scopes login (docs/github.md)\n' >"$dir/github/tokens"
    printf '%s repo,workflow %s\n' "$repo_token" "$GIT_USER_LOGIN" >>"$dir/github/tokens"
    printf '%s read:org,workflow %s\n' "$no_repo_token" "$GIT_USER_LOGIN" >>"$dir/github/tokens" )
  printf '%s\n' "$GIT_ORG" >"$dir/github/orgs"
  tb_export "$dir" EKSA_TESTBED_GITHUB_TOKEN "$repo_token"
  tb_export "$dir" EKSA_TESTBED_GITHUB_TOKEN_NO_REPO_SCOPE "$no_repo_token"
  tb_export "$dir" EKSA_TESTBED_GITHUB_USER "$GIT_USER_LOGIN"
  tb_export "$dir" EKSA_TESTBED_GITHUB_ORG "$GIT_ORG"
}

# git_write_cgi DIR: the CGI program lighttpd runs for /git: checks the token, then hands the
# request to git-http-backend with REMOTE_USER set (which enables receive-pack).
git_write_cgi() {
  local dir=$1
  cat >"$dir/git/git-auth.cgi" <<CGI
#!/bin/sh
PATH=/usr/bin:/bin
deny() {
  printf 'Status: 401 Unauthorized\r\nWWW-Authenticate: Basic realm="GitHub"\r\n'
  printf 'Content-Type: text/plain\r\n\r\n'
  printf 'Invalid username or token. Password authentication is not supported for Git operations.\n'
  exit 0
}
case "\$HTTP_AUTHORIZATION" in [Bb]asic\ *) ;; *) deny ;; esac
cred=\$(printf '%s' "\${HTTP_AUTHORIZATION#* }" | base64 -d 2>/dev/null) || deny
pass=\${cred#*:}
[ "\$pass" != "\$cred" ] && [ -n "\$pass" ] || deny
login=\$(TB_PASS="\$pass" awk '\$1 == ENVIRON["TB_PASS"] { print \$3; exit }' '$dir/github/tokens')
[ -n "\$login" ] || deny
unset HTTP_AUTHORIZATION cred pass
export REMOTE_USER="\$login"
# GitHub serves /owner/repo like /owner/repo.git.
rest=\${PATH_INFO#/}; owner=\${rest%%/*}; rest=\${rest#"\$owner"}; rest=\${rest#/}
repo=\${rest%%/*}; tail=\${rest#"\$repo"}
case "\$repo" in
  *.git|'') ;;
  *) [ -d "\$GIT_PROJECT_ROOT/\$owner/\$repo.git" ] && export PATH_INFO="/\$owner/\$repo.git\$tail" ;;
esac
exec /usr/lib/git-core/git-http-backend
CGI
  chmod 700 "$dir/git/git-auth.cgi"
}

git_write_conf() {
  local dir=$1 ip=$2 g="$1/git"
  cat >"$g/lighttpd.conf" <<CONF
server.document-root = "$g/www"
server.bind = "$ip"
server.port = $GIT_HTTP_PORT
server.pid-file = "$g/lighttpd.pid"
server.errorlog = "$g/error.log"
server.modules = ("mod_alias", "mod_setenv", "mod_cgi", "mod_accesslog", "mod_openssl")
accesslog.filename = "$g/access.log"
alias.url = ( "/git" => "$g/git-auth.cgi" )
\$HTTP["url"] =~ "^/git(/|\$)" {
  cgi.assign = ( "" => "" )
  setenv.add-environment = ( "GIT_PROJECT_ROOT" => "$g/srv", "GIT_HTTP_EXPORT_ALL" => "1" )
}
\$SERVER["socket"] == "$ip:$GIT_HTTPS_PORT" {
  ssl.engine = "enable"
  ssl.pemfile = "$dir/pki/git.crt"
  ssl.privkey = "$dir/pki/git.key"
}
CONF
}

git_up() {
  local dir=$1 ip pid
  ip=$(tb_ip 10.2)
  tb_require_free "$ip" "$GIT_HTTP_PORT"
  tb_require_free "$ip" "$GIT_HTTPS_PORT"
  mkdir -p "$dir/git/srv" "$dir/git/www"
  git_write_tokens "$dir"
  git_write_cgi "$dir"
  tb_issue_cert "$dir" git "IP:$ip"
  git_write_conf "$dir" "$ip"
  lighttpd -D -f "$dir/git/lighttpd.conf" >>"$dir/git/lighttpd.out" 2>&1 &
  pid=$!
  tb_pid "$dir" git-lighttpd "$pid"
  tb_wait_port "$ip" "$GIT_HTTP_PORT" 10 || tb_die "git: lighttpd did not start ($dir/git/error.log)"
  tb_wait_port "$ip" "$GIT_HTTPS_PORT" 10 || tb_die "git: lighttpd https did not start"
  kill -0 "$pid" 2>/dev/null || tb_die "git: lighttpd exited ($dir/git/error.log)"
  tb_export "$dir" EKSA_TESTBED_GIT_URL "http://$ip:$GIT_HTTP_PORT/git"
  tb_export "$dir" EKSA_TESTBED_GIT_HTTPS_URL "https://$ip:$GIT_HTTPS_PORT/git"
  tb_export "$dir" EKSA_TESTBED_GIT_ROOT "$dir/git/srv"
}

git_status() {
  local dir=$1 ip code
  ip=$(tb_ip 10.2)
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://$ip:$GIT_HTTP_PORT/git/") || return 1
  [[ $code == 401 ]] || return 1
  echo "git: ok http://$ip:$GIT_HTTP_PORT/git ($(find "$dir/git/srv" -name '*.git' -prune | wc -l) repos)"
}
