// spec.storagePolicyName end to end against the testbed's vCenter simulator (its SPBM endpoint,
// govmomi's pbm/simulator on /pbm), in CA and thumbprint modes: CheckMachineConfig's "Storage
// policy validated" with a policy that exists and one that does not; CreateVm with a policy (the
// CloneVM_Task request carries the policy's profile in its RelocateSpec and on the grown disk:
// the simulator ignores profiles, so never-firing fault rules count the requests that carry it)
// and with a missing one (NOT_FOUND, nothing cloned).
//
// Each test makes a storage policy of its own (PbmCreate, a run-unique name, so its id scopes the
// counting rules to this run) and deletes it (PbmDelete).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "services/vsphere-agent/backend/check_results.h"
#include "services/vsphere-agent/backend/client_backend.h"
#include "services/vsphere-agent/backend/testing/testbed.h"
#include "services/vsphere-agent/client/pbm/endpoint.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/testing/testbed_vcenter.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace soap = vsphere::soap;
using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;
using testing::Testbed;
using testing::TlsMode;

const soap::MoRef kProfileManager{"PbmProfileProfileManager", "ProfileManager"};
// The simulator's default policies (govmomi pbm/simulator/profiles.go), sorted: the start of
// every "not found" list (policies other tests make are named "vc…", which sorts after them).
constexpr char kDefaultPolicies[] =
    "Host-local PMem Default Storage Policy, VM Encryption Policy, VVol No Requirements Policy, "
    "vSAN Default Storage Policy";

class StoragePolicyTest : public ::testing::TestWithParam<TlsMode> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Testbed>> tb = Testbed::Open();
    ASSERT_THAT(tb, IsOk());
    tb_ = *std::move(tb);
    backend_ = tb_->Backend(GetParam());
    ASSERT_NE(backend_, nullptr);
    vc_ = vsphere::vim::testing::TestbedVcenter::Connect();
    ASSERT_NE(vc_, nullptr);
    spbm_ = std::make_unique<vsphere::pbm::SessionCaller>(vc_->session().client());
    policy_name_ = Testbed::Unique("policy");
    soap::XmlWriter w;
    w.This(kProfileManager)
        .Open("createSpec")
        .Element("name", policy_name_)
        .Element("description", "eksa storage_policy_integration_test")
        .Element("category", "REQUIREMENT")
        .Open("resourceType")
        .Element("resourceType", "STORAGE")
        .Close()
        .Open("constraints", "PbmCapabilitySubProfileConstraints")
        .Open("subProfiles")
        .Element("name", "eksa")
        .Close()
        .Close()
        .Close();
    absl::StatusOr<soap::Response> created = spbm_->Call("PbmCreate", w.str());
    ASSERT_THAT(created, IsOk());
    policy_id_ = std::string(soap::ChildText(created->returnval(), "uniqueId"));
    ASSERT_FALSE(policy_id_.empty());
  }

  void TearDown() override {
    if (backend_ != nullptr) {
      for (const std::string& path : cleanup_) {
        v1::DestroyVmRequest r;
        r.set_request_id("cleanup");
        r.set_datacenter(tb_->datacenter());
        *r.mutable_vm() = Testbed::Path(path);
        EXPECT_THAT(backend_->DestroyVm(r, Testbed::Context()), IsOk()) << path;
      }
    }
    if (spbm_ != nullptr && !policy_id_.empty()) {
      soap::XmlWriter w;
      w.This(kProfileManager).Open("profileId").Element("uniqueId", policy_id_).Close();
      EXPECT_THAT(spbm_->Call("PbmDelete", w.str()), IsOk());
    }
  }

  // A fresh VM name, destroyed after the test.
  std::string Name(const std::string& what) {
    std::string name = Testbed::Unique(what);
    cleanup_.push_back(PathOf(name));
    return name;
  }
  std::string PathOf(const std::string& name) const { return tb_->Var("FOLDER") + "/" + name; }

  v1::CheckMachineConfigRequest MachineRequest(const std::string& policy) const {
    v1::CheckMachineConfigRequest r;
    r.set_request_id("req-sp");
    r.set_server(tb_->server());
    r.set_datacenter(tb_->datacenter());
    r.set_machine_config_name("lab-sp");
    r.set_datastore(tb_->Var("DATASTORE"));
    r.set_resource_pool(tb_->Var("RESOURCE_POOL"));
    r.set_storage_policy_name(policy);
    return r;
  }
  // The "Storage policy validated" check of a CheckMachineConfig, after the others passed.
  CheckResult PolicyCheck(const std::string& policy) {
    absl::StatusOr<v1::CheckMachineConfigResponse> resp =
        backend_->CheckMachineConfig(MachineRequest(policy), Testbed::Context());
    EXPECT_THAT(resp, IsOk());
    if (!resp.ok()) return {};
    std::vector<CheckResult> found;
    for (const CheckResult& c : resp->checks()) {
      if (c.name() == check::kStoragePolicy) {
        found.push_back(c);
      } else {
        EXPECT_TRUE(c.passed()) << c.name() << ": " << c.message();
      }
    }
    EXPECT_THAT(found, SizeIs(1));
    return found.empty() ? CheckResult() : found.front();
  }
  // A fault rule that never fires and counts the CloneVM_Task requests containing `match`.
  int CloneCounter(const std::string& match) {
    return tb_->AddFault(
        {{"method", "CloneVM_Task"}, {"nth", 1000000}, {"fault", "SystemError"}, {"match", match}});
  }
  int Seen(int rule) { return tb_->Fault(rule).value("seen", -1); }

  std::unique_ptr<Testbed> tb_;
  std::unique_ptr<ClientBackend> backend_;
  std::unique_ptr<vsphere::vim::testing::TestbedVcenter> vc_;
  std::unique_ptr<vsphere::pbm::SessionCaller> spbm_;
  std::string policy_name_;
  std::string policy_id_;
  std::vector<std::string> cleanup_;
};

