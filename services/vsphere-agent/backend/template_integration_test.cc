// EnsureTemplate against the testbed's vCenter simulator (an OVA made by the test, imported
// through an HttpNfcLease; the simulator discards the disk bytes), then what depends on a real
// template: CheckMachineConfig's template checks, linked and full clones from it, and the RPCs
// that refuse templates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "services/vsphere-agent/backend/check_results.h"
#include "services/vsphere-agent/backend/client_backend.h"
#include "services/vsphere-agent/backend/file_sha256.h"
#include "services/vsphere-agent/backend/testing/testbed.h"
#include "services/vsphere-agent/client/transport/testing/loopback_http_server.h"
#include "services/vsphere-agent/client/vim/finder.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Testbed;
using testing::TlsMode;

// A one-VM OVF 1.0 descriptor written for these tests: 1 vCPU, 256 MiB, one 1 GiB disk on an
// LSI Logic controller, one vmxnet3 card on "VM Network".
constexpr char kOvf[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
    xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
    xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
    xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData">
  <References><File ovf:id="f1" ovf:href="node-disk1.vmdk"/></References>
  <DiskSection><Info>disks</Info>
    <Disk ovf:diskId="d1" ovf:fileRef="f1" ovf:capacity="1" ovf:capacityAllocationUnits="byte * 2^30"
      ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
  </DiskSection>
  <NetworkSection><Info>networks</Info><Network ovf:name="VM Network"><Description>n</Description></Network></NetworkSection>
  <VirtualSystem ovf:id="node"><Info>a node image</Info><Name>node</Name>
    <OperatingSystemSection ovf:id="101"><Info>os</Info></OperatingSystemSection>
    <VirtualHardwareSection><Info>hardware</Info>
      <System><vssd:ElementName>hw</vssd:ElementName><vssd:InstanceID>0</vssd:InstanceID>
        <vssd:VirtualSystemIdentifier>node</vssd:VirtualSystemIdentifier>
        <vssd:VirtualSystemType>vmx-13</vssd:VirtualSystemType></System>
      <Item><rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits><rasd:ElementName>1 CPU</rasd:ElementName>
        <rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType>
        <rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:ElementName>256 MB</rasd:ElementName>
        <rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>256</rasd:VirtualQuantity></Item>
      <Item><rasd:Address>0</rasd:Address><rasd:ElementName>SCSI 0</rasd:ElementName>
        <rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceSubType>lsilogic</rasd:ResourceSubType>
        <rasd:ResourceType>6</rasd:ResourceType></Item>
      <Item><rasd:AddressOnParent>0</rasd:AddressOnParent><rasd:ElementName>disk 1</rasd:ElementName>
        <rasd:HostResource>ovf:/disk/d1</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID>
        <rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:AddressOnParent>7</rasd:AddressOnParent><rasd:Connection>VM Network</rasd:Connection>
        <rasd:ElementName>nic 1</rasd:ElementName><rasd:InstanceID>5</rasd:InstanceID>
        <rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
)";

// Writes the descriptor and a 1 MiB disk into a temp dir and tars them into node.ova.
std::string MakeOva() {
  char dir_template[] = "/tmp/vc4-ova-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  std::ofstream(dir + "/node.ovf") << kOvf;
  std::ofstream(dir + "/node-disk1.vmdk", std::ios::binary) << std::string(1 << 20, '\0');
  const std::string cmd = "tar -cf " + dir + "/node.ova -C " + dir + " node.ovf node-disk1.vmdk";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return dir + "/node.ova";
}

