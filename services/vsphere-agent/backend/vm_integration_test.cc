// The VM RPCs (CreateVm, GetVm, ListVms, PowerOnVm, PowerOffVm, WaitForIp, DestroyVm) against the
// testbed's vCenter simulator, in CA and thumbprint modes: the whole lifecycle, idempotency
// (CreateVm sent twice makes one VM; DestroyVm of a missing VM), what is missing and where it was
// looked for, retries after injected faults (rules scoped to this run's names), deadlines.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "services/vsphere-agent/backend/client_backend.h"
#include "services/vsphere-agent/backend/testing/testbed.h"
#include "services/vsphere-agent/client/rest/tagging.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using testing::Testbed;
using testing::TlsMode;

class VmTest : public ::testing::TestWithParam<TlsMode> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Testbed>> tb = Testbed::Open();
    ASSERT_THAT(tb, IsOk());
    tb_ = *std::move(tb);
    backend_ = tb_->Backend(GetParam());
    ASSERT_NE(backend_, nullptr);
  }

  void TearDown() override {
    if (backend_ == nullptr) return;
    for (const std::string& path : cleanup_) {
      v1::DestroyVmRequest r;
      r.set_request_id("cleanup");
      r.set_datacenter(tb_->datacenter());
      *r.mutable_vm() = Testbed::Path(path);
      EXPECT_THAT(backend_->DestroyVm(r, Testbed::Context()), IsOk()) << path;
    }
  }

  // A fresh VM name, destroyed after the test.
  std::string Name(const std::string& what) {
    std::string name = Testbed::Unique(what);
    cleanup_.push_back(PathOf(name));
    return name;
  }
  std::string PathOf(const std::string& name) const { return tb_->Var("FOLDER") + "/" + name; }

  absl::StatusOr<v1::CreateVmResponse> Create(const v1::CreateVmRequest& r) {
    return backend_->CreateVm(r, Testbed::Context());
  }
  absl::StatusOr<v1::Vm> Get(const v1::VmRef& ref) {
    v1::GetVmRequest r;
    r.set_datacenter(tb_->datacenter());
    *r.mutable_vm() = ref;
    absl::StatusOr<v1::GetVmResponse> got = backend_->GetVm(r, Testbed::Context());
    if (!got.ok()) return got.status();
    return got->vm();
  }
  absl::StatusOr<v1::DestroyVmResponse> Destroy(const std::string& path) {
    v1::DestroyVmRequest r;
    r.set_request_id("destroy-" + path);
    r.set_datacenter(tb_->datacenter());
    *r.mutable_vm() = Testbed::Path(path);
    return backend_->DestroyVm(r, Testbed::Context());
  }
  absl::StatusOr<v1::Vm> PowerOn(const std::string& path) {
    v1::PowerOnVmRequest r;
    r.set_request_id("on");
    r.set_datacenter(tb_->datacenter());
    *r.mutable_vm() = Testbed::Path(path);
    absl::StatusOr<v1::PowerOnVmResponse> on = backend_->PowerOnVm(r, Testbed::Context());
    if (!on.ok()) return on.status();
    return on->vm();
  }
  absl::StatusOr<v1::Vm> PowerOff(const std::string& path, bool graceful) {
    v1::PowerOffVmRequest r;
    r.set_request_id("off");
    r.set_datacenter(tb_->datacenter());
    *r.mutable_vm() = Testbed::Path(path);
    r.set_graceful(graceful);
    r.mutable_graceful_timeout()->set_seconds(10);
    absl::StatusOr<v1::PowerOffVmResponse> off = backend_->PowerOffVm(r, Testbed::Context());
    if (!off.ok()) return off.status();
    return off->vm();
  }
  absl::StatusOr<v1::WaitForIpResponse> WaitIp(const std::string& path, absl::Duration timeout) {
    v1::WaitForIpRequest r;
    r.set_datacenter(tb_->datacenter());
    *r.mutable_vm() = Testbed::Path(path);
    r.mutable_timeout()->set_seconds(absl::ToInt64Seconds(timeout));
    return backend_->WaitForIp(r, Testbed::Context());
  }

  std::unique_ptr<Testbed> tb_;
  std::unique_ptr<ClientBackend> backend_;
  std::vector<std::string> cleanup_;
};

