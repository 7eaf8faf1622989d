// eksa-vsphere-agent: creates, powers and destroys vSphere VMs for the planner, one pool per
// vCenter
//
// A skeleton for now: it serves gRPC health and reflection on --listen until SIGTERM or SIGINT.
#include "libs/rpc/service_main.h"

int main(int argc, char** argv) {
  return eksa::rpc::ServiceMain(
      argc, argv,
      {.name = "eksa-vsphere-agent",
       .description =
           "Creates, powers and destroys vSphere VMs for the planner, one pool per vCenter",
       .default_listen = "127.0.0.1:50052"},
      {});
}
