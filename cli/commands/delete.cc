// `eksa delete cluster NAME` or `eksa delete cluster -f FILE`: asks the planner to delete the
// cluster (power off and destroy every machine of its record, remove its artifacts and record)
// and follows its progress until it ends. Ctrl-C detaches; the operation goes on in the planner.
// With -f the spec is sent too (the planner checks it names the same cluster as NAME, if given).
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands/commands.h"
#include "cli/follow.h"
#include "cli/planner_client.h"

namespace eksa::cli {
namespace {

namespace v1 = planner::v1;

struct DeleteFlags {
  std::string name;
  std::string file;
  std::string request_id;
};

int RunDelete(const DeleteFlags& f, const std::string& planner_flag, int verbosity) {
  if (f.name.empty() && f.file.empty()) {
    std::cerr << "Error: delete cluster needs the cluster's name or its spec (-f FILE)\n";
    return kExitUsage;
  }
  v1::StartOperationRequest req;
  req.set_request_id(f.request_id.empty() ? NewRequestId() : f.request_id);
  req.set_type(v1::OPERATION_TYPE_DELETE);
  req.set_cluster_name(f.name);
  if (!f.file.empty()) {
    const std::optional<std::string> text = ReadValidSpec(f.file);
    if (!text) return kExitFailed;  // nothing is sent for a bad spec
    req.set_spec_yaml(*text);
    req.set_spec_file(f.file);
  }
  const std::string address = PlannerAddress(planner_flag);
  auto stub = ConnectPlanner(address);
  return StartAndFollow(*stub, req, "deleting the cluster", verbosity, address);
}

}  // namespace

void SetDeleteCommand(CLI::App& parent, const GlobalFlags& globals, int* exit_code) {
  CLI::App* del = parent.add_subcommand("delete", "Delete resources (cluster)");
  del->require_subcommand(1);
  CLI::App* cmd = del->add_subcommand("cluster", "Delete a cluster the planner created");
  auto f = std::make_shared<DeleteFlags>();
  cmd->add_option("name", f->name, "The cluster's name (metadata.name)");
  cmd->add_option("-f,--filename", f->file, "The cluster's spec file");
  cmd->add_option("--request-id", f->request_id,
                  "Idempotency key: the same key returns the operation it started");
  cmd->callback([f, &globals, exit_code]() {
    *exit_code = RunDelete(*f, globals.planner, globals.verbosity);
  });
}

}  // namespace eksa::cli
