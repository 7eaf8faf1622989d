#include "cli/follow.h"

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <memory>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/planner_client.h"

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

}  // namespace eksa::cli
