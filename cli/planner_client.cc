#include "cli/planner_client.h"

#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <iostream>
#include <random>

namespace eksa::cli {

std::string PlannerAddress(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("EKSA_PLANNER"); env != nullptr && *env != '\0') return env;
  return kDefaultPlanner;
}

std::unique_ptr<planner::v1::PlannerService::Stub> ConnectPlanner(const std::string& address) {
  return planner::v1::PlannerService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

void PrintRpcError(const std::string& what, const grpc::Status& status,
                   const std::string& address) {
  std::cerr << "Error: " << what << ": " << status.error_message() << "\n";
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    std::cerr << "(is eksa-planner running at " << address
              << "? start it, or point --planner / EKSA_PLANNER at it)\n";
  }
}

std::string NewRequestId() {
  static const char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::string id = "cli-";
  for (int i = 0; i < 16; ++i) id += kHex[rd() % 16];
  return id;
}

}  // namespace eksa::cli
