// Checks the conventions of eksa's service protos (protos/eksa/<service>/v1/), on the compiled
// descriptors the services link and on a descriptor set that keeps the comments:
// - each file holds one service, named eksa.<svc>.v1.<Name>Service, with the RPCs of
//   docs/ARCHITECTURE.md §5;
// - every mutating request has a string `request_id` (the rule is IsReadOnly below);
// - requests are <Rpc>Request, unary responses <Rpc>Response;
// - every enum's zero value is <ENUM_NAME>_UNSPECIFIED and every value carries that prefix;
// - field names are snake_case;
// - the file, and every service, RPC, message, field, oneof, enum and enum value, has a comment.
// It also compiles the generated gMock stubs the planner's agent-client tests use.
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "eksa/bootstrap/v1/bootstrap_agent.grpc.pb.h"
#include "eksa/bootstrap/v1/bootstrap_agent_mock.grpc.pb.h"
#include "eksa/gitops/v1/gitops_agent.grpc.pb.h"
#include "eksa/gitops/v1/gitops_agent_mock.grpc.pb.h"
#include "eksa/planner/v1/planner.grpc.pb.h"
#include "eksa/planner/v1/planner_mock.grpc.pb.h"
#include "eksa/vsphere/v1/vsphere_agent.grpc.pb.h"
#include "eksa/vsphere/v1/vsphere_agent_mock.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "gtest/gtest.h"

namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::DescriptorPool;
using ::google::protobuf::EnumDescriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::FileDescriptor;
using ::google::protobuf::MethodDescriptor;
using ::google::protobuf::ServiceDescriptor;
using ::google::protobuf::SourceLocation;
using ::testing::ElementsAreArray;

// The rule for which RPCs must carry request_id. An RPC is read-only, and needs none, when its
// name starts with Get, List, Watch, Check, Validate, Plan or Wait (they only observe: WaitForIp
// and WaitFor block until something is true, they change nothing), or when it is Heartbeat (a
// last-writer-wins report, not an action to deduplicate). Every other RPC is mutating and its
// request has a string request_id, the idempotency key.
bool IsReadOnly(std::string_view method) {
  for (std::string_view prefix : {"Get", "List", "Watch", "Check", "Validate", "Plan", "Wait"}) {
    if (method.substr(0, prefix.size()) == prefix) return true;
  }
  return method == "Heartbeat";
}

// Read-only by name but with side effects, so they carry request_id too: CheckMachineConfig may
// create the VM folder, as EKS-A's GetFolderPath does.
const std::set<std::string> kReadOnlyWithRequestId = {"CheckMachineConfig"};

// Server-streaming RPCs stream a domain message rather than <Rpc>Response.
const std::set<std::string> kStreamingRpcs = {"WatchOperation", "WatchRepository"};

struct ServiceCase {
  std::string svc;                   // eksa.<svc>.v1
  std::string name;                  // <Name>Service
  const FileDescriptor* file;        // from the compiled (linked) descriptors
  std::string full_name_from_stub;   // what the generated gRPC class says
  std::vector<std::string> methods;  // docs/ARCHITECTURE.md §5, in order
};

