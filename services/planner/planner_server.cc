#include "services/planner/planner_server.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "libs/common/log.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "libs/rpc/server.h"
#include "services/planner/operations/operation_manager.h"
#include "services/planner/planner_service.h"
#include "services/planner/store/sqlite_store.h"
#include "services/planner/tasks/planner_task_runner.h"

namespace eksa::planner {
namespace {

absl::StatusOr<store::SecretBox> StoreKey(const PlannerConfig& config) {
  if (const char* env = std::getenv(config.store_key_env.c_str()); env != nullptr && *env) {
    absl::StatusOr<store::SecretBox> box = store::SecretBox::FromKey(env);
    if (!box.ok())
      return Annotate(box.status(), "reading the store key from $" + config.store_key_env);
    return box;
  }
  const std::string path = config.store_path + ".key";
  if (std::ifstream in(path); in) {
    std::stringstream key;
    key << in.rdbuf();
    absl::StatusOr<store::SecretBox> box = store::SecretBox::FromKey(key.str());
    if (!box.ok()) return Annotate(box.status(), "reading the store key file " + path);
    return box;
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return absl::UnavailableError("creating the store key file " + path);
  std::string key = store::SecretBox::GenerateKey() + "\n";
  bool written = write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  close(fd);
  if (!written) return absl::UnavailableError("writing the store key file " + path);
  log::Logger().Info(0, "Created a store key; keep it with the store",
                     {{"file", path}, {"env", config.store_key_env}});
  return store::SecretBox::FromKey(key);
}

}  // namespace

absl::Status RunPlanner(const PlannerConfig& config) {
  if (size_t slash = config.store_path.rfind('/'); slash != std::string::npos && slash > 0) {
    std::error_code ec;
    std::filesystem::create_directories(config.store_path.substr(0, slash), ec);
    if (ec) {
      return absl::UnavailableError("creating the store directory for " + config.store_path + ": " +
                                    ec.message());
    }
  }
  EKSA_ASSIGN_OR_RETURN(store::SecretBox box, StoreKey(config));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                        store::OpenSqliteStore(config.store_path, box));
  registry::AgentRegistry agents(Clock::Real(), config.heartbeat_ttl);
  for (const registry::AgentInfo& a : config.static_agents)
    EKSA_RETURN_IF_ERROR(agents.Register(a));
  tasks::PlannerTaskRunner runner(*store, agents, {.artifacts_dir = config.artifacts_dir});
  dag::ExecutorOptions executor;
  // "vsphere" limits each vsphere:<server> pool: those are the pools not named here.
  executor.default_pool_limit = config.pool_limits.at("vsphere");
  for (const char* pool : {"local", "bootstrap", "gitops"}) {
    executor.pool_limits[pool] = config.pool_limits.at(pool);
  }
  operations::EventHub hub;
  operations::OperationManager operations(*store, runner, hub, executor);
  PlannerService service(operations, *store, hub, agents);
  if (absl::Status s = operations.ResumeUnfinished(); !s.ok()) {
    log::Logger().Error("Some operations could not be resumed", {{"error", s.ToString()}});
  }
  absl::Status served =
      rpc::RunServer({.name = "eksa-planner", .address = config.listen, .services = {&service}});
  operations.Shutdown();  // running operations stay running in the store: the next start resumes
  return served;
}

}  // namespace eksa::planner
