// eksa-bootstrap-agent: runs the kind bootstrap cluster, clusterctl and kubectl for the planner
//
// A skeleton for now: it serves gRPC health and reflection on --listen until SIGTERM or SIGINT.
#include "libs/rpc/service_main.h"

int main(int argc, char** argv) {
  return eksa::rpc::ServiceMain(
      argc, argv,
      {.name = "eksa-bootstrap-agent",
       .description = "Runs the kind bootstrap cluster, clusterctl and kubectl for the planner",
       .default_listen = "127.0.0.1:50053"},
      {});
}
