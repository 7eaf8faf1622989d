#include "services/vsphere-agent/agent/planner_registration.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/log.h"
#include "libs/common/status.h"

namespace eksa::vsphere_agent {
namespace {

namespace pv1 = ::eksa::planner::v1;

absl::Duration FromProto(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

std::string Ms(absl::Duration d) { return absl::StrCat(absl::ToInt64Milliseconds(d)); }

}  // namespace

PlannerRegistration::PlannerRegistration(RegistrationOptions options, AgentMetrics* metrics)
    : options_(std::move(options)), metrics_(metrics) {
  std::shared_ptr<grpc::Channel> channel = options_.channel;
  if (channel == nullptr) {
    // gRPC's own reconnect backoff grows to 120 s; a planner that restarts should see its agents
    // again within seconds.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 5000);
    channel = grpc::CreateCustomChannel(options_.planner_address,
                                        grpc::InsecureChannelCredentials(), args);
  }
  stub_ = pv1::PlannerService::NewStub(channel);
}

PlannerRegistration::~PlannerRegistration() { Stop(); }

void PlannerRegistration::Start() {
  absl::MutexLock lock(&mu_);
  if (started_ || stop_) return;
  started_ = true;
  thread_ = std::thread([this] { Loop(); });
}

void PlannerRegistration::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
    if (active_ != nullptr) active_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

bool PlannerRegistration::registered() const {
  absl::MutexLock lock(&mu_);
  return registered_;
}

absl::Duration PlannerRegistration::heartbeat_interval() const {
  absl::MutexLock lock(&mu_);
  return heartbeat_interval_;
}

bool PlannerRegistration::Sleep(absl::Duration d) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stop_), d);
  return !stop_;
}

absl::Duration PlannerRegistration::Backoff(int failures) {
  // Full jitter around the backoff keeps replicas that lost the planner together from retrying
  // in lockstep.
  static thread_local std::minstd_rand random(
      static_cast<unsigned>(absl::ToUnixNanos(absl::Now())));
  const absl::Duration base = BackoffFor(options_.backoff, failures);
  std::uniform_real_distribution<double> scale(1 - options_.backoff.jitter,
                                               1 + options_.backoff.jitter);
  return base * scale(random);
}

absl::Status PlannerRegistration::Register() {
  if (register_request_id_.empty()) {
    register_request_id_ = absl::StrCat(options_.agent.agent_id(), ".register.",
                                        absl::ToUnixMillis(absl::Now()), ".", ++registrations_);
  }
  pv1::RegisterAgentRequest request;
  request.set_request_id(register_request_id_);
  *request.mutable_agent() = options_.agent;
  request.mutable_agent()->set_kind(pv1::AGENT_KIND_VSPHERE);
  auto context = std::make_shared<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + options_.rpc_timeout));
  {
    absl::MutexLock lock(&mu_);
    if (stop_) return absl::CancelledError("stopping");
    active_ = context;
  }
  pv1::RegisterAgentResponse response;
  absl::Status status = FromGrpcStatus(stub_->RegisterAgent(context.get(), request, &response));
  absl::MutexLock lock(&mu_);
  active_ = nullptr;
  if (!status.ok()) return status;
  absl::Duration interval = FromProto(response.heartbeat_interval());
  if (interval <= absl::ZeroDuration()) interval = FromProto(response.lease_ttl()) / 3;
  if (interval <= absl::ZeroDuration()) interval = absl::Seconds(10);
  heartbeat_interval_ = interval;
  registered_ = true;
  register_request_id_.clear();
  if (metrics_ != nullptr) metrics_->SetRegistered(true);
  return absl::OkStatus();
}

absl::Status PlannerRegistration::Heartbeat(absl::Duration timeout) {
  // The whole call, waiting for a heartbeat already in flight included, fits in `timeout`.
  const absl::Time deadline = absl::Now() + timeout;
  {
    absl::MutexLock lock(&mu_);
    auto free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !sending_; };
    if (!mu_.AwaitWithDeadline(absl::Condition(&free), deadline)) {
      return absl::DeadlineExceededError("an earlier heartbeat is still in flight");
    }
    sending_ = true;
  }
  absl::Status status = SendHeartbeat(deadline);
  absl::MutexLock lock(&mu_);
  sending_ = false;
  return status;
}

