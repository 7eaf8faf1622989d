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

}  // namespace
}  // namespace eksa::vsphere::soap
