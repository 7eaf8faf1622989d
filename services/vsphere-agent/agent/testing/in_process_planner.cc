#include "services/vsphere-agent/agent/testing/in_process_planner.h"

#include <stdlib.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "libs/common/clock.h"
#include "libs/rpc/server.h"
#include "services/planner/operations/event_hub.h"
#include "services/planner/operations/operation_manager.h"
#include "services/planner/planner_service.h"
#include "services/planner/store/secret_box.h"
#include "services/planner/store/sqlite_store.h"
#include "services/planner/testing/scripted_runner.h"

namespace eksa::vsphere_agent::testing {

namespace planner = ::eksa::planner;

struct InProcessPlanner::Parts {
  Parts(absl::Duration ttl, int port_in) : registry(Clock::Real(), ttl), port(port_in) {}
  ~Parts() {
    if (operations != nullptr) operations->Shutdown();
    if (server != nullptr) server->Shutdown(absl::Now());
    server.reset();
    service.reset();
    operations.reset();
    store.reset();
    if (!dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }

  planner::registry::AgentRegistry registry;
  int port;
  std::string dir;
  planner::testing::ScriptedRunner runner;
  planner::operations::EventHub hub;
  std::unique_ptr<planner::store::Store> store;
  std::unique_ptr<planner::operations::OperationManager> operations;
  std::unique_ptr<planner::PlannerService> service;
  std::unique_ptr<rpc::Server> server;
};

InProcessPlanner::InProcessPlanner(absl::Duration lease_ttl, int port)
    : parts_(std::make_unique<Parts>(lease_ttl, port)) {}

InProcessPlanner::~InProcessPlanner() = default;

absl::Status InProcessPlanner::Start() {
  Parts& p = *parts_;
  const char* tmp = std::getenv("TMPDIR");
  p.dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/eksa-agent-planner-XXXXXX";
  if (mkdtemp(p.dir.data()) == nullptr) return absl::InternalError("mkdtemp failed");
  absl::StatusOr<planner::store::SecretBox> box =
      planner::store::SecretBox::FromKey(planner::store::SecretBox::GenerateKey());
  if (!box.ok()) return box.status();
  absl::StatusOr<std::unique_ptr<planner::store::Store>> store =
      planner::store::OpenSqliteStore(p.dir + "/planner.db", *box);
  if (!store.ok()) return store.status();
  p.store = *std::move(store);
  p.operations = std::make_unique<planner::operations::OperationManager>(
      *p.store, p.runner, p.hub, planner::dag::ExecutorOptions{});
  p.service = std::make_unique<planner::PlannerService>(*p.operations, *p.store, p.hub, p.registry);
  p.server = std::make_unique<rpc::Server>(
      rpc::ServerOptions{.name = "planner-for-agent-tests",
                         .address = absl::StrCat("127.0.0.1:", p.port),
                         .services = {p.service.get()}});
  absl::StatusOr<int> port = p.server->Start();
  if (!port.ok()) return port.status();
  p.port = *port;
  return absl::OkStatus();
}

void InProcessPlanner::Stop() {
  if (parts_->server != nullptr) parts_->server->Shutdown(absl::Now());
}

std::string InProcessPlanner::address() const { return absl::StrCat("127.0.0.1:", parts_->port); }

int InProcessPlanner::port() const { return parts_->port; }

planner::registry::AgentRegistry& InProcessPlanner::registry() { return parts_->registry; }

std::optional<planner::registry::AgentStatus> InProcessPlanner::Find(const std::string& agent_id) {
  for (const planner::registry::AgentStatus& s : parts_->registry.List()) {
    if (s.info.id == agent_id) return s;
  }
  return std::nullopt;
}

}  // namespace eksa::vsphere_agent::testing
