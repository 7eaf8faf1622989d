// eksa-fake-agents: the fake vSphere, bootstrap and gitops agents (tests/fakes/agents) in one
// process, for tests that run the real eksa-planner binary. Test-only.
//
//   eksa-fake-agents [--latency-ms N] [--calls-file PATH] [--vcenter 127.0.0.2] [--no-vsphere]
//
// `--no-vsphere` leaves the fake vSphere agent out, for tests that run the real
// eksa-vsphere-agent (its address is then printed as `vsphere=none`).
// Prints `AGENTS vsphere=<addr> bootstrap=<addr> gitops=<addr>` once serving, then runs until
// SIGTERM or SIGINT; on exit writes every call the agents received to --calls-file, one per line:
// `<agent>\t<rpc>\t<request id>\t<subject>\t<replayed 0|1>`.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "tests/fakes/agents/fake_bootstrap_agent.h"
#include "tests/fakes/agents/fake_gitops_agent.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"

namespace fakes = eksa::testing::fakes;

int main(int argc, char** argv) {
  int latency_ms = 0;
  bool with_vsphere = true;
  std::string calls_file, vcenter_server = "127.0.0.2";
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--no-vsphere") {
      with_vsphere = false;
      continue;
    }
    if (i + 1 == argc) {
      std::cerr << "eksa-fake-agents: " << flag << " needs a value\n";
      return 2;
    }
    const char* value = argv[++i];
    if (flag == "--latency-ms") {
      latency_ms = std::atoi(value);
    } else if (flag == "--calls-file") {
      calls_file = value;
    } else if (flag == "--vcenter") {
      vcenter_server = value;
    } else {
      std::cerr << "eksa-fake-agents: unknown flag " << flag << "\n";
      return 2;
    }
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts

  fakes::FakeVCenter vcenter({.server = vcenter_server, .ip_block = 1});
  std::unique_ptr<fakes::FakeVSphereAgent> vsphere;
  if (with_vsphere) vsphere = std::make_unique<fakes::FakeVSphereAgent>("vsphere-1", vcenter);
  fakes::FakeBootstrapAgent bootstrap("bootstrap-1");
  fakes::FakeGitOpsAgent gitops("gitops-1");
  std::vector<fakes::FakeAgent*> agents = {&bootstrap, &gitops};
  if (vsphere != nullptr) agents.insert(agents.begin(), vsphere.get());
  for (fakes::FakeAgent* a : agents) {
    if (absl::Status s = a->Start(); !s.ok()) {
      std::cerr << "eksa-fake-agents: " << s << "\n";
      return 1;
    }
    for (const char* rpc : {"CreateVm", "WaitForIp", "PowerOffVm", "DestroyVm", "EnsureTemplate",
                            "CreateBootstrapCluster", "InstallProviders", "ApplyManifests",
                            "WaitFor", "MoveManagement", "CommitClusterConfig", "InstallFlux"}) {
      a->script().SetLatency(rpc, absl::Milliseconds(latency_ms));
    }
  }
  std::cout << "AGENTS vsphere=" << (vsphere != nullptr ? vsphere->address() : "none")
            << " bootstrap=" << bootstrap.address() << " gitops=" << gitops.address() << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  for (fakes::FakeAgent* a : agents) a->Kill();
  if (!calls_file.empty()) {
    std::ofstream out(calls_file);
    for (fakes::FakeAgent* a : agents) {
      for (const fakes::Call& c : a->script().calls()) {
        out << a->id() << '\t' << c.rpc << '\t' << c.request_id << '\t' << c.subject << '\t'
            << (c.replayed ? 1 : 0) << '\n';
      }
    }
  }
  return 0;
}
