// CheckVCenter, CheckMachineConfig and CheckCapacity against the testbed's vCenter simulator, in
// CA and thumbprint modes: every check reported with EKS-A's name, failed checks naming what is
// missing and where the agent looked, the folder created once (and remembered per request id).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "services/vsphere-agent/backend/check_results.h"
#include "services/vsphere-agent/backend/client_backend.h"
#include "services/vsphere-agent/backend/testing/testbed.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

using ::eksa::testing::IsOk;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using testing::Testbed;
using testing::TlsMode;

using Checks = google::protobuf::RepeatedPtrField<CheckResult>;

// name → the checks of that name, in order.
std::map<std::string, std::vector<CheckResult>> ByName(const Checks& checks) {
  std::map<std::string, std::vector<CheckResult>> out;
  for (const CheckResult& c : checks) out[c.name()].push_back(c);
  return out;
}

std::vector<std::string> Names(const Checks& checks) {
  std::vector<std::string> out;
  for (const CheckResult& c : checks) out.push_back(c.name() + (c.passed() ? " ok" : " FAILED"));
  return out;
}

class ChecksTest : public ::testing::TestWithParam<TlsMode> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Testbed>> tb = Testbed::Open();
    ASSERT_THAT(tb, IsOk());
    tb_ = *std::move(tb);
    backend_ = tb_->Backend(GetParam());
    ASSERT_NE(backend_, nullptr);
  }

  v1::CheckVCenterRequest VCenterRequest() const {
    v1::CheckVCenterRequest r;
    r.set_server(tb_->server());
    r.set_datacenter(tb_->datacenter());
    r.set_thumbprint(tb_->Var("THUMBPRINT"));
    r.add_networks(tb_->Var("NETWORK"));
    return r;
  }

  v1::CheckMachineConfigRequest MachineRequest(const std::string& folder) const {
    v1::CheckMachineConfigRequest r;
    r.set_request_id("req-" + folder);
    r.set_server(tb_->server());
    r.set_datacenter(tb_->datacenter());
    r.set_machine_config_name("lab-cp");
    r.set_datastore(tb_->Var("DATASTORE"));
    r.set_folder(folder);
    r.set_resource_pool(tb_->Var("RESOURCE_POOL"));
    r.set_create_missing_folder(true);
    return r;
  }

  absl::StatusOr<v1::CheckVCenterResponse> CheckVCenter(const v1::CheckVCenterRequest& r) {
    return backend_->CheckVCenter(r, Testbed::Context());
  }
  absl::StatusOr<v1::CheckMachineConfigResponse> CheckMachine(
      const v1::CheckMachineConfigRequest& r) {
    return backend_->CheckMachineConfig(r, Testbed::Context());
  }

  std::unique_ptr<Testbed> tb_;
  std::unique_ptr<ClientBackend> backend_;
};

TEST_P(ChecksTest, CheckVCenterPassesEveryCheckInEksaOrder) {
  v1::CheckVCenterRequest r = VCenterRequest();
  r.add_networks("VM Network");  // a name, resolved below /DC0/network
  r.add_networks("DC0_DVPG0");   // a distributed port group
  r.set_check_privileges(true);
  absl::StatusOr<v1::CheckVCenterResponse> resp = CheckVCenter(r);
  ASSERT_THAT(resp, IsOk());
  EXPECT_THAT(Names(resp->checks()),
              ElementsAre("Connected to server ok", "Authenticated to vSphere ok",
                          "Thumbprint validated ok", "Datacenter validated ok",
                          "Network validated ok", "Network validated ok", "Network validated ok",
                          "vSphere user privileges validated ok"));
  auto by = ByName(resp->checks());
  EXPECT_EQ(by["Connected to server"][0].message(), "connected to " + tb_->server() + ":443");
  EXPECT_EQ(
      by["Authenticated to vSphere"][0].message(),
      "authenticated as " + tb_->Var("USERNAME") + " to VMware vCenter Server 6.5.0 build-5973321");
  EXPECT_EQ(by["Thumbprint validated"][0].message(),
            GetParam() == TlsMode::kCaFile
                ? "server certificate is trusted by a CA; thumbprint not required"
                : "server thumbprint " + tb_->Var("THUMBPRINT"));
  EXPECT_EQ(by["Datacenter validated"][0].message(), "datacenter /DC0");
  EXPECT_EQ(by["Network validated"][2].message(), "network /DC0/network/DC0_DVPG0");
  EXPECT_EQ(by["vSphere user privileges validated"][0].message(),
            tb_->Var("USERNAME") + " holds the privileges eksa needs on /");
  for (const CheckResult& c : resp->checks()) EXPECT_EQ(c.subject(), "server " + tb_->server());
  EXPECT_EQ(resp->server_thumbprint(), tb_->Var("THUMBPRINT"));
  EXPECT_EQ(resp->about().version(), "6.5.0");
  EXPECT_EQ(resp->about().api_version(), "6.5");
  EXPECT_EQ(resp->datacenter_path(), "/DC0");
  EXPECT_THAT(
      resp->network_paths(),
      ElementsAre("/DC0/network/VM Network", "/DC0/network/VM Network", "/DC0/network/DC0_DVPG0"));
}

