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
