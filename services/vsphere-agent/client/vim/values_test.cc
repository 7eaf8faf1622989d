#include "services/vsphere-agent/client/vim/values.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/vim/object_content.h"
#include "services/vsphere-agent/client/vim/testing/fake_vcenter.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::vim {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using soap::MoRef;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ParseFixture;

// The properties of the captured VM (retrieve_vm_properties.xml), by path.
class VmValues : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<RetrieveResult> r = ParseRetrieveResult(response_.returnval());
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->objects.size(), 1u);
    vm_ = r->objects[0];
  }
  pugi::xml_node Val(std::string_view path) { return vm_.Get(path); }

  soap::Response response_ = ParseFixture("retrieve_vm_properties.xml", "RetrievePropertiesEx");
  ObjectContent vm_;
};

TEST_F(VmValues, DecodesScalars) {
  EXPECT_THAT(DecodeString(Val("name")), IsOkAndHolds("cap-vm"));
  EXPECT_THAT(DecodeString(Val("runtime.powerState")), IsOkAndHolds("poweredOn"));
  EXPECT_THAT(DecodeInt(Val("config.hardware.numCPU")), IsOkAndHolds(1));
  EXPECT_THAT(DecodeInt(Val("config.hardware.memoryMB")), IsOkAndHolds(32));
  EXPECT_THAT(DecodeBool(Val("config.template")), IsOkAndHolds(false));
  EXPECT_THAT(DecodeMoRef(Val("parent")), IsOkAndHolds(MoRef{"Folder", "folder-3"}));
}

TEST_F(VmValues, DecodesExtraConfigTakingTheLastOccurrence) {
  absl::StatusOr<std::vector<OptionValue>> options = DecodeOptionValues(Val("config.extraConfig"));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(FindOption(*options, "guestinfo.userdata"), "I2Nsb3VkLWNvbmZpZwo=");
  EXPECT_EQ(FindOption(*options, "guestinfo.userdata.encoding"), "base64");
  EXPECT_EQ(FindOption(*options, "missing"), std::nullopt);
  options->push_back({"guestinfo.userdata.encoding", "gzip+base64"});
  EXPECT_EQ(FindOption(*options, "guestinfo.userdata.encoding"), "gzip+base64");
}

TEST_F(VmValues, RejectsAValueOfAnotherType) {
  EXPECT_THAT(DecodeInt(Val("name")),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("unexpected type string")));
  EXPECT_THAT(DecodeMoRef(Val("config.hardware.numCPU")),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("unexpected type int")));
  EXPECT_THAT(DecodeString(Val("absent")), StatusIs(absl::StatusCode::kInternal));
}

TEST(ValuesTest, DecodesArrayOfManagedObjectReference) {
  soap::Response r = ParseFixture("retrieve_folder_children.xml", "RetrievePropertiesEx");
  absl::StatusOr<RetrieveResult> result = ParseRetrieveResult(r.returnval());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(DecodeMoRefArray(result->objects[0].Get("childEntity")),
              IsOkAndHolds(
                  ElementsAre(MoRef{"VirtualMachine", "vm-57"}, MoRef{"VirtualMachine", "vm-60"},
                              MoRef{"VirtualMachine", "vm-63"}, MoRef{"VirtualMachine", "vm-66"})));
}

TEST(ValuesTest, DecodesXsiPrefixedValuesLikeRealVcenter) {
  // Real vCenter writes `xsi:type` (the simulator `XMLSchema-instance:type`).
  pugi::xml_document doc;
  ASSERT_TRUE(
      doc.load_string("<r xmlns='urn:vim25' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
                      "xmlns:xsd='http://www.w3.org/2001/XMLSchema'>"
                      "<a xsi:type='xsd:long'>270553174016</a><b xsi:type='xsd:boolean'>1</b>"
                      "<c xsi:type='ArrayOfString'><string>x</string><string>y</string></c>"
                      "<d xsi:type='xsd:int'>12x</d></r>"));
  pugi::xml_node r = doc.first_child();
  EXPECT_THAT(DecodeInt(r.child("a")), IsOkAndHolds(270553174016));
  EXPECT_THAT(DecodeBool(r.child("b")), IsOkAndHolds(true));
  EXPECT_THAT(DecodeStringArray(r.child("c")), IsOkAndHolds(ElementsAre("x", "y")));
  EXPECT_THAT(DecodeInt(r.child("d")),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("not an integer: \"12x\"")));
}

TEST(ValuesTest, ChildHelpersUseTheFallbackWhenAbsent) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<r><n>7</n><b>false</b></r>"));
  EXPECT_THAT(ChildInt(doc.first_child(), "n"), IsOkAndHolds(7));
  EXPECT_THAT(ChildInt(doc.first_child(), "m", -1), IsOkAndHolds(-1));
  EXPECT_THAT(ChildBool(doc.first_child(), "b", true), IsOkAndHolds(false));
  EXPECT_THAT(ChildBool(doc.first_child(), "c", true), IsOkAndHolds(true));
}

}  // namespace
}  // namespace eksa::vsphere::vim