TEST_P(ChecksTest, CheckVCenterMissingDatacenterNamesWhereItLookedAndSkipsNetworks) {
  v1::CheckVCenterRequest r = VCenterRequest();
  r.set_datacenter("NoSuchDC");
  r.add_networks("VM Network");
  absl::StatusOr<v1::CheckVCenterResponse> resp = CheckVCenter(r);
  ASSERT_THAT(resp, IsOk());
  EXPECT_THAT(Names(resp->checks()),
              ElementsAre("Connected to server ok", "Authenticated to vSphere ok",
                          "Thumbprint validated ok", "Datacenter validated FAILED"));
  const CheckResult& dc = resp->checks(3);
  EXPECT_EQ(dc.message(), "datacenter \"NoSuchDC\" not found in /");
  EXPECT_EQ(dc.remediation(), "check spec.datacenter; datacenters on " + tb_->server() + ": DC0");
  EXPECT_EQ(resp->datacenter_path(), "");
  EXPECT_THAT(resp->network_paths(), ElementsAre("", ""));
}

TEST_P(ChecksTest, CheckVCenterMissingNetworkNamesWhereItLooked) {
  v1::CheckVCenterRequest r = VCenterRequest();
  r.add_networks("no-such-net");
  r.add_networks("/DC0/network/also-missing");
  absl::StatusOr<v1::CheckVCenterResponse> resp = CheckVCenter(r);
  ASSERT_THAT(resp, IsOk());
  auto nets = ByName(resp->checks())["Network validated"];
  ASSERT_EQ(nets.size(), 3u);
  EXPECT_TRUE(nets[0].passed());
  EXPECT_FALSE(nets[1].passed());
  EXPECT_EQ(nets[1].message(), "network \"no-such-net\" not found in /DC0/network");
  EXPECT_THAT(nets[1].remediation(),
              AllOf(HasSubstr("check spec.network"), HasSubstr("networks in /DC0/network: "),
                    HasSubstr("DC0_DVPG0"), HasSubstr("VM Network")));
  EXPECT_FALSE(nets[2].passed());
  EXPECT_EQ(nets[2].message(), "network \"/DC0/network/also-missing\" not found");
  EXPECT_THAT(resp->network_paths(), ElementsAre("/DC0/network/VM Network", "", ""));
}

TEST_P(ChecksTest, CheckVCenterThumbprintRules) {
  v1::CheckVCenterRequest r = VCenterRequest();
  r.set_thumbprint("AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD");
  absl::StatusOr<v1::CheckVCenterResponse> resp = CheckVCenter(r);
  ASSERT_THAT(resp, IsOk());
  const CheckResult thumb = ByName(resp->checks())["Thumbprint validated"][0];
  if (GetParam() == TlsMode::kCaFile) {
    // Trusted by the agent's CA: EKS-A skips the comparison; the difference is a warning.
    EXPECT_TRUE(thumb.passed());
    EXPECT_TRUE(thumb.warning());
    EXPECT_THAT(thumb.message(), HasSubstr("differs from the presented " + tb_->Var("THUMBPRINT")));
  } else {
    EXPECT_FALSE(thumb.passed());
    EXPECT_EQ(thumb.message(),
              "thumbprint mismatch detected, expected "
              "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD actual " +
                  tb_->Var("THUMBPRINT"));
  }
  r.set_thumbprint("");
  r.set_insecure(true);
  resp = CheckVCenter(r);
  ASSERT_THAT(resp, IsOk());
  const CheckResult insecure = ByName(resp->checks())["Thumbprint validated"][0];
  EXPECT_TRUE(insecure.passed());
  EXPECT_TRUE(insecure.warning());
  EXPECT_THAT(insecure.message(), StartsWith("thumbprint not checked: insecure is true"));
}

