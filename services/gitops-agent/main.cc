// eksa-gitops-agent: commits cluster configs to Git, installs Flux and watches the repository
//
// A skeleton for now: it serves gRPC health and reflection on --listen until SIGTERM or SIGINT.
#include "libs/rpc/service_main.h"

int main(int argc, char** argv) {
  return eksa::rpc::ServiceMain(
      argc, argv,
      {.name = "eksa-gitops-agent",
       .description = "Commits cluster configs to Git, installs Flux and watches the repository",
       .default_listen = "127.0.0.1:50054"},
      {});
}
