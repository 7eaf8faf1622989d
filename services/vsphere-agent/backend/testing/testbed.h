// Test support for the backend's integration tests: the testbed's vCenter (tests/testbed/docs/
// vcenter.md) as $EKSA_TESTBED_DIR/env describes it, backends on it in CA and thumbprint modes,
// the simulator's control API (fault rules scoped to this run and removed by id, GET /vms), and
// names unique to the run so tests sharing one simulator never touch each other's objects.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/backend/client_backend.h"
#include "services/vsphere-agent/client/transport/curl_transport.h"

namespace eksa::vsphere_agent::backend::testing {

// How a test backend checks the simulator's certificate.
enum class TlsMode { kCaFile, kThumbprint };

// "ca" / "thumbprint", for parameterized test names.
std::string TlsModeName(TlsMode mode);

class Testbed {
 public:
  // Reads $EKSA_TESTBED_DIR/env. kFailedPrecondition with the remediation when there is no
  // testbed (the tests then fail: they never skip).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Testbed>> Open();

  // EKSA_TESTBED_VCENTER_<name> ("SERVER", "DATACENTER", …); "" when unset.
  std::string Var(const std::string& name) const;
  std::string server() const { return Var("SERVER"); }
  std::string datacenter() const { return Var("DATACENTER"); }

  // Options for a backend on the simulator in `mode` with the testbed's credentials.
  ClientBackendOptions Options(TlsMode mode) const;
  // MakeClientBackend(Options(mode)) (fails the test when it cannot).
  std::unique_ptr<ClientBackend> Backend(TlsMode mode) const;

  // A CreateVmRequest cloning the testbed's source VM into its folder, pool, datastore and
  // network: 1 vCPU, 256 MiB, a full clone, powered on; request_id "req-<name>".
  ::eksa::vsphere::v1::CreateVmRequest CreateRequest(const std::string& name) const;
  // A VmRef by path.
  static ::eksa::vsphere::v1::VmRef Path(const std::string& path);
  // A CallContext whose deadline is `timeout` from now.
  static CallContext Context(absl::Duration timeout = absl::Seconds(60));

  // A name unique to this process and call: "vc4-<what>-<pid>-<n>".
  static std::string Unique(const std::string& what);

  // Control API: POST /faults → the rule's id (removed by the destructor or DeleteFault).
  int AddFault(const nlohmann::json& rule);
  void DeleteFault(int id);
  // The rule as GET /faults shows it (seen, fired, spent).
  nlohmann::json Fault(int id);
  // GET /vms?prefix=<prefix>: the simulator's own view of the VMs.
  nlohmann::json Vms(const std::string& prefix);

  ~Testbed();

 private:
  Testbed() = default;
  std::map<std::string, std::string> env_;
  std::unique_ptr<vsphere::transport::CurlTransport> control_;
  std::vector<int> faults_;
};

}  // namespace eksa::vsphere_agent::backend::testing
