#include "services/planner/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/time/time.h"
#include "libs/spec/reader.h"
#include "libs/spec/yaml_tree.h"

namespace eksa::planner {
namespace {

using spec::MapReader;

void ReadAgent(MapReader& a, PlannerConfig& config, spec::Diagnostics& d) {
  registry::AgentInfo info{.is_static = true};
  spec::Value<std::string> id = a.String("id"), kind = a.String("kind"),
                           address = a.String("address");
  info.id = id.value;
  info.address = address.value;
  for (const auto& s : a.StringList("vcenterServers")) info.vcenter_servers.push_back(s.value);
  spec::Value<int64_t> capacity = a.Int("capacity");
  if (capacity.set) info.capacity = static_cast<int>(capacity.value);
  a.Finish();
  if (kind.value == "vsphere") {
    info.kind = registry::AgentKind::kVSphere;
  } else if (kind.value == "bootstrap") {
    info.kind = registry::AgentKind::kBootstrap;
  } else if (kind.value == "gitops") {
    info.kind = registry::AgentKind::kGitOps;
  } else {
    d.Error(kind.pos, a.PathOf("kind"), "\"" + kind.value + "\" is not an agent kind",
            "use vsphere, bootstrap or gitops");
    return;
  }
  if (info.id.empty() || info.address.empty()) {
    d.Error(a.pos(), a.path(), "an agent needs id and address", "add id: and address: host:port");
    return;
  }
  if (info.kind == registry::AgentKind::kVSphere && info.vcenter_servers.empty()) {
    d.Error(a.pos(), a.PathOf("vcenterServers"), "a vSphere agent must name its vCenter servers",
            "add vcenterServers: [vc.example.com]");
    return;
  }
  config.static_agents.push_back(std::move(info));
}

}  // namespace

std::string DefaultStorePath() {
  const char* state = std::getenv("XDG_STATE_HOME");
  const char* home = std::getenv("HOME");
  std::string dir = state != nullptr && *state ? std::string(state)
                    : home != nullptr && *home ? std::string(home) + "/.local/state"
                                               : std::string("/var/lib");
  return dir + "/eksa/planner.db";
}

absl::StatusOr<PlannerConfig> ParsePlannerConfig(std::string_view file_name,
                                                 std::string_view text) {
  PlannerConfig config;
  spec::Diagnostics d{std::string(file_name)};
  std::vector<spec::YamlDocument> docs = spec::ParseYaml(text, d);
  if (!d.HasErrors() && docs.size() > 1) {
    d.Error(docs[1].pos, "", "the planner config is one YAML document", "remove the extra ---");
  }
  if (!d.HasErrors() && !docs.empty()) {
    MapReader root(&docs[0].root, "", docs[0].pos, d);
    if (auto v = root.String("listen"); v.set) config.listen = v.value;
    if (auto v = root.String("artifactsDir"); v.set) config.artifacts_dir = v.value;
    MapReader store = root.Map("store");
    if (auto v = store.String("path"); v.set) config.store_path = v.value;
    if (auto v = store.String("keyEnv"); v.set) config.store_key_env = v.value;
    store.Finish();
    MapReader agents = root.Map("agents");
    spec::ReadPositiveDuration(agents, "heartbeatTtl", &config.heartbeat_ttl, d);
    for (MapReader& a : agents.MapList("static")) ReadAgent(a, config, d);
    agents.Finish();
    MapReader executor = root.Map("executor");
    MapReader limits = executor.Map("poolLimits");
    for (const char* pool : {"local", "vsphere", "bootstrap", "gitops"}) {
      spec::Value<int64_t> v = limits.Int(pool);
      if (!v.set) continue;
      if (v.value < 1) {
        d.Error(v.pos, limits.PathOf(pool), "must be at least 1", "set a positive limit");
        continue;
      }
      config.pool_limits[pool] = static_cast<int>(v.value);
    }
    limits.Finish();
    executor.Finish();
    root.Finish();
  }
  if (!d.HasErrors()) return config;
  d.SortByPosition();
  std::string message = "reading the planner config:";
  for (const spec::Diagnostic& diag : d.items()) message += "\n" + spec::FormatText(diag);
  return absl::InvalidArgumentError(message);
}

absl::StatusOr<PlannerConfig> LoadPlannerConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("reading the planner config: cannot open " + path);
  std::stringstream text;
  text << in.rdbuf();
  return ParsePlannerConfig(path, text.str());
}

}  // namespace eksa::planner
