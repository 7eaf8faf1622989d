// Canned vim25 responses for unit tests (soap/testdata/*.xml, captured from the testbed's
// vCenter simulator; see testdata/README.md).
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace eksa::vsphere::soap {

// The content of soap/testdata/<name>; empty when missing (the test's expectations then fail).
inline std::string SoapTestdata(std::string_view name) {
  std::ifstream in(std::string(EKSA_SOURCE_DIR "/services/vsphere-agent/client/soap/testdata/") +
                   std::string(name));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace eksa::vsphere::soap