// One template per test run, imported once and shared by the tests (imports are the slow part).
class TemplateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ova_ = new std::string(MakeOva());
    name_ = new std::string(Testbed::Unique("bottlerocket-1-21"));
    folder_ = new std::string(Testbed::Unique("templates") + "/Templates");
  }
  // Removes the template (DestroyVm refuses templates, so through the client library): its
  // 22 GiB thin disk would otherwise count against the shared simulator's datastore for good.
  static void TearDownTestSuite() {
    std::filesystem::remove_all(std::filesystem::path(*ova_).parent_path());
    absl::StatusOr<std::unique_ptr<Testbed>> tb = Testbed::Open();
    if (!tb.ok()) return;
    std::unique_ptr<ClientBackend> backend = (*tb)->Backend(TlsMode::kThumbprint);
    absl::StatusOr<vsphere::session::Session*> session = backend->state().connection->Session();
    ASSERT_THAT(session, IsOk());
    vsphere::vim::Finder finder(**session, (*session)->service_content());
    made_->push_back("/DC0/vm/" + *folder_ + "/" + *name_);
    for (const std::string& path : *made_) {
      absl::StatusOr<vsphere::soap::MoRef> ref = finder.FindByInventoryPath(path);
      if (!ref.ok()) continue;  // never imported
      vsphere::vim::VirtualMachine vm(**session, (*session)->service_content().property_collector,
                                      *ref);
      absl::StatusOr<vsphere::vim::Task> destroy = vm.Destroy();
      ASSERT_THAT(destroy, IsOk());
      EXPECT_THAT(destroy->Wait(), IsOk()) << path;
    }
  }

  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Testbed>> tb = Testbed::Open();
    ASSERT_THAT(tb, IsOk());
    tb_ = *std::move(tb);
    backend_ = tb_->Backend(TlsMode::kThumbprint);
    ASSERT_NE(backend_, nullptr);
  }

  v1::EnsureTemplateRequest Request(const std::string& request_id) const {
    v1::EnsureTemplateRequest r;
    r.set_request_id(request_id);
    r.set_server(tb_->server());
    r.set_datacenter(tb_->datacenter());
    r.set_os_family(v1::OS_FAMILY_BOTTLEROCKET);
    r.set_kubernetes_version("1.21");
    r.set_eksd_release_name("kubernetes-1-21-eks-4");
    r.set_ova_path(*ova_);
    r.set_template_name(*name_);
    r.set_template_folder(*folder_);
    r.set_datastore(tb_->Var("DATASTORE"));
    r.set_resource_pool(tb_->Var("RESOURCE_POOL"));
    r.add_extra_tags("eksaTest:vc4");
    return r;
  }
  std::string TemplatePath() const { return "/DC0/vm/" + *folder_ + "/" + *name_; }

  // EnsureTemplate of the shared template (the first call imports it).
  absl::StatusOr<v1::EnsureTemplateResponse> Ensure(const std::string& request_id) {
    return backend_->EnsureTemplate(Request(request_id), Testbed::Context(absl::Seconds(120)));
  }

  // Every template the suite imported, removed by TearDownTestSuite.
  static std::vector<std::string>* made_;
  static std::string* ova_;
  static std::string* name_;
  static std::string* folder_;
  std::unique_ptr<Testbed> tb_;
  std::unique_ptr<ClientBackend> backend_;
};

std::vector<std::string>* TemplateTest::made_ = new std::vector<std::string>();
std::string* TemplateTest::ova_ = nullptr;
std::string* TemplateTest::name_ = nullptr;
std::string* TemplateTest::folder_ = nullptr;