TEST_P(VmTest, LifecycleOfOneVm) {
  const std::string name = Name("life");
  const std::string path = PathOf(name);
  absl::StatusOr<v1::CreateVmResponse> created = Create(tb_->CreateRequest(name));
  ASSERT_THAT(created, IsOk());
  EXPECT_TRUE(created->created());
  const v1::Vm& vm = created->vm();
  EXPECT_EQ(vm.name(), name);
  EXPECT_EQ(vm.path(), path);
  EXPECT_EQ(vm.power_state(), v1::POWER_STATE_POWERED_ON);
  EXPECT_FALSE(vm.moref().empty());
  EXPECT_FALSE(vm.instance_uuid().empty());
  EXPECT_FALSE(vm.is_template());

  // The same VM by each kind of reference; the simulator agrees.
  v1::VmRef by_moref, by_uuid;
  by_moref.set_moref(vm.moref());
  by_uuid.set_instance_uuid(vm.instance_uuid());
  for (const v1::VmRef& ref : {Testbed::Path(path), by_moref, by_uuid}) {
    absl::StatusOr<v1::Vm> got = Get(ref);
    ASSERT_THAT(got, IsOk());
    EXPECT_EQ(got->moref(), vm.moref());
    EXPECT_EQ(got->path(), path);
  }
  nlohmann::json sim = tb_->Vms(name);
  ASSERT_THAT(sim, SizeIs(1));
  EXPECT_EQ(sim[0]["moid"], vm.moref());
  EXPECT_EQ(sim[0]["power_state"], "poweredOn");

  v1::ListVmsRequest list;
  list.set_datacenter(tb_->datacenter());
  list.set_folder(tb_->Var("FOLDER"));
  list.set_name_prefix(name);
  absl::StatusOr<v1::ListVmsResponse> listed = backend_->ListVms(list, Testbed::Context());
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(listed->vms(), SizeIs(1));
  EXPECT_EQ(listed->vms(0).path(), path);

  // The testbed's DHCP hands out 127.<net>.100.x after its boot delay.
  absl::StatusOr<v1::WaitForIpResponse> ip = WaitIp(path, absl::Seconds(20));
  ASSERT_THAT(ip, IsOk());
  EXPECT_THAT(ip->vm().ip_addresses(), ::testing::Contains(ip->ip()));
  EXPECT_EQ(tb_->Vms(name)[0].value("ip", ""), ip->ip());

  absl::StatusOr<v1::Vm> off = PowerOff(path, /*graceful=*/false);
  ASSERT_THAT(off, IsOk());
  EXPECT_EQ(off->power_state(), v1::POWER_STATE_POWERED_OFF);
  ASSERT_THAT(PowerOff(path, false), IsOk());  // already off: OK
  absl::StatusOr<v1::Vm> on = PowerOn(path);
  ASSERT_THAT(on, IsOk());
  EXPECT_EQ(on->power_state(), v1::POWER_STATE_POWERED_ON);
  ASSERT_THAT(PowerOn(path), IsOk());  // already on: OK

  // Destroy powers off first; a second destroy finds nothing.
  absl::StatusOr<v1::DestroyVmResponse> destroyed = Destroy(path);
  ASSERT_THAT(destroyed, IsOk());
  EXPECT_TRUE(destroyed->existed());
  destroyed = Destroy(path);
  ASSERT_THAT(destroyed, IsOk());
  EXPECT_FALSE(destroyed->existed());
  EXPECT_THAT(tb_->Vms(name), SizeIs(0));
  EXPECT_THAT(Get(Testbed::Path(path)),
              StatusIs(absl::StatusCode::kNotFound, "vm \"" + path + "\" not found"));
  EXPECT_THAT(Get(by_moref),
              StatusIs(absl::StatusCode::kNotFound, "vm " + vm.moref() + " not found"));
  EXPECT_THAT(Get(by_uuid),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("no vm with instance uuid " + vm.instance_uuid() + " in /DC0")));
}