TEST_P(StoragePolicyTest, CheckMachineConfigValidatesAnExistingPolicy) {
  CheckResult c = PolicyCheck(policy_name_);
  EXPECT_TRUE(c.passed());
  EXPECT_FALSE(c.warning());
  EXPECT_EQ(c.subject(), "VSphereMachineConfig lab-sp");
  EXPECT_EQ(c.message(), "storage policy \"" + policy_name_ + "\" (profile " + policy_id_ + ")");
  c = PolicyCheck("vSAN Default Storage Policy");
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.message(),
            "storage policy \"vSAN Default Storage Policy\" (profile "
            "aa6d5a82-1c88-45da-85d3-3d74b91a5bad)");
}

TEST_P(StoragePolicyTest, AResolvedPolicyIsCachedByTheBackend) {
  const CheckResult before = PolicyCheck(policy_name_);
  ASSERT_TRUE(before.passed()) << before.message();
  soap::XmlWriter w;
  w.This(kProfileManager).Open("profileId").Element("uniqueId", policy_id_).Close();
  ASSERT_THAT(spbm_->Call("PbmDelete", w.str()), IsOk());
  policy_id_.clear();
  // Resolved a moment ago: the backend answers from its cache, without asking PBM.
  EXPECT_EQ(PolicyCheck(policy_name_).message(), before.message());
  // A backend that never resolved it sees that it is gone.
  backend_ = tb_->Backend(GetParam());
  ASSERT_NE(backend_, nullptr);
  const CheckResult fresh = PolicyCheck(policy_name_);
  EXPECT_FALSE(fresh.passed());
  EXPECT_THAT(fresh.message(), StartsWith("storage policy \"" + policy_name_ + "\" not found"));
}

TEST_P(StoragePolicyTest, CheckMachineConfigFailsAMissingPolicyNamingWhereItLooked) {
  const std::string missing = Testbed::Unique("missing-policy");
  CheckResult c = PolicyCheck(missing);
  EXPECT_FALSE(c.passed());
  EXPECT_THAT(c.message(),
              StartsWith("storage policy \"" + missing + "\" not found on vCenter " +
                         tb_->server() + "; the storage policies are: " + kDefaultPolicies));
  EXPECT_EQ(c.remediation(),
            "check spec.storagePolicyName of VSphereMachineConfig lab-sp: it must name one of "
            "vCenter's VM storage policies");
}

TEST_P(StoragePolicyTest, CreateVmClonesWithThePolicysProfile) {
  const std::string name = Name("sp-create");
  const int in_location = CloneCounter(
      "<profile xsi:type=\"VirtualMachineDefinedProfileSpec\">"
      "<profileId>" +
      policy_id_ + "</profileId></profile></location>");
  const int on_disk = CloneCounter(
      "</device><profile xsi:type=\"VirtualMachineDefinedProfileSpec\">"
      "<profileId>" +
      policy_id_ + "</profileId></profile></deviceChange>");
  v1::CreateVmRequest request = tb_->CreateRequest(name);
  request.set_storage_policy_name(policy_name_);
  request.set_disk_gib(2);  // grown from the source's 1 GiB: the disk edit carries the profile too
  absl::StatusOr<v1::CreateVmResponse> created = backend_->CreateVm(request, Testbed::Context());
  ASSERT_THAT(created, IsOk());
  EXPECT_TRUE(created->created());
  EXPECT_EQ(created->vm().path(), PathOf(name));
  EXPECT_EQ(created->vm().power_state(), v1::POWER_STATE_POWERED_ON);
  EXPECT_EQ(Seen(in_location), 1);
  EXPECT_EQ(Seen(on_disk), 1);
  EXPECT_THAT(tb_->Vms(name), SizeIs(1));
}

TEST_P(StoragePolicyTest, CreateVmWithAMissingPolicyClonesNothing) {
  const std::string name = Name("sp-missing");
  const int clones = CloneCounter("<name>" + name + "</name>");
  const std::string missing = Testbed::Unique("missing-policy");
  v1::CreateVmRequest request = tb_->CreateRequest(name);
  request.set_storage_policy_name(missing);
  EXPECT_THAT(backend_->CreateVm(request, Testbed::Context()),
              StatusIs(absl::StatusCode::kNotFound,
                       StartsWith("storage_policy_name: storage policy \"" + missing +
                                  "\" not found on vCenter " + tb_->server() +
                                  "; the storage policies are: " + kDefaultPolicies)));
  EXPECT_EQ(Seen(clones), 0);
  EXPECT_THAT(tb_->Vms(name), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Tls, StoragePolicyTest,
                         ::testing::Values(TlsMode::kCaFile, TlsMode::kThumbprint),
                         [](const auto& info) { return testing::TlsModeName(info.param); });

}  // namespace
}  // namespace eksa::vsphere_agent::backend