TEST_F(TemplateTest, ImportsOnceThenAdopts) {
  v1::EnsureTemplateRequest first_request = Request("import-1");
  absl::StatusOr<std::string> sha = FileSha256(*ova_);
  ASSERT_THAT(sha, IsOk());
  first_request.set_ova_sha256(*sha);
  absl::StatusOr<v1::EnsureTemplateResponse> first =
      backend_->EnsureTemplate(first_request, Testbed::Context(absl::Seconds(120)));
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(first->imported());
  const v1::TemplateInfo& t = first->template_();
  EXPECT_EQ(t.path(), TemplatePath());
  EXPECT_FALSE(t.moref().empty());
  EXPECT_TRUE(t.has_snapshot());
  EXPECT_THAT(t.disks_gib(), ElementsAre(22)) << "Bottlerocket: one disk grown to 22 GiB";
  EXPECT_THAT(t.tags(),
              ElementsAre("eksaTest:vc4", "eksdRelease:kubernetes-1-21-eks-4", "os:bottlerocket"));

  // The same request id again: still "imported" (by its first attempt); another: adopted.
  absl::StatusOr<v1::EnsureTemplateResponse> again = Ensure("import-1");
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->imported());
  EXPECT_EQ(again->template_().moref(), t.moref());
  absl::StatusOr<v1::EnsureTemplateResponse> adopted = Ensure("adopt-1");
  ASSERT_THAT(adopted, IsOk());
  EXPECT_FALSE(adopted->imported());
  EXPECT_EQ(adopted->template_().moref(), t.moref());
  nlohmann::json sim = tb_->Vms(*name_);
  ASSERT_EQ(sim.size(), 1u);
  EXPECT_EQ(sim[0]["template"], true);
}

TEST_F(TemplateTest, ImportsWithTheCaBundleToo) {
  // The suite runs on a thumbprint-pinned backend; the NFC upload (a second TLS connection, to
  // the lease's device URL) and the REST tagging work with CA verification as well.
  std::unique_ptr<ClientBackend> ca = tb_->Backend(TlsMode::kCaFile);
  ASSERT_NE(ca, nullptr);
  v1::EnsureTemplateRequest r = Request("import-ca");
  r.set_template_name(Testbed::Unique("bottlerocket-ca"));
  made_->push_back("/DC0/vm/" + *folder_ + "/" + r.template_name());
  absl::StatusOr<v1::EnsureTemplateResponse> imported =
      ca->EnsureTemplate(r, Testbed::Context(absl::Seconds(120)));
  ASSERT_THAT(imported, IsOk());
  EXPECT_TRUE(imported->imported());
  EXPECT_TRUE(imported->template_().has_snapshot());
  EXPECT_THAT(imported->template_().tags(),
              ElementsAre("eksaTest:vc4", "eksdRelease:kubernetes-1-21-eks-4", "os:bottlerocket"));
}

TEST_F(TemplateTest, ImportsByUrlThroughTheContentLibrary) {
  std::ifstream in(*ova_, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The OVA's web server: vCenter (the simulator) pulls from it, the agent never does.
  vsphere::transport::LoopbackHttpServer server(
      [&](const vsphere::transport::ReceivedRequest& r) {
        if (r.target != "/node.ova") return vsphere::transport::CannedReply{.status = 404};
        return vsphere::transport::CannedReply{
            .headers = {{"Content-Type", "application/octet-stream"}}, .body = bytes};
      },
      /*tls=*/true);
  v1::EnsureTemplateRequest r = Request("url-1");
  r.set_template_name(Testbed::Unique("ubuntu-1-21"));
  r.set_os_family(v1::OS_FAMILY_UBUNTU);
  r.set_ova_url(server.base_url() + "/node.ova");
  r.set_content_library(Testbed::Unique("library"));
  made_->push_back("/DC0/vm/" + *folder_ + "/" + r.template_name());
  absl::StatusOr<v1::EnsureTemplateResponse> first =
      backend_->EnsureTemplate(r, Testbed::Context(absl::Seconds(120)));
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(first->imported());
  EXPECT_EQ(first->template_().path(), "/DC0/vm/" + *folder_ + "/" + r.template_name());
  EXPECT_TRUE(first->template_().has_snapshot());
  EXPECT_THAT(first->template_().tags(),
              ElementsAre("eksaTest:vc4", "eksdRelease:kubernetes-1-21-eks-4", "os:ubuntu"));
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].method, "GET");

  r.set_request_id("url-2");
  absl::StatusOr<v1::EnsureTemplateResponse> again =
      backend_->EnsureTemplate(r, Testbed::Context());
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->imported());
  EXPECT_EQ(again->template_().moref(), first->template_().moref());
  EXPECT_EQ(server.requests().size(), 1u) << "adopted: nothing pulled again";

  // A URL the server does not have: vCenter's download fails, and says so.
  r.set_request_id("url-missing");
  r.set_template_name(Testbed::Unique("missing"));
  r.set_ova_url(server.base_url() + "/missing.ova");
  EXPECT_THAT(backend_->EnsureTemplate(r, Testbed::Context(absl::Seconds(30))),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("library item " + r.template_name() + " of "),
                             HasSubstr("vCenter could not download " + server.base_url() +
                                       "/missing.ova"))));
}