TEST_P(ChecksTest, CheckVCenterControlPlaneIpOnLoopbackIsInUse) {
  // Everything in 127.0.0.0/8 answers (a refusal counts as "in use"), so the IP check on the
  // testbed can only show the failure: its wording is what is checked here.
  v1::CheckVCenterRequest r = VCenterRequest();
  r.set_control_plane_ip(tb_->server());
  absl::StatusOr<v1::CheckVCenterResponse> resp = CheckVCenter(r);
  ASSERT_THAT(resp, IsOk());
  const CheckResult ip = resp->checks(resp->checks_size() - 1);
  EXPECT_EQ(ip.name(), "Control plane IP available");
  EXPECT_FALSE(ip.passed());
  EXPECT_THAT(ip.message(), StartsWith(tb_->server() + " is in use: a TCP dial of port 80 was "));
}

TEST_P(ChecksTest, CheckMachineConfigCreatesTheFolderOnceAndRemembersWhoDid) {
  const std::string folder = Testbed::Unique("folder") + "/eksa/homelab";
  v1::CheckMachineConfigRequest r = MachineRequest(folder);
  r.set_check_privileges(true);
  absl::StatusOr<v1::CheckMachineConfigResponse> first = CheckMachine(r);
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(
      Names(first->checks()),
      ElementsAre("Datastore validated ok", "Folder validated ok", "Resource pool validated ok",
                  "vSphere user privileges validated ok", "vSphere user privileges validated ok",
                  "vSphere user privileges validated ok"));
  EXPECT_EQ(first->checks(1).message(), "folder /DC0/vm/" + folder + " created");
  EXPECT_EQ(first->checks(0).subject(), "VSphereMachineConfig lab-cp");
  EXPECT_TRUE(first->folder_created());
  EXPECT_EQ(first->folder_path(), "/DC0/vm/" + folder);
  EXPECT_EQ(first->datastore_path(), "/DC0/datastore/LocalDS_0");
  EXPECT_EQ(first->resource_pool_path(), "/DC0/host/DC0_C0/Resources");
  EXPECT_FALSE(first->has_template_());

  absl::StatusOr<v1::CheckMachineConfigResponse> retry = CheckMachine(r);
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(retry->folder_created()) << "the first attempt of this request id made it";
  EXPECT_EQ(retry->checks(1).message(), "folder /DC0/vm/" + folder);
  r.set_request_id("another");
  absl::StatusOr<v1::CheckMachineConfigResponse> other = CheckMachine(r);
  ASSERT_THAT(other, IsOk());
  EXPECT_FALSE(other->folder_created());
}

TEST_P(ChecksTest, CheckMachineConfigWithoutCreateWarnsThatTheFolderWillBeMade) {
  const std::string folder = Testbed::Unique("nocreate");
  v1::CheckMachineConfigRequest r = MachineRequest(folder);
  r.set_create_missing_folder(false);
  absl::StatusOr<v1::CheckMachineConfigResponse> resp = CheckMachine(r);
  ASSERT_THAT(resp, IsOk());
  const CheckResult& f = resp->checks(1);
  EXPECT_TRUE(f.passed());
  EXPECT_TRUE(f.warning());
  EXPECT_EQ(f.message(), "folder /DC0/vm/" + folder + " does not exist; it will be created");
  EXPECT_FALSE(resp->folder_created());
  EXPECT_EQ(resp->folder_path(), "");
}

