// Test support for integration tests against the testbed's vCenter (tests/testbed/docs/
// vcenter.md): its exports, a logged-in session over a kept-alive CurlTransport verified against
// the run's CA, and the control API (fault rules, removed when the fixture ends).
//
// Needs $EKSA_TESTBED_DIR (the CTest fixture `testbed` sets it); without it Connect() fails the
// test with the remediation.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/vsphere-agent/client/session/session.h"
#include "services/vsphere-agent/client/soap/client.h"
#include "services/vsphere-agent/client/transport/curl_transport.h"
#include "tests/testing/testbed_env.h"

namespace eksa::vsphere::vim::testing {

// A name prefix unique to this process ("vc2-<what>-<pid>-<micros>"): VM, folder, tag names and
// fault-rule `match` strings of one run never collide with another test's.
inline std::string UniqueName(std::string_view what) {
  return absl::StrCat("vc2-", std::string(what), "-", getpid(), "-",
                      absl::ToUnixMicros(absl::Now()) % 100000000);
}

class TestbedVcenter {
 public:
  // Connects and logs in; on failure records a test failure and returns nullptr.
  static std::unique_ptr<TestbedVcenter> Connect() {
    auto tb = std::unique_ptr<TestbedVcenter>(new TestbedVcenter());
    tb->env_ = ::eksa::testing::ReadTestbedEnvFromEnvironment();
    if (!tb->env_.count("EKSA_TESTBED_VCENTER_SERVER")) {
      ADD_FAILURE() << "no testbed: run through CTest (fixture `testbed`) or set "
                       "EKSA_TESTBED_DIR to a directory made by tests/testbed/up";
      return nullptr;
    }
    auto t = transport::CurlTransport::Create(
        {.base_url = "https://" + tb->Env("EKSA_TESTBED_VCENTER_SERVER"),
         .tls = {.ca_file = tb->Env("EKSA_TESTBED_VCENTER_CA")}});
    auto control = transport::CurlTransport::Create(
        {.base_url = tb->Env("EKSA_TESTBED_VCENTER_CONTROL"), .allow_plain_http = true});
    if (!t.ok() || !control.ok()) {
      ADD_FAILURE() << "transport: " << t.status() << " / " << control.status();
      return nullptr;
    }
    tb->transport_ = *std::move(t);
    tb->control_ = *std::move(control);
    tb->client_ = std::make_unique<soap::Client>(*tb->transport_);
    auto s = session::Session::Login(*tb->client_,
                                     {.username = tb->Env("EKSA_TESTBED_VCENTER_USERNAME"),
                                      .password = tb->Env("EKSA_TESTBED_VCENTER_PASSWORD")});
    if (!s.ok()) {
      ADD_FAILURE() << "login: " << s.status();
      return nullptr;
    }
    tb->session_ = *std::move(s);
    return tb;
  }

  ~TestbedVcenter() {
    for (int id : rules_) {
      (void)control_->RoundTrip(
          {.method = transport::Method::kDelete, .path = absl::StrCat("/faults/", id)});
    }
    if (session_) (void)session_->Logout();
  }

  std::string Env(const std::string& name) const {
    auto it = env_.find(name);
    return it == env_.end() ? "" : it->second;
  }
  session::Session& session() { return *session_; }
  const session::ServiceContent& content() { return session_->service_content(); }
  transport::CurlTransport& transport() { return *transport_; }

  // Adds a fault rule (control API POST /faults), deleted by the destructor; its id.
  int AddFault(const nlohmann::json& rule) {
    auto r = control_->RoundTrip(
        {.method = transport::Method::kPost, .path = "/faults", .body = rule.dump()});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return -1;
    EXPECT_EQ(r->status, 201) << r->body;
    int id = nlohmann::json::parse(r->body, nullptr, false).value("id", -1);
    rules_.push_back(id);
    return id;
  }

  // GET /vms?prefix=P from the control API (name, ip, power_state, boot, ...).
  nlohmann::json Vms(const std::string& prefix) {
    auto r = control_->RoundTrip({.path = "/vms?prefix=" + prefix});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
  }

 private:
  TestbedVcenter() = default;

  std::map<std::string, std::string> env_;
  std::unique_ptr<transport::CurlTransport> transport_;
  std::unique_ptr<transport::CurlTransport> control_;
  std::unique_ptr<soap::Client> client_;
  std::unique_ptr<session::Session> session_;
  std::vector<int> rules_;
};

}  // namespace eksa::vsphere::vim::testing