TEST_F(TemplateTest, TemplateOfAnotherOsIsAlreadyExists) {
  ASSERT_THAT(Ensure("conflict-setup"), IsOk());
  v1::EnsureTemplateRequest r = Request("conflict");
  r.set_os_family(v1::OS_FAMILY_UBUNTU);
  EXPECT_THAT(backend_->EnsureTemplate(r, Testbed::Context()),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       TemplatePath() + " exists but is tagged for another OS or release: "
                                        "os:bottlerocket"));
}

TEST_F(TemplateTest, ImportErrorsNameTheirCause) {
  v1::EnsureTemplateRequest r = Request("bad-sha");
  r.set_template_name(Testbed::Unique("never"));
  r.set_ova_sha256(std::string(64, '0'));
  EXPECT_THAT(backend_->EnsureTemplate(r, Testbed::Context()),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr("sha256 of " + *ova_ + " is "),
                             HasSubstr(", expected " + std::string(64, '0')))));
  r.clear_ova_sha256();
  r.set_ova_path("/nonexistent/node.ova");
  EXPECT_THAT(backend_->EnsureTemplate(r, Testbed::Context()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/node.ova")));
  r.clear_ova_path();
  EXPECT_THAT(backend_->EnsureTemplate(r, Testbed::Context()),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("does not exist and the request names no OVA to import it from")));
  r.set_os_family(v1::OS_FAMILY_UNSPECIFIED);
  EXPECT_THAT(backend_->EnsureTemplate(r, Testbed::Context()),
              StatusIs(absl::StatusCode::kInvalidArgument, "os_family: OS_FAMILY_UNSPECIFIED"));
  EXPECT_EQ(tb_->Vms(r.template_name()).size(), 0u);
}

TEST_F(TemplateTest, CheckMachineConfigValidatesTheTemplateAndItsTags) {
  ASSERT_THAT(Ensure("check-setup"), IsOk());
  v1::CheckMachineConfigRequest r;
  r.set_server(tb_->server());
  r.set_datacenter(tb_->datacenter());
  r.set_machine_config_name("lab-md");
  r.set_datastore(tb_->Var("DATASTORE"));
  r.set_resource_pool(tb_->Var("RESOURCE_POOL"));
  r.set_template_(TemplatePath());
  r.set_os_family(v1::OS_FAMILY_BOTTLEROCKET);
  r.add_required_template_tags("os:bottlerocket");
  r.add_required_template_tags("eksdRelease:kubernetes-1-21-eks-4");
  r.set_check_privileges(true);
  absl::StatusOr<v1::CheckMachineConfigResponse> resp =
      backend_->CheckMachineConfig(r, Testbed::Context());
  ASSERT_THAT(resp, IsOk());
  for (const CheckResult& c : resp->checks()) {
    EXPECT_TRUE(c.passed()) << c.name() << ": " << c.message();
    EXPECT_FALSE(c.warning()) << c.name() << ": " << c.message();
  }
  std::vector<std::string> names;
  for (const CheckResult& c : resp->checks()) names.push_back(c.name());
  EXPECT_THAT(names, Contains("Template tags validated"));
  EXPECT_THAT(names, Contains("Template disk size validated"));
  EXPECT_EQ(resp->template_().path(), TemplatePath());
  EXPECT_TRUE(resp->template_().has_snapshot());

  r.clear_required_template_tags();
  r.add_required_template_tags("eksdRelease:kubernetes-1-22-eks-1");
  resp = backend_->CheckMachineConfig(r, Testbed::Context());
  ASSERT_THAT(resp, IsOk());
  bool found = false;
  for (const CheckResult& c : resp->checks()) {
    if (c.name() != "Template tags validated") continue;
    found = true;
    EXPECT_FALSE(c.passed());
    EXPECT_EQ(c.message(), "template " + TemplatePath() +
                               " lacks tags eksdRelease:kubernetes-1-22-eks-1 (it has: "
                               "eksaTest:vc4, eksdRelease:kubernetes-1-21-eks-4, os:bottlerocket)");
  }
  EXPECT_TRUE(found);
}