std::vector<ServiceCase> Services() {
  namespace planner = eksa::planner::v1;
  namespace vsphere = eksa::vsphere::v1;
  namespace bootstrap = eksa::bootstrap::v1;
  namespace gitops = eksa::gitops::v1;
  return {
      {"planner",
       "PlannerService",
       planner::Event::descriptor()->file(),
       planner::PlannerService::service_full_name(),
       {"ValidateCluster", "PlanOperation", "StartOperation", "WatchOperation", "GetOperation",
        "ListOperations", "CancelOperation", "ResumeOperation", "GetArtifacts", "RegisterAgent",
        "Heartbeat"}},
      {"vsphere",
       "VSphereAgentService",
       vsphere::Vm::descriptor()->file(),
       vsphere::VSphereAgentService::service_full_name(),
       {"CheckVCenter", "CheckMachineConfig", "CheckCapacity", "EnsureTemplate", "CreateVm",
        "PowerOnVm", "PowerOffVm", "WaitForIp", "DestroyVm", "GetVm", "ListVms"}},
      {"bootstrap",
       "BootstrapAgentService",
       bootstrap::ClusterTarget::descriptor()->file(),
       bootstrap::BootstrapAgentService::service_full_name(),
       {"CreateBootstrapCluster", "InstallProviders", "ApplyManifests", "WaitFor", "MoveManagement",
        "DeleteBootstrapCluster", "GetBootstrapCluster", "DrainNode", "CollectSupportBundle"}},
      {"gitops",
       "GitOpsAgentService",
       gitops::Provider::descriptor()->file(),
       gitops::GitOpsAgentService::service_full_name(),
       {"CheckAccess", "EnsureRepository", "CommitClusterConfig", "InstallFlux", "WatchRepository",
        "RemoveClusterConfig"}},
  };
}

TEST(ProtoTest, EachFileHasOneServiceNamedByPackage) {
  for (const ServiceCase& c : Services()) {
    SCOPED_TRACE(c.svc);
    const std::string package = "eksa." + c.svc + ".v1";
    EXPECT_EQ(c.file->package(), package);
    EXPECT_EQ(c.file->syntax(), FileDescriptor::SYNTAX_PROTO3);
    ASSERT_EQ(c.file->service_count(), 1);
    EXPECT_EQ(c.file->service(0)->full_name(), package + "." + c.name);
    EXPECT_EQ(c.full_name_from_stub, package + "." + c.name);
  }
}

TEST(ProtoTest, ServicesHaveTheArchitectureRpcs) {
  for (const ServiceCase& c : Services()) {
    SCOPED_TRACE(c.svc);
    const ServiceDescriptor* service = c.file->service(0);
    std::vector<std::string> names;
    for (int i = 0; i < service->method_count(); ++i) names.push_back(service->method(i)->name());
    EXPECT_THAT(names, ElementsAreArray(c.methods));
  }
}

TEST(ProtoTest, MutatingRequestsCarryRequestId) {
  int mutating = 0;
  for (const ServiceCase& c : Services()) {
    const ServiceDescriptor* service = c.file->service(0);
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* m = service->method(i);
      SCOPED_TRACE(m->full_name());
      const FieldDescriptor* id = m->input_type()->FindFieldByName("request_id");
      const bool needs_id = !IsReadOnly(m->name()) || kReadOnlyWithRequestId.count(m->name()) > 0;
      if (!needs_id) {
        // Keeps the rule honest: a read-only request with a request_id suggests a retry would
        // be deduplicated, which it is not.
        EXPECT_EQ(id, nullptr) << "read-only request has request_id; extend the rule instead";
        continue;
      }
      ++mutating;
      ASSERT_NE(id, nullptr) << m->input_type()->full_name() << " has no request_id";
      EXPECT_EQ(id->type(), FieldDescriptor::TYPE_STRING);
      EXPECT_EQ(id->number(), 1) << "request_id comes first in every mutating request";
      EXPECT_EQ(id->containing_oneof(), nullptr);
    }
  }
  // Start/Cancel/Resume/RegisterAgent, EnsureTemplate/CreateVm/PowerOn/PowerOff/DestroyVm,
  // seven bootstrap (with DrainNode and CollectSupportBundle), four gitops, and
  // CheckMachineConfig.
  EXPECT_EQ(mutating, 4 + 5 + 7 + 4 + 1);
}

TEST(ProtoTest, RequestAndResponseNamesFollowTheRpc) {
  for (const ServiceCase& c : Services()) {
    const ServiceDescriptor* service = c.file->service(0);
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* m = service->method(i);
      SCOPED_TRACE(m->full_name());
      EXPECT_FALSE(m->client_streaming());
      EXPECT_EQ(m->input_type()->full_name(), c.file->package() + "." + m->name() + "Request");
      EXPECT_EQ(m->server_streaming(), kStreamingRpcs.count(m->name()) > 0);
      if (!m->server_streaming()) {
        EXPECT_EQ(m->output_type()->full_name(), c.file->package() + "." + m->name() + "Response");
      }
    }
  }
}

