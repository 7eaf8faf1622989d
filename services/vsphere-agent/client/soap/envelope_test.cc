#include "services/vsphere-agent/client/soap/envelope.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::soap {
namespace {

TEST(EnvelopeTest, Shape) {
  EXPECT_EQ(BuildEnvelope("Logout", "<_this type=\"SessionManager\">SessionManager</_this>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            "<soapenv:Body><Logout xmlns=\"urn:vim25\">"
            "<_this type=\"SessionManager\">SessionManager</_this>"
            "</Logout></soapenv:Body></soapenv:Envelope>");
  EXPECT_EQ(kDefaultSoapAction, "urn:vim25/6.5");
}

TEST(EnvelopeTest, MethodElementIsInVim25AndTypedValuesResolve) {
  const std::string xml =
      BuildEnvelope("ReconfigVM_Task", "<spec><v xsi:type=\"xsd:string\">x</v></spec>");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  pugi::xml_node env = doc.document_element();
  ASSERT_TRUE(IsElement(env, kSoapEnvelopeNs, "Envelope"));
  pugi::xml_node method = Child(Child(env, "Body"), "ReconfigVM_Task");
  EXPECT_TRUE(IsElement(method, kVim25Ns, "ReconfigVM_Task"));
  EXPECT_EQ(XsiType(Child(Child(method, "spec"), "v")), "string");
}

TEST(EnvelopeTest, OtherNamespaceAndHeader) {
  EXPECT_EQ(BuildEnvelope("PbmQueryProfile", "<x/>", "urn:pbm",
                          "<vcSessionCookie>52c1</vcSessionCookie>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            "<soapenv:Header><vcSessionCookie>52c1</vcSessionCookie></soapenv:Header>"
            "<soapenv:Body><PbmQueryProfile xmlns=\"urn:pbm\"><x/></PbmQueryProfile>"
            "</soapenv:Body></soapenv:Envelope>");
  // No header: no Header element; vim25 without a header is the two-argument form exactly.
  EXPECT_EQ(BuildEnvelope("PbmQueryProfile", "<x/>", "urn:pbm", ""),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            "<soapenv:Body><PbmQueryProfile xmlns=\"urn:pbm\"><x/></PbmQueryProfile>"
            "</soapenv:Body></soapenv:Envelope>");
  EXPECT_EQ(BuildEnvelope("Logout", "<y/>", "urn:vim25", ""), BuildEnvelope("Logout", "<y/>"));
}

TEST(EnvelopeTest, HeaderAndMethodResolveByNamespace) {
  const std::string xml = BuildEnvelope("PbmRetrieveContent", "<profileIds/>", "urn:pbm",
                                        "<vcSessionCookie>c</vcSessionCookie>");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  pugi::xml_node env = doc.document_element();
  pugi::xml_node header = env.first_child();
  EXPECT_TRUE(IsElement(header, kSoapEnvelopeNs, "Header"));
  EXPECT_EQ(ChildText(header, "vcSessionCookie"), "c");
  EXPECT_TRUE(IsElement(header.next_sibling(), kSoapEnvelopeNs, "Body"));
  EXPECT_TRUE(
      IsElement(Child(Child(env, "Body"), "PbmRetrieveContent"), "urn:pbm", "PbmRetrieveContent"));
}

}  // namespace
}  // namespace eksa::vsphere::soap
