// Test support for client/vim unit tests: canned responses from testdata/ served by a
// FakeTransport behind a real soap::Client, with the simulator's ServiceContent.
//
//   FakeVcenter vc;
//   vc.Reply("RetrievePropertiesEx", "retrieve_task_info_success.xml");
//   vc.Fault("CreateFolder", "create_folder_duplicate.xml");
//   Finder finder(vc.client, vc.content);
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "services/vsphere-agent/client/session/service_content.h"
#include "services/vsphere-agent/client/soap/client.h"
#include "services/vsphere-agent/client/soap/response.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"

namespace eksa::vsphere::vim::testing {

// The text of testdata/<name> (fails the test when it cannot be read).
inline std::string Fixture(std::string_view name) {
  std::string path = std::string(EKSA_SOURCE_DIR) + "/services/vsphere-agent/client/vim/testdata/" +
                     std::string(name);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A parsed fixture response to `method`.
inline soap::Response ParseFixture(std::string_view name, std::string_view method) {
  absl::StatusOr<soap::Response> r = soap::Response::Parse(Fixture(name), method);
  EXPECT_TRUE(r.ok()) << r.status();
  return *std::move(r);
}

inline session::ServiceContent SimulatorServiceContent() {
  soap::Response r = ParseFixture("retrieve_service_content.xml", "RetrieveServiceContent");
  absl::StatusOr<session::ServiceContent> sc = session::ParseServiceContent(r.returnval());
  EXPECT_TRUE(sc.ok()) << sc.status();
  return *sc;
}

// A SOAP response to `method` whose <METHODResponse> holds `inner` (for one-off answers that
// need no fixture file: `<returnval type="Folder">folder-68</returnval>`).
inline std::string SoapResponse(std::string_view method, std::string_view inner) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv="
         "\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><" +
         std::string(method) + "Response xmlns=\"urn:vim25\">" + std::string(inner) + "</" +
         std::string(method) + "Response></soapenv:Body></soapenv:Envelope>";
}

// The MoRef of the first object in a captured RetrievePropertiesEx answer (moids such as the
// datastore's and tasks' vary between captures).
inline soap::MoRef FirstObjectIn(std::string_view fixture) {
  soap::Response r = ParseFixture(fixture, "RetrievePropertiesEx");
  absl::StatusOr<soap::MoRef> obj =
      soap::ParseMoRef(soap::Child(soap::Child(r.returnval(), "objects"), "obj"));
  EXPECT_TRUE(obj.ok()) << obj.status();
  return obj.ok() ? *obj : soap::MoRef{};
}

struct FakeVcenter {
  transport::FakeTransport transport;
  soap::Client client{transport};
  session::ServiceContent content = SimulatorServiceContent();

  // The next call of `method` answers 200 with testdata/<fixture>.
  transport::FakeTransport::Expectation& Reply(std::string_view method, std::string_view fixture) {
    return transport.Expect(transport::SoapMethodIs(method)).Reply(200, Fixture(fixture));
  }
  // The next call of `method` answers 500 with the SOAP fault in testdata/<fixture>.
  transport::FakeTransport::Expectation& Fault(std::string_view method, std::string_view fixture) {
    return transport.Expect(transport::SoapMethodIs(method)).Reply(500, Fixture(fixture));
  }
  // The bodies of the requests of `method`, in order.
  std::vector<std::string> Bodies(std::string_view method) const {
    std::vector<std::string> out;
    for (const transport::Request& r : transport.requests()) {
      if (r.body.find(transport::SoapMethodIs(method)) != std::string::npos) out.push_back(r.body);
    }
    return out;
  }
};

}  // namespace eksa::vsphere::vim::testing