TEST_P(VmTest, CreateVmSentTwiceMakesOneVm) {
  const std::string name = Name("twice");
  v1::CreateVmRequest request = tb_->CreateRequest(name);
  absl::StatusOr<v1::CreateVmResponse> first = Create(request);
  ASSERT_THAT(first, IsOk());
  absl::StatusOr<v1::CreateVmResponse> second = Create(request);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->vm().moref(), first->vm().moref());
  EXPECT_TRUE(second->created()) << "the same request_id made it";
  request.set_request_id("another-" + name);
  absl::StatusOr<v1::CreateVmResponse> third = Create(request);
  ASSERT_THAT(third, IsOk());
  EXPECT_EQ(third->vm().moref(), first->vm().moref());
  EXPECT_FALSE(third->created()) << "adopted, not made by this request id";
  EXPECT_THAT(tb_->Vms(name), SizeIs(1));
}

TEST_P(VmTest, AdoptionPowersOnAnAdoptedVmThatIsOff) {
  const std::string name = Name("adopt-on");
  v1::CreateVmRequest request = tb_->CreateRequest(name);
  request.set_power_on(false);
  absl::StatusOr<v1::CreateVmResponse> off = Create(request);
  ASSERT_THAT(off, IsOk());
  EXPECT_EQ(off->vm().power_state(), v1::POWER_STATE_POWERED_OFF);
  request.set_power_on(true);
  absl::StatusOr<v1::CreateVmResponse> on = Create(request);
  ASSERT_THAT(on, IsOk());
  EXPECT_EQ(on->vm().moref(), off->vm().moref());
  EXPECT_EQ(on->vm().power_state(), v1::POWER_STATE_POWERED_ON);
}

TEST_P(VmTest, NameTakenByAVmOfAnotherTemplateIsAlreadyExists) {
  const std::string name = Name("taken");
  ASSERT_THAT(Create(tb_->CreateRequest(name)), IsOk());
  v1::CreateVmRequest other = tb_->CreateRequest(name);
  other.set_template_("/DC0/vm/DC0_C0_RP0_VM1");
  EXPECT_THAT(Create(other),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       AllOf(HasSubstr(PathOf(name) + " already exists and was not cloned from "
                                                      "template /DC0/vm/DC0_C0_RP0_VM1"),
                             HasSubstr("its eksa.template is vm-"))));
  // A VM eksa did not clone (no eksa.template key).
  v1::CreateVmRequest model = tb_->CreateRequest("DC0_C0_RP0_VM1");
  model.set_request_id("model");
  EXPECT_THAT(Create(model), StatusIs(absl::StatusCode::kAlreadyExists,
                                      HasSubstr("it has no eksa.template key: eksa did not clone "
                                                "it")));
}

