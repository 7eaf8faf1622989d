// Test support for client/rest unit tests: canned vAPI answers from testdata/ (each <name>.json
// with its HTTP status in <name>.status, captured by testdata/capture.sh) served by a
// FakeTransport, matched by method and path.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"

namespace eksa::vsphere::rest::testing {

// The captures' vCenter endpoint (upload endpoints in the fixtures point at it).
inline constexpr std::string_view kEndpoint = "https://127.42.11.1:8443";

inline std::string Fixture(std::string_view name) {
  std::string path = std::string(EKSA_SOURCE_DIR) +
                     "/services/vsphere-agent/client/rest/testdata/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The next request `method` whose path starts with `path` answers with fixture `name`.
inline transport::FakeTransport::Expectation& ExpectRest(transport::FakeTransport& fake,
                                                         transport::Method method, std::string path,
                                                         std::string_view name) {
  int status = 0;
  EXPECT_TRUE(absl::SimpleAtoi(Fixture(std::string(name) + ".status"), &status)) << name;
  std::string description = std::string(transport::MethodName(method)) + " " + path;
  return fake
      .ExpectIf(description,
                [method, path](const transport::Request& r) {
                  return r.method == method && absl::StartsWith(r.path, path);
                })
      .Reply(status, Fixture(std::string(name) + ".json"));
}

}  // namespace eksa::vsphere::rest::testing
