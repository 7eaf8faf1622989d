// `eksa generate clusterconfig NAME --provider vsphere`: prints the spec EKS-A's generate writes.
#include "libs/spec/generate.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands/commands.h"

namespace eksa::cli {

void SetGenerateCommand(CLI::App& parent, int* exit_code) {
  CLI::App* generate = parent.add_subcommand("generate", "Generate resources (clusterconfig)");
  generate->require_subcommand(1);
  CLI::App* cc = generate->add_subcommand(
      "clusterconfig", "Generate a cluster config to edit, then check with `eksa validate -f`");
  auto name = std::make_shared<std::string>();
  auto provider = std::make_shared<std::string>();
  cc->add_option("name", *name, "Cluster name")->required();
  cc->add_option("-p,--provider", *provider, "Infrastructure provider (vsphere)")->required();
  cc->callback([name, provider, exit_code]() {
    if (*provider != "vsphere") {
      std::cerr << "Error: provider \"" << *provider
                << "\" is not supported; eksa provisions vSphere clusters (--provider vsphere)\n";
      *exit_code = kExitUsage;
      return;
    }
    std::cout << eksa::spec::GenerateClusterConfig(*name);
    *exit_code = kExitOk;
  });
}

}  // namespace eksa::cli
