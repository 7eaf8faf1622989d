// Reads GitOpsConfig (spec.flux.github) and FluxConfig (spec.github | spec.git) specs.
#include <string>

#include "libs/spec/parse_common.h"

namespace eksa::spec::internal {
void ReadGitOpsConfigSpec(MapReader& spec, GitOpsObject& g) {
  g.spec_path = "spec.flux";
  MapReader flux = spec.Map("flux");
  g.flux.pos = flux.pos();
  MapReader gh = flux.Map("github");
  g.flux.github = {.pos = gh.pos(), .present = gh.present()};
  g.flux.github.owner = gh.String("owner");
  g.flux.github.repository = gh.String("repository");
  g.flux.github.personal = gh.Bool("personal");
  g.flux.branch = gh.String("branch");
  g.flux.cluster_config_path = gh.String("clusterConfigPath");
  g.flux.system_namespace = gh.String("fluxSystemNamespace");
  gh.Finish();
  flux.Finish();
}

void ReadFluxConfigSpec(MapReader& spec, GitOpsObject& g) {
  g.spec_path = "spec";
  g.flux.pos = spec.pos();
  g.flux.system_namespace = spec.String("systemNamespace");
  g.flux.cluster_config_path = spec.String("clusterConfigPath");
  g.flux.branch = spec.String("branch");
  MapReader gh = spec.Map("github");
  g.flux.github = {.pos = gh.pos(), .present = gh.present()};
  g.flux.github.owner = gh.String("owner");
  g.flux.github.repository = gh.String("repository");
  g.flux.github.personal = gh.Bool("personal");
  gh.Finish();
  MapReader git = spec.Map("git");
  g.flux.git = {.pos = git.pos(), .present = git.present()};
  g.flux.git.repository_url = git.String("repositoryUrl");
  g.flux.git.ssh_key_algorithm = git.String("sshKeyAlgorithm");
  git.Finish();
}

}  // namespace eksa::spec::internal
