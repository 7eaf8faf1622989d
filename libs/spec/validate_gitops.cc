// GitOpsConfig and FluxConfig rules (EKSA_REFERENCE §3.4 validateFluxConfig).
#include <string>

#include "libs/spec/validate_internal.h"

namespace eksa::spec::internal {

void ValidateGitOps(const GitOpsObject& g, Diagnostics& diags) {
  const FluxSpec& f = g.flux;
  const std::string base = g.spec_path;
  ValidateObjectName(g.header, diags);
  if (f.github.present == f.git.present) {
    bool flux_config = g.header.kind.value == "FluxConfig";
    diags.Error(
        f.pos, base + (flux_config ? "" : ".github"),
        f.github.present ? "github and git cannot both be set"
                         : (flux_config ? "one of github or git is required" : "is required"),
        flux_config ? "keep exactly one of github or git" : "add github with owner and repository");
  }
  if (f.github.present) {
    Require(f.github.owner, base + ".github.owner", diags, "set the GitHub user or organisation");
    Require(f.github.repository, base + ".github.repository", diags,
            "set the repository name (it is created if missing)");
  }
  if (f.git.present) {
    const Value<std::string>& url = f.git.repository_url;
    if (Require(url, base + ".git.repositoryUrl", diags,
                "set an ssh:// URL, e.g. ssh://git@git.example.com/org/repo.git")) {
      const std::string& u = url.value;
      bool scheme = u.rfind("ssh://", 0) == 0 || u.rfind("https://", 0) == 0 ||
                    u.rfind("http://", 0) == 0 || u.rfind("git@", 0) == 0;
      if (!scheme) {
        diags.Error(url.pos, base + ".git.repositoryUrl",
                    "\"" + u + "\" has no valid scheme (ssh://, https://, http:// or git@)",
                    "write a full URL, e.g. ssh://git@git.example.com/org/repo.git");
      }
    }
    const std::string& alg = f.git.ssh_key_algorithm.value;
    if (alg != "rsa" && alg != "ecdsa" && alg != "ed25519") {
      diags.Error(f.git.ssh_key_algorithm.pos, base + ".git.sshKeyAlgorithm",
                  "\"" + alg + "\" is not an SSH key algorithm", "use rsa, ecdsa or ed25519");
    }
  }
  const std::string& path = f.cluster_config_path.value;
  if (!path.empty() && (path[0] == '/' || path.find("..") != std::string::npos)) {
    diags.Error(
        f.cluster_config_path.pos,
        base + (f.github.present && base == "spec.flux" ? ".github" : "") + ".clusterConfigPath",
        "\"" + path + "\" must be a relative path inside the repository",
        "use a path such as clusters/<cluster name>");
  }
}

}  // namespace eksa::spec::internal