TEST_P(ChecksTest, CheckMachineConfigMissingObjectsNameWhereTheAgentLooked) {
  v1::CheckMachineConfigRequest r = MachineRequest("");
  r.set_datastore("no-such-ds");
  r.set_resource_pool("*/Resources");
  r.set_template_("no-such-template");
  r.add_tag_ids("urn:vmomi:InventoryServiceTag:00000000-0000-0000-0000-000000000000:GLOBAL");
  r.set_storage_policy_name("gold");
  absl::StatusOr<v1::CheckMachineConfigResponse> resp = CheckMachine(r);
  ASSERT_THAT(resp, IsOk());
  EXPECT_THAT(Names(resp->checks()),
              ElementsAre("Datastore validated FAILED", "Folder validated ok",
                          "Resource pool validated FAILED", "Template validated FAILED",
                          "Tag IDs validated FAILED", "Storage policy validated FAILED"));
  auto by = ByName(resp->checks());
  EXPECT_EQ(by["Datastore validated"][0].message(),
            "datastore \"no-such-ds\" not found in /DC0/datastore");
  EXPECT_EQ(by["Datastore validated"][0].remediation(),
            "check spec.datastore of VSphereMachineConfig lab-cp");
  EXPECT_EQ(by["Folder validated"][0].message(),
            "folder /DC0/vm (no spec.folder: the datacenter's VM folder)");
  EXPECT_EQ(by["Resource pool validated"][0].message(),
            "resource pool \"*/Resources\" resolves to 2 objects: /DC0/host/DC0_C0/Resources, "
            "/DC0/host/DC0_H0/Resources");
  EXPECT_THAT(by["Resource pool validated"][0].remediation(), HasSubstr("name exactly one pool"));
  EXPECT_EQ(by["Template validated"][0].message(),
            "virtual machine \"no-such-template\" not found in /DC0/vm");
  EXPECT_THAT(by["Tag IDs validated"][0].message(),
              HasSubstr("tag ids not found in vCenter: urn:vmomi:InventoryServiceTag:00000000"));
  EXPECT_THAT(by["Storage policy validated"][0].message(),
              StartsWith("storage policy \"gold\" not found on vCenter " + tb_->server() +
                         "; the storage policies are: Host-local PMem Default Storage Policy, "
                         "VM Encryption Policy"));
  EXPECT_EQ(by["Storage policy validated"][0].remediation(),
            "check spec.storagePolicyName of VSphereMachineConfig lab-cp: it must name one of "
            "vCenter's VM storage policies");
  EXPECT_EQ(resp->datastore_path(), "");
  EXPECT_EQ(resp->resource_pool_path(), "");

  r = MachineRequest("");
  r.set_resource_pool("no-such-pool");
  resp = CheckMachine(r);
  ASSERT_THAT(resp, IsOk());
  EXPECT_EQ(ByName(resp->checks())["Resource pool validated"][0].message(),
            "resource pool \"no-such-pool\" not found in /DC0/host");
  r = MachineRequest("");
  r.set_datacenter("NoSuchDC");
  resp = CheckMachine(r);
  ASSERT_THAT(resp, IsOk());
  EXPECT_THAT(Names(resp->checks()), ElementsAre("Datacenter validated FAILED"));
  EXPECT_EQ(resp->checks(0).message(), "datacenter \"NoSuchDC\" not found in /");
}

TEST_P(ChecksTest, CheckMachineConfigTemplateThatIsAVmWithoutTags) {
  v1::CheckMachineConfigRequest r = MachineRequest("");
  r.set_template_(tb_->Var("SOURCE_VM"));
  r.set_os_family(v1::OS_FAMILY_UBUNTU);
  r.add_required_template_tags("os:ubuntu");
  absl::StatusOr<v1::CheckMachineConfigResponse> resp = CheckMachine(r);
  ASSERT_THAT(resp, IsOk());
  auto by = ByName(resp->checks());
  ASSERT_EQ(by["Template validated"].size(), 1u);
  EXPECT_TRUE(by["Template validated"][0].warning());
  EXPECT_THAT(by["Template validated"][0].message(), HasSubstr("is a VM, not a template"));
  ASSERT_EQ(by["Template tags validated"].size(), 1u);
  EXPECT_FALSE(by["Template tags validated"][0].passed());
  EXPECT_EQ(by["Template tags validated"][0].message(),
            "template " + tb_->Var("SOURCE_VM") + " lacks tags os:ubuntu (it has: none)");
  EXPECT_EQ(resp->template_().path(), tb_->Var("SOURCE_VM"));
  EXPECT_FALSE(resp->template_().moref().empty());
  EXPECT_FALSE(resp->template_().has_snapshot());
  EXPECT_THAT(resp->template_().tags(), IsEmpty());
}