// "OperationState" -> "OPERATION_STATE".
std::string UpperSnake(std::string_view camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    const char ch = camel[i];
    const bool upper = ch >= 'A' && ch <= 'Z';
    const bool prev_lower = i > 0 && !(camel[i - 1] >= 'A' && camel[i - 1] <= 'Z');
    const bool next_lower = i + 1 < camel.size() && camel[i + 1] >= 'a' && camel[i + 1] <= 'z';
    // A new word starts at an upper-case letter after a lower-case one, or at the last capital
    // of an acronym ("VCenter" -> "V_CENTER").
    if (upper && i > 0 && (prev_lower || next_lower)) out += '_';
    out += upper ? ch : static_cast<char>(ch - ('a' <= ch && ch <= 'z' ? 'a' - 'A' : 0));
  }
  return out;
}

TEST(ProtoTest, UpperSnake) {
  EXPECT_EQ(UpperSnake("OperationState"), "OPERATION_STATE");
  EXPECT_EQ(UpperSnake("OsFamily"), "OS_FAMILY");
  EXPECT_EQ(UpperSnake("SshKeyAlgorithm"), "SSH_KEY_ALGORITHM");
  EXPECT_EQ(UpperSnake("VCenterState"), "V_CENTER_STATE");
}

void CheckEnum(const EnumDescriptor* e) {
  SCOPED_TRACE(e->full_name());
  const std::string prefix = UpperSnake(e->name()) + "_";
  ASSERT_GT(e->value_count(), 0);
  EXPECT_EQ(e->value(0)->number(), 0);
  EXPECT_EQ(e->value(0)->name(), prefix + "UNSPECIFIED");
  for (int i = 0; i < e->value_count(); ++i) {
    EXPECT_EQ(e->value(i)->name().rfind(prefix, 0), 0u) << e->value(i)->name();
  }
}

bool IsSnakeCase(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  for (char ch : name) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  }
  return true;
}

void CheckMessage(const Descriptor* d) {
  SCOPED_TRACE(d->full_name());
  for (int i = 0; i < d->field_count(); ++i) {
    EXPECT_TRUE(IsSnakeCase(d->field(i)->name())) << d->field(i)->name();
  }
  for (int i = 0; i < d->enum_type_count(); ++i) CheckEnum(d->enum_type(i));
  for (int i = 0; i < d->nested_type_count(); ++i) {
    if (!d->nested_type(i)->options().map_entry()) CheckMessage(d->nested_type(i));
  }
}

TEST(ProtoTest, EnumsHaveUnspecifiedZeroAndFieldsAreSnakeCase) {
  std::vector<const FileDescriptor*> files;
  for (const ServiceCase& c : Services()) files.push_back(c.file);
  files.push_back(eksa::common::v1::CheckResult::descriptor()->file());
  for (const FileDescriptor* f : files) {
    SCOPED_TRACE(f->name());
    for (int i = 0; i < f->enum_type_count(); ++i) CheckEnum(f->enum_type(i));
    for (int i = 0; i < f->message_type_count(); ++i) CheckMessage(f->message_type(i));
  }
}

// ---- comments, from the descriptor set written with --include_source_info ----

bool HasComment(const SourceLocation& loc) {
  return loc.leading_comments.find_first_not_of(" \n") != std::string::npos;
}

template <typename T>
void ExpectCommented(const T* element, std::vector<std::string>& missing) {
  SourceLocation loc;
  if (!element->GetSourceLocation(&loc) || !HasComment(loc))
    missing.push_back(element->full_name());
}

