// Canned PBM answers for unit tests (pbm/testdata/*.xml, captured from the testbed's vCenter
// simulator; see testdata/README.md) and the request matcher for PBM methods.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace eksa::vsphere::pbm::testing {

// The content of pbm/testdata/<name>; empty when missing (the test's expectations then fail).
inline std::string PbmTestdata(std::string_view name) {
  std::ifstream in(std::string(EKSA_SOURCE_DIR "/services/vsphere-agent/client/pbm/testdata/") +
                   std::string(name));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A FakeTransport matcher for a PBM request of `method`: its start tag in urn:pbm, as
// soap::BuildEnvelope writes it ("PbmQueryProfile" does not match "PbmQueryProfileX").
inline std::string PbmMethodIs(std::string_view method) {
  return "<" + std::string(method) + " xmlns=\"urn:pbm\"";
}

}  // namespace eksa::vsphere::pbm::testing