TEST_P(ChecksTest, CheckCapacitySumsPerDatastoreAndComparesWithFreeSpace) {
  v1::CheckCapacityRequest r;
  r.set_server(tb_->server());
  r.set_datacenter(tb_->datacenter());
  // Two names of one datastore: one demand of 2 GiB.
  v1::DatastoreDemand* d = r.add_datastores();
  d->set_datastore("LocalDS_0");
  d->set_required_gib(1);
  d = r.add_datastores();
  d->set_datastore(tb_->Var("DATASTORE"));
  d->set_required_gib(1);
  d = r.add_datastores();
  d->set_datastore("no-such-ds");
  d->set_required_gib(5);
  v1::ResourcePoolDemand* p = r.add_resource_pools();
  p->set_resource_pool(tb_->Var("RESOURCE_POOL"));
  p->set_required_mib(64);
  absl::StatusOr<v1::CheckCapacityResponse> resp = backend_->CheckCapacity(r, Testbed::Context());
  ASSERT_THAT(resp, IsOk());
  ASSERT_EQ(resp->checks_size(), 3) << ::testing::PrintToString(Names(resp->checks()));
  EXPECT_FALSE(resp->checks(0).passed());
  EXPECT_EQ(resp->checks(0).message(), "datastore \"no-such-ds\" not found in /DC0/datastore");
  // The simulator's free space is whatever its accounting says (thin disks of every VM the
  // shared testbed ever made count): the check must agree with the figure it reports.
  const int64_t free_bytes = resp->datastores(0).free_bytes();
  EXPECT_EQ(resp->checks(1).passed(), free_bytes >= 2 * (int64_t{1} << 30))
      << resp->checks(1).message();
  EXPECT_THAT(resp->checks(1).message(),
              AllOf(HasSubstr("datastore /DC0/datastore/LocalDS_0: 2 GiB required, "),
                    HasSubstr(" free of ")));
  EXPECT_EQ(resp->checks(2).name(), "Resource pool memory validated");
  ASSERT_EQ(resp->datastores_size(), 3);
  EXPECT_EQ(resp->datastores(0).path(), "/DC0/datastore/LocalDS_0");
  EXPECT_EQ(resp->datastores(0).required_gib(), 2);
  EXPECT_EQ(resp->datastores(1).required_gib(), 2);
  EXPECT_GT(resp->datastores(0).capacity_bytes(), 0);
  EXPECT_EQ(resp->datastores(2).path(), "");
  ASSERT_EQ(resp->resource_pools_size(), 1);
  EXPECT_EQ(resp->resource_pools(0).path(), "/DC0/host/DC0_C0/Resources");
  EXPECT_EQ(resp->resource_pools(0).required_mib(), 64);
  const int64_t available = resp->resource_pools(0).available_mib();
  ASSERT_GE(available, 64) << "the simulator's pool has a limit: " << resp->checks(2).message();
  EXPECT_THAT(resp->checks(2).message(),
              StartsWith("resource pool /DC0/host/DC0_C0/Resources: 64 MiB required, "));

  // More memory than the pool has left (the simulator gives the cluster's pool a limit).
  r.clear_datastores();
  p->set_required_mib(available + 100000);
  resp = backend_->CheckCapacity(r, Testbed::Context());
  ASSERT_THAT(resp, IsOk());
  ASSERT_EQ(resp->checks_size(), 1);
  EXPECT_FALSE(resp->checks(0).passed());
  EXPECT_THAT(resp->checks(0).message(),
              StartsWith("not enough memory in resource pool /DC0/host/DC0_C0/Resources: " +
                         std::to_string(available + 100000) + " MiB required, "));

  // More than the datastore has.
  const int64_t too_much = std::max<int64_t>(1, free_bytes / (int64_t{1} << 30) + 1);
  r.clear_datastores();
  r.clear_resource_pools();
  d = r.add_datastores();
  d->set_datastore("LocalDS_0");
  d->set_required_gib(too_much);
  resp = backend_->CheckCapacity(r, Testbed::Context());
  ASSERT_THAT(resp, IsOk());
  ASSERT_EQ(resp->checks_size(), 1);
  EXPECT_FALSE(resp->checks(0).passed());
  EXPECT_THAT(resp->checks(0).message(),
              StartsWith("not enough space in datastore /DC0/datastore/LocalDS_0: " +
                         std::to_string(too_much) + " GiB required, "));
}

INSTANTIATE_TEST_SUITE_P(Tls, ChecksTest, ::testing::Values(TlsMode::kCaFile, TlsMode::kThumbprint),
                         [](const auto& info) { return testing::TlsModeName(info.param); });

}  // namespace
}  // namespace eksa::vsphere_agent::backend