TEST_F(TemplateTest, LinkedAndFullClonesOfTheTemplate) {
  ASSERT_THAT(Ensure("clone-setup"), IsOk());
  std::vector<std::string> made;
  auto create = [&](v1::CloneMode mode, int64_t disk_gib) {
    const std::string name = Testbed::Unique("from-template");
    v1::CreateVmRequest r = tb_->CreateRequest(name);
    r.set_template_(TemplatePath());
    r.set_clone_mode(mode);
    r.set_disk_gib(disk_gib);
    absl::StatusOr<v1::CreateVmResponse> vm = backend_->CreateVm(r, Testbed::Context());
    if (vm.ok()) made.push_back(vm->vm().path());
    return vm;
  };
  absl::StatusOr<v1::CreateVmResponse> linked = create(v1::CLONE_MODE_LINKED, 22);
  ASSERT_THAT(linked, IsOk());
  EXPECT_THAT(linked->vm().disks_gib(), ElementsAre(22));
  EXPECT_EQ(linked->vm().power_state(), v1::POWER_STATE_POWERED_ON);
  EXPECT_THAT(create(v1::CLONE_MODE_LINKED, 30),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a linked clone keeps the template's disk size: 30 GiB asked")));
  absl::StatusOr<v1::CreateVmResponse> full = create(v1::CLONE_MODE_FULL, 30);
  ASSERT_THAT(full, IsOk());
  EXPECT_THAT(full->vm().disks_gib(), ElementsAre(30));

  // Templates are refused by the RPCs that run VMs.
  v1::DestroyVmRequest destroy;
  destroy.set_request_id("destroy-template");
  destroy.set_datacenter(tb_->datacenter());
  *destroy.mutable_vm() = Testbed::Path(TemplatePath());
  EXPECT_THAT(backend_->DestroyVm(destroy, Testbed::Context()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       TemplatePath() + " is a template; DestroyVm does not destroy templates"));
  v1::PowerOnVmRequest on;
  on.set_request_id("on-template");
  on.set_datacenter(tb_->datacenter());
  *on.mutable_vm() = Testbed::Path(TemplatePath());
  EXPECT_THAT(backend_->PowerOnVm(on, Testbed::Context()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is a template; templates cannot be powered on")));
  v1::GetVmRequest get;
  get.set_datacenter(tb_->datacenter());
  *get.mutable_vm() = Testbed::Path(TemplatePath());
  absl::StatusOr<v1::GetVmResponse> got = backend_->GetVm(get, Testbed::Context());
  ASSERT_THAT(got, IsOk());
  EXPECT_TRUE(got->vm().is_template());
  EXPECT_EQ(got->vm().power_state(), v1::POWER_STATE_UNSPECIFIED);

  for (const std::string& path : made) {
    *destroy.mutable_vm() = Testbed::Path(path);
    EXPECT_THAT(backend_->DestroyVm(destroy, Testbed::Context()), IsOk());
  }
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
