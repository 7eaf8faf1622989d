#include "services/vsphere-agent/client/soap/fault.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/response.h"
#include "services/vsphere-agent/client/soap/testing/testdata.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::soap {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::Pair;

// The soapenv:Fault of a captured response, decoded to a status as DecodeResponse does.
absl::Status DecodeFile(const std::string& file) {
  return DecodeResponse(500, SoapTestdata(file), "FindByInventoryPath", "POST https://vc/sdk")
      .status();
}

struct Case {
  std::string file;
  absl::StatusCode code;
  std::string type;
  std::string message;
  std::vector<std::pair<std::string, std::string>> fields;
};

class SimulatorFaultTest : public ::testing::TestWithParam<Case> {};

// Every fault the brief maps, as the testbed's vCenter sends it.
TEST_P(SimulatorFaultTest, MapsToCodeWithTypeAndText) {
  const Case& c = GetParam();
  absl::Status s = DecodeFile(c.file);
  EXPECT_THAT(s, StatusIs(c.code, c.message));
  std::optional<Fault> f = FaultFromStatus(s);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->type, c.type);
  EXPECT_TRUE(IsFault(s, c.type));
  for (const auto& [k, v] : c.fields) EXPECT_THAT(f->fields, ::testing::Contains(Pair(k, v)));
}

INSTANTIATE_TEST_SUITE_P(
    Faults, SimulatorFaultTest,
    ::testing::ValuesIn(std::vector<Case>{
        {"fault_not_authenticated.xml",
         absl::StatusCode::kUnauthenticated,
         "NotAuthenticated",
         "NotAuthenticated: The session is not authenticated.",
         {{"object", "SearchIndex"}, {"privilegeId", "System.View"}}},
        {"fault_not_authenticated_vcsim.xml",
         absl::StatusCode::kUnauthenticated,
         "NotAuthenticated",
         "NotAuthenticated",
         {{"privilegeId", "System.View"}}},
        {"fault_invalid_login.xml",
         absl::StatusCode::kUnauthenticated,
         "InvalidLogin",
         "InvalidLogin: Cannot complete login due to an incorrect user name or password.",
         {}},
        {"fault_managed_object_not_found.xml",
         absl::StatusCode::kNotFound,
         "ManagedObjectNotFound",
         "ManagedObjectNotFound: The object 'vim.SearchIndex:SearchIndex' has already been "
         "deleted or has not been completely created",
         {{"obj", "SearchIndex"}}},
        {"fault_duplicate_name.xml",
         absl::StatusCode::kAlreadyExists,
         "DuplicateName",
         "DuplicateName: The name '' already exists.",
         {{"name", ""}, {"object", "SearchIndex"}}},
        {"fault_no_permission.xml",
         absl::StatusCode::kPermissionDenied,
         "NoPermission",
         "NoPermission: Permission to perform this operation was denied.",
         {{"privilegeId", "System.View"}}},
        {"fault_invalid_power_state.xml",
         absl::StatusCode::kFailedPrecondition,
         "InvalidPowerState",
         "InvalidPowerState: The attempted operation cannot be performed in the current state ().",
         {{"existingState", ""}}},
        {"fault_task_in_progress.xml",
         absl::StatusCode::kAborted,
         "TaskInProgress",
         "TaskInProgress: Another task is already in progress.",
         {{"task", "task-68"}}},
        {"fault_system_error.xml",
         absl::StatusCode::kInternal,
         "SystemError",
         "SystemError: A general system error occurred: SystemError",
         {}},
    }),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string name = info.param.file.substr(0, info.param.file.size() - 4);
      std::erase(name, '_');
      return name;
    });

// Spot checks of the mappings callers act on: re-login, not-found handling, adopting an existing
// object, retrying a busy one (the captured faults above check more end to end). Not a copy of
// fault.cc's table, which a copy would only repeat.
TEST(FaultTest, TypesCallersActOnMapToTheirCodes) {
  EXPECT_EQ(FaultTypeToCode("NotAuthenticated"), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(FaultTypeToCode("InvalidLogin"), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(FaultTypeToCode("ManagedObjectNotFound"), absl::StatusCode::kNotFound);
  EXPECT_EQ(FaultTypeToCode("DuplicateName"), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(FaultTypeToCode("TaskInProgress"), absl::StatusCode::kAborted);
}

TEST(FaultTest, UnmappedOrMissingTypeIsUnknown) {
  EXPECT_EQ(FaultTypeToCode("VmConfigFault"), absl::StatusCode::kUnknown);
  EXPECT_EQ(FaultTypeToCode("notauthenticated"), absl::StatusCode::kUnknown);  // exact names
  EXPECT_EQ(FaultTypeToCode(""), absl::StatusCode::kUnknown);
}

TEST(FaultTest, UnmappedTypeIsUnknownWithTypeAndText) {
  absl::Status s = FaultToStatus({.type = "VmConfigFault", .message = "bad config"});
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnknown, "VmConfigFault: bad config"));
  EXPECT_TRUE(IsFault(s, "VmConfigFault"));
  EXPECT_FALSE(IsFault(s, "VmConfig"));
}

TEST(FaultTest, PayloadSurvivesAnnotateAndOnlyOurStatusesCarryIt) {
  absl::Status s = Annotate(FaultToStatus({.type = "DuplicateName",
                                           .message = "The name 'web-0' already exists.",
                                           .fields = {{"name", "web-0"}, {"object", "vm-63"}}}),
                            "cloning web-0");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists,
                          "cloning web-0: DuplicateName: The name 'web-0' already exists."));
  std::optional<Fault> f = FaultFromStatus(s);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->type, "DuplicateName");
  EXPECT_EQ(f->message, "The name 'web-0' already exists.");
  EXPECT_THAT(f->fields, ElementsAre(Pair("name", "web-0"), Pair("object", "vm-63")));
  EXPECT_EQ(FaultFromStatus(absl::NotFoundError("x")), std::nullopt);
  EXPECT_FALSE(IsFault(absl::UnauthenticatedError("NotAuthenticated"), "NotAuthenticated"));
}

