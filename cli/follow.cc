#include "cli/follow.h"

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/planner_client.h"
#include "libs/spec/spec.h"

namespace eksa::cli {

namespace v1 = planner::v1;

int FollowOperation(v1::PlannerService::Stub& stub, const std::string& op, int verbosity,
                    const std::string& address) {
  grpc::ClientContext ctx;
  v1::WatchOperationRequest req;
  req.set_operation_id(op);
  req.set_from_seq(1);
  req.set_max_verbosity(verbosity > 0 ? verbosity : 1);
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub.WatchOperation(&ctx, req);
  bool succeeded = false;
  for (v1::Event e; reader->Read(&e);) {
    // Flushed per line: a pipe or a CI log shows progress as it happens.
    if (std::string line = RenderEvent(e, verbosity); !line.empty()) std::cout << line << std::endl;
    if (e.type() == v1::EVENT_TYPE_OPERATION_FINISHED) succeeded = e.status_code() == 0;
  }
  if (grpc::Status s = reader->Finish(); !s.ok()) {
    PrintRpcError("following operation " + op, s, address);
    return kExitFailed;
  }
  return succeeded ? kExitOk : kExitFailed;
}

int StartAndFollow(v1::PlannerService::Stub& stub, const v1::StartOperationRequest& req,
                   const std::string& what, int verbosity, const std::string& address) {
  grpc::ClientContext ctx;
  v1::StartOperationResponse resp;
  if (grpc::Status s = stub.StartOperation(&ctx, req, &resp); !s.ok()) {
    PrintRpcError(what, s, address);
    return kExitFailed;
  }
  std::cout << "Operation " << resp.operation().id()
            << (resp.replayed() ? " (already started)" : "") << std::endl;
  return FollowOperation(stub, resp.operation().id(), verbosity, address);
}

std::optional<std::string> ReadValidSpec(const std::string& file) {
  spec::LoadResult local = spec::LoadSpecFile(file);
  for (const spec::Diagnostic& d : local.diagnostics.items()) std::cerr << FormatText(d) << "\n";
  if (local.diagnostics.HasErrors()) return std::nullopt;
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace eksa::cli
