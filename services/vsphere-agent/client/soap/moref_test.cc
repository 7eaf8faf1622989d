#include "services/vsphere-agent/client/soap/moref.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::soap {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;

TEST(MoRefTest, ParsesTypeAndOpaqueValue) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<r><returnval type=\"Datastore\">/tmp/govcsim-DC0-LocalDS_0-1@folder-5</returnval>"
      "<pc type=\"PropertyCollector\">session[52a]52b</pc><bad>vm-1</bad><empty type=\"X\"/></r>"));
  pugi::xml_node r = doc.document_element();
  EXPECT_THAT(
      ParseMoRef(r.child("returnval")),
      IsOkAndHolds(MoRef{.type = "Datastore", .value = "/tmp/govcsim-DC0-LocalDS_0-1@folder-5"}));
  EXPECT_THAT(ParseOptionalMoRef(r, "pc"),
              IsOkAndHolds(MoRef{.type = "PropertyCollector", .value = "session[52a]52b"}));
  EXPECT_THAT(ParseOptionalMoRef(r, "absent"), IsOkAndHolds(MoRef{}));
  EXPECT_THAT(
      ParseMoRef(r.child("bad")),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("malformed ManagedObjectReference <bad>")));
  EXPECT_THAT(ParseOptionalMoRef(r, "empty"), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseMoRef(r.child("absent")), StatusIs(absl::StatusCode::kInternal));
}

TEST(MoRefTest, ValueSemantics) {
  const MoRef vm{.type = "VirtualMachine", .value = "vm-63"};
  EXPECT_EQ(vm.ToString(), "VirtualMachine:vm-63");
  EXPECT_FALSE(vm.empty());
  EXPECT_TRUE(MoRef{}.empty());
  EXPECT_EQ(vm, (MoRef{.type = "VirtualMachine", .value = "vm-63"}));
  EXPECT_NE(vm, (MoRef{.type = "VirtualMachine", .value = "vm-64"}));
  EXPECT_LT(vm, (MoRef{.type = "VirtualMachine", .value = "vm-64"}));
}

}  // namespace
}  // namespace eksa::vsphere::soap
