// eksa-planner: validates cluster specs, plans the task DAG, runs and records operations
//
// A skeleton for now: it serves gRPC health and reflection on --listen until SIGTERM or SIGINT.
#include "libs/rpc/service_main.h"

int main(int argc, char** argv) {
  return eksa::rpc::ServiceMain(
      argc, argv,
      {.name = "eksa-planner",
       .description = "Validates cluster specs, plans the task DAG, runs and records operations",
       .default_listen = "127.0.0.1:50051"},
      {});
}
