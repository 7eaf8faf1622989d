#include "tests/fakes/agents/fake_agent.h"

#include <utility>

namespace eksa::testing::fakes {

FakeAgent::FakeAgent(std::string id, grpc::Service* service)
    : id_(std::move(id)),
      server_({.name = "fake-agent-" + id_, .address = "127.0.0.1:0", .services = {service}}) {}

FakeAgent::~FakeAgent() { Kill(); }

absl::Status FakeAgent::Start() { return server_.Start().status(); }

std::string FakeAgent::address() const { return server_.bound_address(); }

void FakeAgent::StartHeartbeats(HeartbeatFn fn, absl::Duration period) {
  StopHeartbeating();
  if (killed_.load()) return;
  stop_heartbeats_ = std::make_unique<absl::Notification>();
  heartbeats_ = std::thread([this, fn = std::move(fn), period, stop = stop_heartbeats_.get()] {
    do {
      fn(id_);
    } while (!stop->WaitForNotificationWithTimeout(period));
  });
}

void FakeAgent::StopHeartbeating() {
  if (stop_heartbeats_ != nullptr) stop_heartbeats_->Notify();
  if (heartbeats_.joinable()) heartbeats_.join();
  stop_heartbeats_.reset();
}

void FakeAgent::Kill() {
  StopHeartbeating();
  killed_.store(true);
  server_.Shutdown(absl::Now());
}

}  // namespace eksa::testing::fakes