TEST_P(VmTest, GuestinfoIsSetBase64EncodedAndSizesApplied) {
  const std::string name = Name("guestinfo");
  v1::CreateVmRequest request = tb_->CreateRequest(name);
  request.set_power_on(false);  // no boot hook: the userdata below is not a machine's
  request.set_userdata("#cloud-config\nhostname: " + name + "\n");
  request.set_metadata("instance-id: " + name + "\n");
  request.set_num_cpus(3);
  request.set_memory_mib(768);
  absl::StatusOr<v1::CreateVmResponse> created = Create(request);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->vm().num_cpus(), 3);
  EXPECT_EQ(created->vm().memory_mib(), 768);
  absl::StatusOr<vsphere::session::Session*> session = backend_->state().connection->Session();
  ASSERT_THAT(session, IsOk());
  vsphere::vim::VirtualMachine vm(**session, (*session)->service_content().property_collector,
                                  {.type = "VirtualMachine", .value = created->vm().moref()});
  absl::StatusOr<vsphere::vim::VmInfo> info = vm.Info();
  ASSERT_THAT(info, IsOk());
  using vsphere::vim::FindOption;
  EXPECT_EQ(FindOption(info->extra_config, "guestinfo.userdata"),
            absl::Base64Escape(request.userdata()));
  EXPECT_EQ(FindOption(info->extra_config, "guestinfo.userdata.encoding"), "base64");
  EXPECT_EQ(FindOption(info->extra_config, "guestinfo.metadata"),
            absl::Base64Escape(request.metadata()));
  EXPECT_EQ(FindOption(info->extra_config, "guestinfo.metadata.encoding"), "base64");
  EXPECT_EQ(FindOption(info->extra_config, "eksa.requestId"), request.request_id());
}

TEST_P(VmTest, TagIdsAreAttachedToTheVm) {
  vsphere::rest::Tagging& tagging = backend_->state().connection->tagging();
  const std::string tag_name = Testbed::Unique("tag");
  absl::StatusOr<std::string> tag = tagging.EnsureTag("eksaTest", tag_name);
  ASSERT_THAT(tag, IsOk());
  const std::string name = Name("tagged");
  v1::CreateVmRequest request = tb_->CreateRequest(name);
  request.add_tag_ids(*tag);
  absl::StatusOr<v1::CreateVmResponse> created = Create(request);
  ASSERT_THAT(created, IsOk());
  EXPECT_THAT(
      tagging.ListAttachedTagNames({.type = "VirtualMachine", .value = created->vm().moref()}),
      ::eksa::testing::IsOkAndHolds(ElementsAre("eksaTest:" + tag_name)));

  const std::string other = Name("bad-tag");
  request = tb_->CreateRequest(other);
  request.add_tag_ids("urn:vmomi:InventoryServiceTag:00000000-0000-0000-0000-000000000000:GLOBAL");
  EXPECT_THAT(Create(request),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr("tagging " + PathOf(other)),
                             HasSubstr("attaching tag urn:vmomi:InventoryServiceTag:0000"))));
}

TEST_P(VmTest, ClusterTagsAreMadeAttachedAndListedBy) {
  const std::string cluster = Testbed::Unique("cl");
  const std::string tag = "eksaCluster:" + cluster;
  std::vector<std::string> made;
  for (const char* n : {"cp-1", "md-1"}) {
    v1::CreateVmRequest request = tb_->CreateRequest(Name(std::string(cluster) + "-" + n));
    request.set_power_on(false);
    request.add_tags(tag);
    absl::StatusOr<v1::CreateVmResponse> created = Create(request);
    ASSERT_THAT(created, IsOk());
    made.push_back(created->vm().path());
  }
  ASSERT_THAT(Create(tb_->CreateRequest(Name(cluster + "-untagged"))), IsOk());
  v1::ListVmsRequest list;
  list.set_datacenter(tb_->datacenter());
  list.set_recursive(true);
  list.add_tags(tag);
  absl::StatusOr<v1::ListVmsResponse> listed = backend_->ListVms(list, Testbed::Context());
  ASSERT_THAT(listed, IsOk());
  std::vector<std::string> paths;
  for (const v1::Vm& vm : listed->vms()) paths.push_back(vm.path());
  EXPECT_THAT(paths, ElementsAre(made[0], made[1]));

  list.add_tags("eksaCluster:" + Testbed::Unique("none"));  // no such tag: nothing matches both
  listed = backend_->ListVms(list, Testbed::Context());
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->vms(), SizeIs(0));
  list.add_tags("no-colon");
  EXPECT_THAT(backend_->ListVms(list, Testbed::Context()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "tags[2]: tag \"no-colon\" is not of the form category:name"));
  v1::CreateVmRequest bad = tb_->CreateRequest(Name(cluster + "-bad"));
  bad.add_tags("os");
  EXPECT_THAT(Create(bad), StatusIs(absl::StatusCode::kInvalidArgument,
                                    HasSubstr("tags[0]: tag \"os\" is not of the form")));
}