void CollectUncommented(const Descriptor* d, std::vector<std::string>& missing) {
  if (d->options().map_entry()) return;
  ExpectCommented(d, missing);
  for (int i = 0; i < d->field_count(); ++i) ExpectCommented(d->field(i), missing);
  for (int i = 0; i < d->oneof_decl_count(); ++i) ExpectCommented(d->oneof_decl(i), missing);
  for (int i = 0; i < d->nested_type_count(); ++i) CollectUncommented(d->nested_type(i), missing);
  for (int i = 0; i < d->enum_type_count(); ++i) {
    ExpectCommented(d->enum_type(i), missing);
    for (int j = 0; j < d->enum_type(i)->value_count(); ++j) {
      ExpectCommented(d->enum_type(i)->value(j), missing);
    }
  }
}

TEST(ProtoTest, EverythingIsCommented) {
  google::protobuf::FileDescriptorSet set;
  std::ifstream in(EKSA_PROTO_DESCRIPTOR_SET, std::ios::binary);
  ASSERT_TRUE(in) << "cannot open " << EKSA_PROTO_DESCRIPTOR_SET;
  ASSERT_TRUE(set.ParseFromIstream(&in));

  DescriptorPool pool;
  int eksa_files = 0;
  std::vector<std::string> missing;
  for (const google::protobuf::FileDescriptorProto& proto : set.file()) {
    const FileDescriptor* f = pool.BuildFile(proto);  // imports come first in the set
    ASSERT_NE(f, nullptr) << proto.name();
    if (f->package().rfind("eksa.", 0) != 0) continue;
    ++eksa_files;
    // The file comment sits on the syntax statement (path [12] in SourceCodeInfo).
    bool file_comment = false;
    for (const auto& loc : proto.source_code_info().location()) {
      if (loc.path_size() == 1 && loc.path(0) == 12 &&
          loc.leading_comments().find_first_not_of(" \n") != std::string::npos) {
        file_comment = true;
      }
    }
    if (!file_comment) missing.push_back(f->name() + " (file comment)");
    for (int i = 0; i < f->service_count(); ++i) {
      ExpectCommented(f->service(i), missing);
      for (int j = 0; j < f->service(i)->method_count(); ++j) {
        ExpectCommented(f->service(i)->method(j), missing);
      }
    }
    for (int i = 0; i < f->message_type_count(); ++i) {
      CollectUncommented(f->message_type(i), missing);
    }
    for (int i = 0; i < f->enum_type_count(); ++i) {
      ExpectCommented(f->enum_type(i), missing);
      for (int j = 0; j < f->enum_type(i)->value_count(); ++j) {
        ExpectCommented(f->enum_type(i)->value(j), missing);
      }
    }
  }
  EXPECT_EQ(eksa_files, 5);
  EXPECT_THAT(missing, ::testing::IsEmpty());
}

// The generated mock stubs compile and can stand in for an agent: what the planner's
// agent-client tests do.
TEST(ProtoTest, MockStubStandsInForAnAgent) {
  namespace vsphere = eksa::vsphere::v1;
  vsphere::MockVSphereAgentServiceStub stub;
  vsphere::CreateVmResponse canned;
  canned.mutable_vm()->set_moref("vm-42");
  canned.set_created(true);
  EXPECT_CALL(stub, CreateVm(::testing::_, ::testing::_, ::testing::_))
      .WillOnce(::testing::DoAll(::testing::SetArgPointee<2>(canned),
                                 ::testing::Return(grpc::Status::OK)));

  vsphere::VSphereAgentService::StubInterface& agent = stub;
  grpc::ClientContext context;
  vsphere::CreateVmRequest request;
  request.set_request_id("op-1/create-vm[md-0-1]");
  request.set_clone_mode(vsphere::CLONE_MODE_FULL);
  vsphere::CreateVmResponse response;
  ASSERT_TRUE(agent.CreateVm(&context, request, &response).ok());
  EXPECT_EQ(response.vm().moref(), "vm-42");
  EXPECT_TRUE(response.created());
}

}  // namespace