absl::Status PlannerRegistration::SendHeartbeat(absl::Time deadline) {
  pv1::HeartbeatRequest request;
  request.set_agent_id(options_.agent.agent_id());
  const InFlightCalls::Snapshot now = options_.in_flight();
  request.set_in_flight(now.count);
  for (const std::string& id : now.request_ids) request.add_in_flight_request_ids(id);
  auto context = std::make_shared<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(deadline));
  {
    absl::MutexLock lock(&mu_);
    request.set_draining(draining_);
    if (stop_) return absl::CancelledError("stopping");
    active_ = context;
  }
  pv1::HeartbeatResponse response;
  absl::Status status = FromGrpcStatus(stub_->Heartbeat(context.get(), request, &response));
  {
    absl::MutexLock lock(&mu_);
    if (active_ == context) active_ = nullptr;
    if (absl::IsNotFound(status)) registered_ = false;
  }
  if (metrics_ != nullptr) {
    metrics_->HeartbeatSent(status.ok() ? "ok" : absl::IsNotFound(status) ? "not_found" : "error");
    if (absl::IsNotFound(status)) metrics_->SetRegistered(false);
  }
  return status;
}

absl::Status PlannerRegistration::Drain(absl::Duration timeout) {
  {
    absl::MutexLock lock(&mu_);
    draining_ = true;
  }
  if (metrics_ != nullptr) metrics_->SetDraining(true);
  if (!registered()) {
    return absl::FailedPreconditionError("not registered with the planner: nothing to drain");
  }
  return Annotate(Heartbeat(timeout), "sending the draining heartbeat");
}

absl::Duration PlannerRegistration::RegisterStep(const log::Logger& logger, int& failures) {
  absl::Status s = Register();
  if (s.ok()) {
    failures = 0;
    const absl::Duration next = heartbeat_interval();
    logger.Info(0, "Registered with the planner",
                {{"address", options_.agent.address()},
                 {"capacity", absl::StrCat(options_.agent.max_concurrent_tasks())},
                 {"heartbeatMs", Ms(next)}});
    return next;
  }
  const absl::Duration next = Backoff(++failures);
  const log::Fields fields = {{"error", s.ToString()}, {"retryInMs", Ms(next)}};
  if (failures == 1) {
    logger.Error("Registering with the planner failed; retrying", fields);
  } else {
    logger.Info(4, "Registering with the planner failed again", fields);
  }
  return next;
}

absl::Duration PlannerRegistration::HeartbeatStep(const log::Logger& logger, int& failures) {
  absl::Status s = Heartbeat(options_.rpc_timeout);
  const absl::Duration interval = heartbeat_interval();
  if (s.ok()) {
    if (failures > 0) logger.Info(0, "Heartbeats reach the planner again");
    failures = 0;
    return interval;
  }
  if (absl::IsNotFound(s)) {
    logger.Info(0, "The planner does not know this agent (restarted?); registering again");
    return absl::ZeroDuration();
  }
  const absl::Duration next = std::min(Backoff(++failures), interval);
  const log::Fields fields = {{"error", s.ToString()}, {"retryInMs", Ms(next)}};
  if (failures == 1) {
    logger.Error("Heartbeat to the planner failed; retrying", fields);
  } else {
    logger.Info(4, "Heartbeat to the planner failed again", fields);
  }
  return next;
}

void PlannerRegistration::Loop() {
  const log::Logger logger = log::Logger()
                                 .With("planner", options_.planner_address)
                                 .With("agentId", options_.agent.agent_id());
  int failures = 0;  // in a row, registration and heartbeat alike
  for (;;) {
    const absl::Duration next =
        registered() ? HeartbeatStep(logger, failures) : RegisterStep(logger, failures);
    if (!Sleep(next)) return;
  }
}

}  // namespace eksa::vsphere_agent