TEST_P(VmTest, GracefulPowerOffShutsTheGuestDown) {
  const std::string name = Name("graceful");
  ASSERT_THAT(Create(tb_->CreateRequest(name)), IsOk());
  absl::StatusOr<v1::Vm> off = PowerOff(PathOf(name), /*graceful=*/true);
  ASSERT_THAT(off, IsOk());
  EXPECT_EQ(off->power_state(), v1::POWER_STATE_POWERED_OFF);
}

TEST_P(VmTest, WaitForIpOfAVmThatIsOffEndsAtTheTimeoutNamingItsState) {
  const std::string name = Name("noip");
  v1::CreateVmRequest request = tb_->CreateRequest(name);
  request.set_power_on(false);
  ASSERT_THAT(Create(request), IsOk());
  const absl::Time start = absl::Now();
  EXPECT_THAT(WaitIp(PathOf(name), absl::Seconds(1)),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       AllOf(HasSubstr("no IP address reported for " + PathOf(name) + " after 1s"),
                             HasSubstr("power state poweredOff"))));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST_P(VmTest, MissingObjectsAreNamedWithWhereTheyWereLookedFor) {
  const std::string name = Name("missing");
  struct Case {
    std::function<void(v1::CreateVmRequest&)> edit;
    absl::StatusCode code;
    std::string message;
  };
  const Case cases[] = {
      {[](auto& r) { r.set_datacenter("NoSuchDC"); }, absl::StatusCode::kNotFound,
       "datacenter \"NoSuchDC\" not found in /"},
      {[](auto& r) { r.set_folder("no-such-folder"); }, absl::StatusCode::kNotFound,
       "folder \"no-such-folder\" not found in /DC0/vm"},
      {[](auto& r) { r.set_template_("no-such-template"); }, absl::StatusCode::kNotFound,
       "virtual machine \"no-such-template\" not found in /DC0/vm"},
      {[](auto& r) { r.set_resource_pool("no-such-pool"); }, absl::StatusCode::kNotFound,
       "resource pool \"no-such-pool\" not found in /DC0/host"},
      {[](auto& r) { r.set_resource_pool("*/Resources"); }, absl::StatusCode::kFailedPrecondition,
       "resource pool \"*/Resources\" resolves to 2 objects: /DC0/host/DC0_C0/Resources, "
       "/DC0/host/DC0_H0/Resources"},
      {[](auto& r) { r.set_datastore("no-such-ds"); }, absl::StatusCode::kNotFound,
       "datastore \"no-such-ds\" not found in /DC0/datastore"},
      {[](auto& r) { r.set_networks(0, "no-such-net"); }, absl::StatusCode::kNotFound,
       "network \"no-such-net\" not found in /DC0/network"},
      {[](auto& r) { r.set_clone_mode(v1::CLONE_MODE_LINKED); },
       absl::StatusCode::kFailedPrecondition, "has no snapshot: a linked clone needs one"},
  };
  for (const Case& c : cases) {
    v1::CreateVmRequest request = tb_->CreateRequest(name);
    c.edit(request);
    EXPECT_THAT(Create(request), StatusIs(c.code, HasSubstr(c.message))) << c.message;
  }
  EXPECT_THAT(tb_->Vms(name), SizeIs(0));
}

