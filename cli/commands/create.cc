// `eksa create cluster -f FILE`: validates locally, then asks the planner to create the cluster
// and follows its progress until it ends. Ctrl-C detaches; the operation goes on in the planner.
// `--dry-run` prints the plan instead: every task, what it waits for, where it runs, and the
// critical path against running the same tasks one after another (EKS-A's chain).
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands/commands.h"
#include "cli/follow.h"
#include "cli/output.h"
#include "cli/planner_client.h"

namespace eksa::cli {
namespace {

namespace v1 = planner::v1;

struct CreateFlags {
  std::string file;
  bool dry_run = false;
  bool skip_ip_check = false;
  bool no_timeouts = false;
  int control_plane_wait_s = 0, external_etcd_wait_s = 0, per_machine_wait_s = 0;
  std::string request_id;
};

void SetSeconds(google::protobuf::Duration* d, int seconds) { d->set_seconds(seconds); }

int PrintPlan(const v1::Plan& plan, const std::string& file) {
  std::cout << "Plan for " << file << ": " << plan.tasks_size() << " tasks\n";
  for (const v1::PlannedTask& t : plan.tasks()) {
    std::cout << "  " << t.id() << "  [" << t.pool()
              << (t.target_agent().empty() ? "" : " → " + t.target_agent()) << "]";
    if (t.depends_on_size() > 0) {
      std::cout << "  after ";
      for (int i = 0; i < t.depends_on_size(); ++i) std::cout << (i ? ", " : "") << t.depends_on(i);
    }
    std::cout << "\n";
  }
  auto ms = [](const google::protobuf::Duration& d) {
    return d.seconds() * 1000 + d.nanos() / 1'000'000;
  };
  std::cout << "Critical path (" << HumanDuration(ms(plan.critical_path_length())) << "): ";
  for (int i = 0; i < plan.critical_path_size(); ++i) {
    std::cout << (i ? " → " : "") << plan.critical_path(i);
  }
  std::cout << "\nOne task at a time, as EKS-A's chain runs: "
            << HumanDuration(ms(plan.serial_length())) << "\n";
  return kExitOk;
}

int RunCreate(const CreateFlags& f, const std::string& planner_flag, int verbosity) {
  const std::optional<std::string> text = ReadValidSpec(f.file);
  if (!text) return kExitFailed;  // nothing is sent for a bad spec
  const std::string address = PlannerAddress(planner_flag);
  auto stub = ConnectPlanner(address);
  v1::OperationOptions options;
  options.set_skip_ip_check(f.skip_ip_check);
  options.set_no_timeouts(f.no_timeouts);
  if (f.control_plane_wait_s > 0)
    SetSeconds(options.mutable_control_plane_wait(), f.control_plane_wait_s);
  if (f.external_etcd_wait_s > 0)
    SetSeconds(options.mutable_external_etcd_wait(), f.external_etcd_wait_s);
  if (f.per_machine_wait_s > 0)
    SetSeconds(options.mutable_per_machine_wait(), f.per_machine_wait_s);
  if (f.dry_run) {
    grpc::ClientContext ctx;
    v1::PlanOperationRequest req;
    req.set_type(v1::OPERATION_TYPE_CREATE);
    req.set_spec_yaml(*text);
    req.set_spec_file(f.file);
    *req.mutable_options() = options;
    v1::PlanOperationResponse resp;
    if (grpc::Status s = stub->PlanOperation(&ctx, req, &resp); !s.ok()) {
      PrintRpcError("planning the create", s, address);
      return kExitFailed;
    }
    return PrintPlan(resp.plan(), f.file);
  }
  v1::StartOperationRequest req;
  req.set_request_id(f.request_id.empty() ? NewRequestId() : f.request_id);
  req.set_type(v1::OPERATION_TYPE_CREATE);
  req.set_spec_yaml(*text);
  req.set_spec_file(f.file);
  *req.mutable_options() = options;
  return StartAndFollow(*stub, req, "creating the cluster", verbosity, address);
}

}  // namespace

void SetCreateCommand(CLI::App& parent, const GlobalFlags& globals, int* exit_code) {
  CLI::App* create = parent.add_subcommand("create", "Create resources (cluster)");
  create->require_subcommand(1);
  CLI::App* cmd = create->add_subcommand("cluster", "Create a cluster from a cluster spec");
  auto f = std::make_shared<CreateFlags>();
  cmd->add_option("-f,--filename", f->file, "Cluster spec file")->required();
  cmd->add_flag("--dry-run", f->dry_run, "Print the plan (tasks, order, critical path) and stop");
  cmd->add_flag("--skip-ip-check", f->skip_ip_check,
                "Skip the check that the control-plane endpoint is not in use");
  cmd->add_flag("--no-timeouts", f->no_timeouts, "Wait without limit");
  cmd->add_option("--control-plane-wait-timeout", f->control_plane_wait_s, "Seconds (default 1h)");
  cmd->add_option("--external-etcd-wait-timeout", f->external_etcd_wait_s, "Seconds (default 1h)");
  cmd->add_option("--per-machine-wait-timeout", f->per_machine_wait_s, "Seconds (default 10m)");
  cmd->add_option("--request-id", f->request_id,
                  "Idempotency key: the same key returns the operation it started");
  cmd->callback([f, &globals, exit_code]() {
    *exit_code = RunCreate(*f, globals.planner, globals.verbosity);
  });
}

}  // namespace eksa::cli
