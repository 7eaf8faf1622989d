#include "services/vsphere-agent/client/soap/xml_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <utility>

#include "services/vsphere-agent/client/soap/envelope.h"
#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::soap {
namespace {

TEST(EscapeXmlTest, EscapesMarkupAndControls) {
  EXPECT_EQ(EscapeXml("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(EscapeXml("tab\tnl\ncr\r"), "tab&#9;nl&#10;cr&#13;");
  EXPECT_EQ(EscapeXml(std::string("nul\0bell\x07", 9)),
            "nul\xEF\xBF\xBD"
            "bell\xEF\xBF\xBD");
  EXPECT_EQ(EscapeXml("päss wörd ✓"), "päss wörd ✓");
}

TEST(XmlWriterTest, WritesMethodBodies) {
  XmlWriter w;
  w.This({.type = "VirtualMachine", .value = "vm-63"})
      .Ref("folder", {.type = "Folder", .value = "group-v3"})
      .Element("name", "web <0>")
      .Open("spec")
      .Open("config")
      .Open("extraConfig")
      .Element("key", "guestinfo.userdata")
      .TypedElement("value", "xsd:string", "e30=")
      .Close()
      .Close()
      .Element("powerOn", false)
      .Element("numCPUs", 4)
      .Element("memoryMB", int64_t{8192})
      .Close();
  EXPECT_EQ(w.depth(), 0);
  EXPECT_EQ(w.str(),
            "<_this type=\"VirtualMachine\">vm-63</_this>"
            "<folder type=\"Folder\">group-v3</folder>"
            "<name>web &lt;0&gt;</name>"
            "<spec><config><extraConfig><key>guestinfo.userdata</key>"
            "<value xsi:type=\"xsd:string\">e30=</value></extraConfig></config>"
            "<powerOn>false</powerOn><numCPUs>4</numCPUs><memoryMB>8192</memoryMB></spec>");
}

TEST(XmlWriterTest, OpenWithTypeRawAndFinishClosesEverything) {
  XmlWriter w;
  w.Open("spec", "VirtualMachineConfigSpec").Open("a").Raw("<b>1</b>");
  EXPECT_EQ(w.depth(), 2);
  EXPECT_EQ(std::move(w).Finish(),
            "<spec xsi:type=\"VirtualMachineConfigSpec\"><a><b>1</b></a></spec>");
  XmlWriter empty;
  empty.Close();  // closing nothing is a no-op
  EXPECT_EQ(empty.str(), "");
}

// What the writer produces reads back, with the escaping undone, inside a real envelope.
TEST(XmlWriterTest, RoundTripsThroughTheEnvelope) {
  const std::string password = "p&ss<w>rd\"'\t";
  XmlWriter w;
  w.This({.type = "SessionManager", .value = "SessionManager"})
      .Element("userName", "administrator@vsphere.local")
      .Element("password", password);
  pugi::xml_document doc;
  const std::string xml = BuildEnvelope("Login", w.str());
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  pugi::xml_node login = Child(Child(doc.document_element(), "Body"), "Login");
  EXPECT_EQ(ChildText(login, "password"), password);
  EXPECT_EQ(Child(login, "_this").attribute("type").value(), std::string("SessionManager"));
}

}  // namespace
}  // namespace eksa::vsphere::soap