TEST_P(VmTest, RetryAfterAnInjectedCloneFaultMakesOneVm) {
  const std::string name = Name("clone-fault");
  const v1::CreateVmRequest request = tb_->CreateRequest(name);
  // The clone task fails as vCenter reports it (task error), once, for this VM only.
  tb_->AddFault({{"method", "CloneVM_Task"},
                 {"fault", "NoPermission"},
                 {"mode", "task"},
                 {"match", "<name>" + name + "</name>"}});
  EXPECT_THAT(
      Create(request),
      StatusIs(absl::StatusCode::kPermissionDenied,
               AllOf(HasSubstr("cloning template " + tb_->Var("SOURCE_VM") + " to " + PathOf(name)),
                     HasSubstr("NoPermission"))));
  // A proxy's 503 in front of vCenter, once.
  tb_->AddFault(
      {{"method", "CloneVM_Task"}, {"fault", "http:503"}, {"match", "<name>" + name + "</name>"}});
  EXPECT_THAT(Create(request), StatusIs(absl::StatusCode::kUnavailable));
  absl::StatusOr<v1::CreateVmResponse> retried = Create(request);
  ASSERT_THAT(retried, IsOk());
  EXPECT_TRUE(retried->created());
  EXPECT_THAT(tb_->Vms(name), SizeIs(1));
}

TEST_P(VmTest, DroppedConnectionOnPowerOnIsUnavailableThenTheRetryWorks) {
  const std::string name = Name("drop");
  v1::CreateVmRequest request = tb_->CreateRequest(name);
  request.set_power_on(false);
  absl::StatusOr<v1::CreateVmResponse> created = Create(request);
  ASSERT_THAT(created, IsOk());
  tb_->AddFault(
      {{"method", "PowerOnVM_Task"}, {"fault", "close"}, {"this", created->vm().moref()}});
  EXPECT_THAT(PowerOn(PathOf(name)),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("powering on vm " + created->vm().moref())));
  absl::StatusOr<v1::Vm> on = PowerOn(PathOf(name));
  ASSERT_THAT(on, IsOk());
  EXPECT_EQ(on->power_state(), v1::POWER_STATE_POWERED_ON);
}

TEST_P(VmTest, ADroppedReadIsSentAgainOnce) {
  const std::string name = Name("read-drop");
  // The adoption lookup loses its connection once (as when the simulator's handler panics, or
  // a load balancer drops an idle connection): the read is resent, the RPC succeeds.
  const int id = tb_->AddFault(
      {{"method", "FindChild"}, {"fault", "close"}, {"match", "<name>" + name + "</name>"}});
  absl::StatusOr<v1::CreateVmResponse> created = Create(tb_->CreateRequest(name));
  ASSERT_THAT(created, IsOk());
  EXPECT_TRUE(created->created());
  EXPECT_EQ(tb_->Fault(id).value("fired", 0), 1);
  EXPECT_THAT(tb_->Vms(name), SizeIs(1));
}

TEST_P(VmTest, ExpiredSessionIsRenewedTransparently) {
  const std::string name = Name("relogin");
  ASSERT_THAT(Create(tb_->CreateRequest("warm-" + name)).status().code(),
              ::testing::AnyOf(absl::StatusCode::kOk, absl::StatusCode::kAlreadyExists));
  cleanup_.push_back(PathOf("warm-" + name));
  absl::StatusOr<vsphere::session::Session*> session = backend_->state().connection->Session();
  ASSERT_THAT(session, IsOk());
  const int64_t logins = (*session)->login_count();
  const int id = tb_->AddFault({{"method", "FindChild"},
                                {"fault", "NotAuthenticated"},
                                {"match", "<name>" + name + "</name>"}});
  ASSERT_THAT(Create(tb_->CreateRequest(name)), IsOk());
  EXPECT_EQ(tb_->Fault(id).value("fired", 0), 1);
  EXPECT_EQ((*session)->login_count(), logins + 1);
}

TEST_P(VmTest, DeadlineAndCancellationStopBeforeSending) {
  const std::string name = Name("deadline");
  CallContext past{.deadline = absl::Now() - absl::Seconds(1)};
  EXPECT_THAT(backend_->CreateVm(tb_->CreateRequest(name), past),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("deadline exceeded")));
  CallContext cancelled{.deadline = absl::Now() + absl::Seconds(30),
                        .cancelled = [] { return true; }};
  EXPECT_THAT(backend_->CreateVm(tb_->CreateRequest(name), cancelled),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("the call was cancelled")));
  EXPECT_THAT(tb_->Vms(name), SizeIs(0));
}

