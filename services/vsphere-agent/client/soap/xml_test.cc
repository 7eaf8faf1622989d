#include "services/vsphere-agent/client/soap/xml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace eksa::vsphere::soap {
namespace {

using ::testing::ElementsAre;
using ::testing::ResultOf;

pugi::xml_node Load(pugi::xml_document& doc, const std::string& xml) {
  EXPECT_TRUE(doc.load_string(xml.c_str()));
  return doc.document_element();
}

TEST(XmlTest, NamesAndNamespacesByUri) {
  pugi::xml_document doc;
  pugi::xml_node env =
      Load(doc,
           "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\">"
           "<S:Body><R xmlns=\"urn:vim25\"><returnval/></R></S:Body></S:Envelope>");
  EXPECT_EQ(LocalName(env), "Envelope");
  EXPECT_EQ(NamespaceUri(env), kSoapEnvelopeNs);
  EXPECT_TRUE(IsElement(env, kSoapEnvelopeNs, "Envelope"));
  pugi::xml_node body = Child(env, "Body");
  EXPECT_TRUE(IsElement(body, kSoapEnvelopeNs, "Body"));
  pugi::xml_node r = Child(body, "R");
  EXPECT_EQ(NamespaceUri(r), kVim25Ns);
  EXPECT_EQ(NamespaceUri(Child(r, "returnval")), kVim25Ns);  // inherited default namespace
  EXPECT_FALSE(IsElement(r, kSoapEnvelopeNs, "R"));
  EXPECT_EQ(LookupNamespace(r, "xml"), "http://www.w3.org/XML/1998/namespace");
  EXPECT_EQ(LookupNamespace(r, "nope"), "");
}

TEST(XmlTest, PrefixRedeclaredInnerWins) {
  pugi::xml_document doc;
  pugi::xml_node root =
      Load(doc, "<a:x xmlns:a=\"urn:one\"><a:y xmlns:a=\"urn:two\"/><a:z/></a:x>");
  EXPECT_EQ(NamespaceUri(Child(root, "y")), "urn:two");
  EXPECT_EQ(NamespaceUri(Child(root, "z")), "urn:one");
}

// vCenter writes xsi:type, vcsim XMLSchema-instance:type: both are the same attribute.
TEST(XmlTest, XsiTypeWhateverThePrefix) {
  pugi::xml_document doc;
  pugi::xml_node root =
      Load(doc,
           "<r xmlns=\"urn:vim25\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
           "<a xsi:type=\"ArrayOfOptionValue\"/>"
           "<b xmlns:XMLSchema-instance=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "XMLSchema-instance:type=\"LocalizedMethodFault\"/>"
           "<c xmlns:q=\"http://www.w3.org/2001/XMLSchema-instance\" q:type=\"xsd:string\"/>"
           "<d xmlns:xsi=\"urn:not-xsi\" xsi:type=\"Nope\"/>"
           "<e type=\"VirtualMachine\">vm-1</e>"
           "<f/></r>");
  EXPECT_EQ(XsiType(Child(root, "a")), "ArrayOfOptionValue");
  EXPECT_EQ(XsiType(Child(root, "b")), "LocalizedMethodFault");
  EXPECT_EQ(XsiType(Child(root, "c")), "string");
  EXPECT_EQ(XsiType(Child(root, "d")), "");  // prefix bound to another URI
  EXPECT_EQ(XsiType(Child(root, "e")), "");  // a MoRef's unqualified `type`
  EXPECT_EQ(XsiType(Child(root, "f")), "");
}

TEST(XmlTest, ChildrenAndText) {
  pugi::xml_document doc;
  pugi::xml_node root = Load(doc,
                             "<r><v>1</v><w>x &amp; &lt;y&gt;</w><v>2</v><v/>"
                             "<c><![CDATA[<raw>]]></c></r>");
  EXPECT_THAT(Children(root, "v"),
              ElementsAre(ResultOf(Text, "1"), ResultOf(Text, "2"), ResultOf(Text, "")));
  EXPECT_EQ(ChildText(root, "w"), "x & <y>");
  EXPECT_EQ(ChildText(root, "c"), "<raw>");
  EXPECT_EQ(ChildText(root, "missing"), "");
  EXPECT_FALSE(Child(root, "missing"));
  EXPECT_THAT(Children(root, "missing"), ElementsAre());
}

}  // namespace
}  // namespace eksa::vsphere::soap
