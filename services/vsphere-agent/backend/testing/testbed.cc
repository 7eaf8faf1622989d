#include "services/vsphere-agent/backend/testing/testbed.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "absl/time/clock.h"
#include "tests/testing/testbed_env.h"

namespace eksa::vsphere_agent::backend::testing {
namespace {

namespace transport = vsphere::transport;

}  // namespace

std::string TlsModeName(TlsMode mode) { return mode == TlsMode::kCaFile ? "ca" : "thumbprint"; }

absl::StatusOr<std::unique_ptr<Testbed>> Testbed::Open() {
  const char* dir = std::getenv("EKSA_TESTBED_DIR");
  if (dir == nullptr) {
    return absl::FailedPreconditionError(
        "no testbed: run through CTest (fixture `testbed`) or set EKSA_TESTBED_DIR to a "
        "directory made by tests/testbed/up");
  }
  std::unique_ptr<Testbed> tb(new Testbed());
  tb->env_ = ::eksa::testing::ReadTestbedEnv(dir);
  if (tb->server().empty()) {
    return absl::FailedPreconditionError(std::string(dir) +
                                         "/env has no EKSA_TESTBED_VCENTER_SERVER");
  }
  absl::StatusOr<std::unique_ptr<transport::CurlTransport>> control =
      transport::CurlTransport::Create({.base_url = tb->Var("CONTROL"), .allow_plain_http = true});
  if (!control.ok()) return control.status();
  tb->control_ = *std::move(control);
  return tb;
}

Testbed::~Testbed() {
  for (int id : faults_) DeleteFault(id);
}

std::string Testbed::Var(const std::string& name) const {
  auto it = env_.find("EKSA_TESTBED_VCENTER_" + name);
  return it == env_.end() ? "" : it->second;
}

ClientBackendOptions Testbed::Options(TlsMode mode) const {
  ClientBackendOptions o{.server = server(),
                         .username = Var("USERNAME"),
                         .password = Var("PASSWORD"),
                         .max_connections = 8};
  if (mode == TlsMode::kCaFile) {
    o.ca_file = Var("CA");
  } else {
    o.thumbprint = Var("THUMBPRINT");
  }
  return o;
}

std::unique_ptr<ClientBackend> Testbed::Backend(TlsMode mode) const {
  absl::StatusOr<std::unique_ptr<ClientBackend>> b = MakeClientBackend(Options(mode));
  EXPECT_TRUE(b.ok()) << b.status();
  return b.ok() ? *std::move(b) : nullptr;
}

::eksa::vsphere::v1::CreateVmRequest Testbed::CreateRequest(const std::string& name) const {
  ::eksa::vsphere::v1::CreateVmRequest r;
  r.set_request_id("req-" + name);
  r.set_server(server());
  r.set_datacenter(datacenter());
  r.set_vm_name(name);
  r.set_folder(Var("FOLDER"));
  r.set_datastore(Var("DATASTORE"));
  r.set_resource_pool(Var("RESOURCE_POOL"));
  r.add_networks(Var("NETWORK"));
  r.set_template_(Var("SOURCE_VM"));
  r.set_num_cpus(1);
  r.set_memory_mib(256);
  r.set_clone_mode(::eksa::vsphere::v1::CLONE_MODE_FULL);
  r.set_power_on(true);
  return r;
}

::eksa::vsphere::v1::VmRef Testbed::Path(const std::string& path) {
  ::eksa::vsphere::v1::VmRef ref;
  ref.set_path(path);
  return ref;
}

CallContext Testbed::Context(absl::Duration timeout) { return {.deadline = absl::Now() + timeout}; }

std::string Testbed::Unique(const std::string& what) {
  static std::atomic<int> n{0};
  return "vc4-" + what + "-" + std::to_string(getpid()) + "-" + std::to_string(++n);
}

int Testbed::AddFault(const nlohmann::json& rule) {
  absl::StatusOr<transport::Response> r = control_->RoundTrip(
      {.method = transport::Method::kPost, .path = "/faults", .body = rule.dump()});
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return -1;
  EXPECT_EQ(r->status, 201) << r->body;
  const int id = nlohmann::json::parse(r->body, nullptr, false).value("id", -1);
  faults_.push_back(id);
  return id;
}

void Testbed::DeleteFault(int id) {
  (void)control_->RoundTrip(
      {.method = transport::Method::kDelete, .path = "/faults/" + std::to_string(id)});
  faults_.erase(std::remove(faults_.begin(), faults_.end(), id), faults_.end());
}

nlohmann::json Testbed::Fault(int id) {
  absl::StatusOr<transport::Response> r = control_->RoundTrip({.path = "/faults"});
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return {};
  for (const nlohmann::json& rule : nlohmann::json::parse(r->body, nullptr, false)) {
    if (rule.value("id", -2) == id) return rule;
  }
  ADD_FAILURE() << "no fault rule " << id;
  return {};
}

nlohmann::json Testbed::Vms(const std::string& prefix) {
  absl::StatusOr<transport::Response> r = control_->RoundTrip({.path = "/vms?prefix=" + prefix});
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return nlohmann::json::array();
  return nlohmann::json::parse(r->body, nullptr, false);
}

}  // namespace eksa::vsphere_agent::backend::testing