TEST_P(VmTest, ListVmsRecursiveAndTemplatesAndMissingFolder) {
  v1::ListVmsRequest list;
  list.set_datacenter(tb_->datacenter());
  list.set_name_prefix("DC0_");
  list.set_recursive(true);
  absl::StatusOr<v1::ListVmsResponse> all = backend_->ListVms(list, Testbed::Context());
  ASSERT_THAT(all, IsOk());
  std::vector<std::string> names;
  for (const v1::Vm& vm : all->vms()) names.push_back(vm.path());
  EXPECT_THAT(names, ElementsAre("/DC0/vm/DC0_C0_RP0_VM0", "/DC0/vm/DC0_C0_RP0_VM1",
                                 "/DC0/vm/DC0_H0_VM0", "/DC0/vm/DC0_H0_VM1"));
  // A template is listed only when asked.
  const std::string name = Testbed::Unique("as-template");  // destroyed below, not by TearDown
  v1::CreateVmRequest request = tb_->CreateRequest(name);
  request.set_power_on(false);
  absl::StatusOr<v1::CreateVmResponse> created = Create(request);
  ASSERT_THAT(created, IsOk());
  absl::StatusOr<vsphere::session::Session*> session = backend_->state().connection->Session();
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(
      vsphere::vim::VirtualMachine(**session, (*session)->service_content().property_collector,
                                   {.type = "VirtualMachine", .value = created->vm().moref()})
          .MarkAsTemplate(),
      IsOk());
  list.set_name_prefix(name);
  list.set_recursive(true);
  absl::StatusOr<v1::ListVmsResponse> listed = backend_->ListVms(list, Testbed::Context());
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->vms(), SizeIs(0));
  list.set_include_templates(true);
  listed = backend_->ListVms(list, Testbed::Context());
  ASSERT_THAT(listed, IsOk());
  ASSERT_THAT(listed->vms(), SizeIs(1));
  EXPECT_TRUE(listed->vms(0).is_template());
  EXPECT_EQ(listed->vms(0).path(), created->vm().path());
  absl::StatusOr<vsphere::vim::Task> destroyed =
      vsphere::vim::VirtualMachine(**session, (*session)->service_content().property_collector,
                                   {.type = "VirtualMachine", .value = created->vm().moref()})
          .Destroy();
  ASSERT_THAT(destroyed, IsOk());
  EXPECT_THAT(destroyed->Wait(), IsOk());
  list.set_folder("no-such-folder");
  EXPECT_THAT(
      backend_->ListVms(list, Testbed::Context()),
      StatusIs(absl::StatusCode::kNotFound, "folder \"no-such-folder\" not found in /DC0/vm"));
}

TEST_P(VmTest, RefsThatAreNotVms) {
  v1::VmRef none;
  EXPECT_THAT(Get(none), StatusIs(absl::StatusCode::kInvalidArgument,
                                  "vm: set one of path, moref and instance_uuid"));
  EXPECT_THAT(
      Get(Testbed::Path("/DC0/vm")),
      StatusIs(absl::StatusCode::kNotFound, "\"/DC0/vm\" is a Folder, not a virtual machine"));
  absl::StatusOr<v1::DestroyVmResponse> gone = Destroy("/DC0/vm/" + Testbed::Unique("never"));
  ASSERT_THAT(gone, IsOk());
  EXPECT_FALSE(gone->existed());
}

INSTANTIATE_TEST_SUITE_P(Tls, VmTest, ::testing::Values(TlsMode::kCaFile, TlsMode::kThumbprint),
                         [](const auto& info) { return testing::TlsModeName(info.param); });

}  // namespace
}  // namespace eksa::vsphere_agent::backend
