// FakeTransport: a Transport for unit tests that replays canned responses and records requests.
//
//   FakeTransport fake;
//   fake.Expect(SoapMethodIs("RetrieveServiceContent")).Reply(200, service_content_xml);
//   fake.Expect(SoapMethodIs("Login")).Reply(500, invalid_login_fault_xml);
//   fake.Expect(SoapMethodIs("Logout")).Fail(absl::UnavailableError("reset"));
//
// Each RoundTrip takes the first unused expectation whose matcher accepts the request (a
// substring of the body, e.g. a SOAP method name, or an arbitrary predicate); a request no
// expectation accepts fails with kInternal ("unexpected request") and is recorded. Replies may
// carry headers (Set-Cookie). Expectations are consumed in order of declaration, once each, unless
// made repeatable with Times(n) / Always().
//
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/vsphere-agent/client/transport/transport.h"

namespace eksa::vsphere::transport {

class FakeTransport final : public Transport {
 public:
  class Expectation {
   public:
    // The response to give (status, body, headers).
    Expectation& Reply(int status, std::string body, Headers headers = {});
    // Fail the call with `status` (a transport error) instead of replying.
    Expectation& Fail(absl::Status status);
    // Use this expectation for `n` matching calls (default 1); Always(): unlimited.
    Expectation& Times(int n);
    Expectation& Always();
    // Called with the request before replying (e.g. to block or count); runs without the
    // transport's lock held.
    Expectation& OnCall(std::function<void(const Request&)> hook);

   private:
    friend class FakeTransport;
    std::function<bool(const Request&)> matcher_;
    std::string description_;
    absl::StatusOr<Response> result_ = Response{.status = 200};
    int remaining_ = 1;
    std::function<void(const Request&)> hook_;
  };

  explicit FakeTransport(std::string endpoint = "https://vcenter.test");

  // An expectation for requests whose body contains `body_substring`. For SOAP requests, the
  // method name's start tag ("<Login ") is what SoapMethodIs() below builds.
  Expectation& Expect(std::string_view body_substring);
  // An expectation for requests `matcher` accepts; `description` is for failure messages.
  Expectation& ExpectIf(std::string description, std::function<bool(const Request&)> matcher);

  [[nodiscard]] absl::StatusOr<Response> RoundTrip(const Request& request) override;
  std::string Endpoint() const override;

  // Every request received so far, in order (unexpected ones included).
  std::vector<Request> requests() const;
  // How many requests' bodies contain `body_substring`.
  int CountRequests(std::string_view body_substring) const;
  // Descriptions of expectations that still expect calls (excluding Always()); empty when all
  // finite expectations were used.
  std::vector<std::string> Unused() const;

 private:
  const std::string endpoint_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Expectation>> expectations_ ABSL_GUARDED_BY(mu_);
  std::vector<Request> requests_ ABSL_GUARDED_BY(mu_);
};

// A matcher string for a SOAP request of method `method`: "<Login xmlns=\"urn:vim25\"" — the
// start tag soap::BuildEnvelope writes — so "Login" does not also match "LoginExtension".
std::string SoapMethodIs(std::string_view method);

}  // namespace eksa::vsphere::transport