TEST(FaultTest, DetailWithoutXsiTypeUsesElementNameAndPrefixVariants) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<e:Fault xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><faultcode>x</faultcode>"
      "<faultstring>gone</faultstring><detail><ManagedObjectNotFoundFault xmlns=\"urn:vim25\">"
      "<obj type=\"VirtualMachine\">vm-9</obj></ManagedObjectNotFoundFault></detail></e:Fault>"));
  absl::StatusOr<Fault> f = ParseSoapFault(doc.document_element());
  ASSERT_THAT(f, IsOk());
  EXPECT_EQ(f->type, "ManagedObjectNotFound");
  EXPECT_EQ(f->message, "gone");
  EXPECT_THAT(f->fields, ElementsAre(Pair("obj", "vm-9")));

  pugi::xml_document typed;
  ASSERT_TRUE(typed.load_string(
      "<soapenv:Fault xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:XMLSchema-instance=\"http://www.w3.org/2001/XMLSchema-instance\">"
      "<faultstring>x</faultstring><detail><Whatever XMLSchema-instance:type=\"NoPermission\">"
      "<privilegeId>VirtualMachine.Provisioning.Clone</privilegeId><nested><a>1</a></nested>"
      "</Whatever></detail></soapenv:Fault>"));
  f = ParseSoapFault(typed.document_element());
  ASSERT_THAT(f, IsOk());
  EXPECT_EQ(f->type, "NoPermission");
  EXPECT_THAT(f->fields, ElementsAre(Pair("privilegeId", "VirtualMachine.Provisioning.Clone")));
}

TEST(FaultTest, UntypedFaultIsUnknown) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<soapenv:Fault xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
      "<faultcode>soapenv:Client</faultcode><faultstring>Unable to parse body</faultstring>"
      "</soapenv:Fault>"));
  absl::StatusOr<Fault> f = ParseSoapFault(doc.document_element());
  ASSERT_THAT(f, IsOk());
  EXPECT_THAT(FaultToStatus(*f),
              StatusIs(absl::StatusCode::kUnknown, "untyped SOAP fault: Unable to parse body"));
}

TEST(FaultTest, ParseSoapFaultRejectsOtherElements) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<Fault xmlns=\"urn:vim25\"/>"));
  EXPECT_THAT(ParseSoapFault(doc.document_element()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("not a soapenv:Fault")));
}

// A task's info.error as RetrievePropertiesEx returns it (vcsim's XMLSchema-instance: prefix).
TEST(LocalizedMethodFaultTest, DecodesTaskErrorFromSimulator) {
  absl::StatusOr<Response> r =
      Response::Parse(SoapTestdata("retrieve_properties_task_error.xml"), "RetrievePropertiesEx");
  ASSERT_THAT(r, IsOk());
  pugi::xml_node error_val;
  for (pugi::xml_node prop : Children(Child(r->returnval(), "objects"), "propSet")) {
    if (ChildText(prop, "name") == "info.error") error_val = Child(prop, "val");
  }
  ASSERT_TRUE(error_val);
  EXPECT_EQ(XsiType(error_val), "LocalizedMethodFault");
  absl::StatusOr<Fault> f = ParseLocalizedMethodFault(error_val);
  ASSERT_THAT(f, IsOk());
  EXPECT_EQ(f->type, "InvalidPowerState");
  EXPECT_THAT(f->fields,
              ElementsAre(Pair("existingState", "poweredOn"), Pair("requestedState", "poweredOn")));
  EXPECT_THAT(FaultToStatus(*f),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "InvalidPowerState: The attempted operation cannot be performed in the "
                       "current state (Powered on)."));
}

TEST(LocalizedMethodFaultTest, TaskInfoErrorWithXsiPrefix) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<info xmlns=\"urn:vim25\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
      "<state>error</state><error><fault xsi:type=\"DuplicateName\"><name>web-0</name>"
      "<object type=\"VirtualMachine\">vm-71</object></fault>"
      "<localizedMessage>The name 'web-0' already exists.</localizedMessage></error></info>"));
  absl::StatusOr<Fault> f = ParseLocalizedMethodFault(Child(doc.document_element(), "error"));
  ASSERT_THAT(f, IsOk());
  absl::Status s = FaultToStatus(*f);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists,
                          "DuplicateName: The name 'web-0' already exists."));
  EXPECT_THAT(
      FaultFromStatus(s),
      Optional(::testing::Field(&Fault::fields, ::testing::Contains(Pair("object", "vm-71")))));
}

TEST(LocalizedMethodFaultTest, NoFaultChildIsInternal) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<error><localizedMessage>x</localizedMessage></error>"));
  EXPECT_THAT(ParseLocalizedMethodFault(doc.document_element()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no fault element")));
}

}  // namespace
}  // namespace eksa::vsphere::soap
