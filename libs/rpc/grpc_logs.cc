#include "libs/rpc/grpc_logs.h"

#include <grpc/support/log.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "libs/common/log.h"

namespace eksa::rpc {
namespace {

void LogGrpcLine(gpr_log_func_args* args) {
  int level = 6;
  if (args->severity == GPR_LOG_SEVERITY_ERROR) level = 2;
  if (args->severity == GPR_LOG_SEVERITY_INFO) level = 4;
  log::Logger{}.Info(level, args->message,
                     {{"source", "grpc"}, {"at", absl::StrCat(args->file, ":", args->line)}});
}

}  // namespace

void RouteGrpcLogs(int verbosity) {
  if (std::getenv("GRPC_VERBOSITY") == nullptr) {
    gpr_set_log_verbosity(verbosity >= 6   ? GPR_LOG_SEVERITY_DEBUG
                          : verbosity >= 4 ? GPR_LOG_SEVERITY_INFO
                                           : GPR_LOG_SEVERITY_ERROR);
  }
  gpr_set_log_function(LogGrpcLine);
}

}  // namespace eksa::rpc
