#include "services/vsphere-agent/client/transport/testing/fake_transport.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"

namespace eksa::vsphere::transport {

FakeTransport::Expectation& FakeTransport::Expectation::Reply(int status, std::string body,
                                                              Headers headers) {
  result_ = Response{.status = status, .headers = std::move(headers), .body = std::move(body)};
  return *this;
}

FakeTransport::Expectation& FakeTransport::Expectation::Fail(absl::Status status) {
  result_ = std::move(status);
  return *this;
}

FakeTransport::Expectation& FakeTransport::Expectation::Times(int n) {
  remaining_ = n;
  return *this;
}

FakeTransport::Expectation& FakeTransport::Expectation::Always() {
  remaining_ = -1;
  return *this;
}

FakeTransport::Expectation& FakeTransport::Expectation::OnCall(
    std::function<void(const Request&)> hook) {
  hook_ = std::move(hook);
  return *this;
}

FakeTransport::FakeTransport(std::string endpoint) : endpoint_(std::move(endpoint)) {}

FakeTransport::Expectation& FakeTransport::Expect(std::string_view body_substring) {
  std::string needle(body_substring);
  return ExpectIf(absl::StrCat("body contains ", needle),
                  [needle](const Request& r) { return absl::StrContains(r.body, needle); });
}

FakeTransport::Expectation& FakeTransport::ExpectIf(std::string description,
                                                    std::function<bool(const Request&)> matcher) {
  absl::MutexLock lock(&mu_);
  auto e = std::make_unique<Expectation>();
  e->matcher_ = std::move(matcher);
  e->description_ = std::move(description);
  expectations_.push_back(std::move(e));
  return *expectations_.back();
}

absl::StatusOr<Response> FakeTransport::RoundTrip(const Request& request) {
  absl::StatusOr<Response> result;
  std::function<void(const Request&)> hook;
  {
    absl::MutexLock lock(&mu_);
    requests_.push_back(request);
    Expectation* found = nullptr;
    for (auto& e : expectations_) {
      if (e->remaining_ != 0 && e->matcher_(request)) {
        found = e.get();
        break;
      }
    }
    if (found == nullptr) {
      return absl::InternalError(absl::StrCat("FakeTransport: unexpected request ",
                                              std::string(MethodName(request.method)), " ",
                                              request.path, ": ", request.body.substr(0, 300)));
    }
    if (found->remaining_ > 0) --found->remaining_;
    result = found->result_;
    hook = found->hook_;
  }
  if (hook) hook(request);
  return result;
}

std::string FakeTransport::Endpoint() const { return endpoint_; }

std::vector<Request> FakeTransport::requests() const {
  absl::MutexLock lock(&mu_);
  return requests_;
}

int FakeTransport::CountRequests(std::string_view body_substring) const {
  absl::MutexLock lock(&mu_);
  int n = 0;
  for (const Request& r : requests_) {
    if (absl::StrContains(r.body, AbslView(body_substring))) ++n;
  }
  return n;
}

std::vector<std::string> FakeTransport::Unused() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> out;
  for (const auto& e : expectations_) {
    if (e->remaining_ > 0) out.push_back(e->description_);
  }
  return out;
}

std::string SoapMethodIs(std::string_view method) {
  return absl::StrCat("<", AbslView(method), " xmlns=\"urn:vim25\"");
}

}  // namespace eksa::vsphere::transport
