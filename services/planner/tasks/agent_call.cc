#include "services/planner/tasks/agent_call.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <utility>

#include "absl/synchronization/notification.h"
#include "libs/common/status.h"

namespace eksa::planner::tasks {
namespace {

// Past this many tasks with exclusions (tasks that failed for good keep theirs), start afresh:
// the memory only steers retries, losing it costs at most one more failed attempt.
constexpr size_t kMaxRemembered = 4096;

std::string Prefix(std::string_view rpc, const std::string& agent_id) {
  return std::string(rpc) + " on agent " + agent_id;
}

}  // namespace

ChannelFactory InsecureChannelFactory() {
  return [](const std::string& address) {
    return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  };
}

AgentCaller::AgentCaller(registry::AgentRegistry& registry, AgentCallerOptions options)
    : registry_(registry),
      channel_factory_(options.channel_factory ? std::move(options.channel_factory)
                                               : InsecureChannelFactory()),
      clock_(options.clock != nullptr ? *options.clock : Clock::Real()),
      liveness_poll_(options.liveness_poll) {}

std::shared_ptr<grpc::Channel> AgentCaller::ChannelFor(const std::string& address) {
  absl::MutexLock lock(&mu_);
  std::shared_ptr<grpc::Channel>& channel = channels_[address];
  if (channel == nullptr) channel = channel_factory_(address);
  return channel;
}

void AgentCaller::Exclude(const std::string& request_id, const std::string& agent_id) {
  absl::MutexLock lock(&mu_);
  if (excluded_.size() >= kMaxRemembered && !excluded_.count(request_id)) excluded_.clear();
  excluded_[request_id].insert(agent_id);
}

void AgentCaller::Forget(const std::string& request_id) {
  absl::MutexLock lock(&mu_);
  excluded_.erase(request_id);
}

std::set<std::string> AgentCaller::ExcludedFor(const std::string& request_id) {
  absl::MutexLock lock(&mu_);
  auto it = excluded_.find(request_id);
  return it == excluded_.end() ? std::set<std::string>() : it->second;
}

absl::StatusOr<std::unique_ptr<AgentSession>> AgentCaller::Open(const dag::TaskSpec& spec,
                                                                dag::TaskContext& ctx) {
  if (absl::Status pool = registry::ParsePool(spec.pool).status(); !pool.ok()) {
    return Annotate(pool, "task " + spec.id);
  }
  std::set<std::string> excluded = ExcludedFor(ctx.request_id());
  absl::StatusOr<registry::AgentInfo> agent = registry_.PickAndAcquire(spec.pool, excluded);
  if (!agent.ok() && !excluded.empty())
    agent = registry_.PickAndAcquire(spec.pool);  // better than none
  if (!agent.ok()) return Annotate(agent.status(), "task " + spec.id);
  std::shared_ptr<grpc::Channel> channel = ChannelFor(agent->address);
  ctx.logger().Info(6, "Sending task to agent", {{"agent", agent->id}, {"pool", spec.pool}});
  return std::unique_ptr<AgentSession>(
      new AgentSession(*this, ctx, *std::move(agent), std::move(channel)));
}

AgentSession::AgentSession(AgentCaller& caller, dag::TaskContext& ctx, registry::AgentInfo agent,
                           std::shared_ptr<grpc::Channel> channel)
    : caller_(caller), ctx_(ctx), agent_(std::move(agent)), channel_(std::move(channel)) {}

AgentSession::~AgentSession() { caller_.registry_.Release(agent_.id); }

eksa::vsphere::v1::VSphereAgentService::Stub& AgentSession::vsphere() {
  if (vsphere_ == nullptr) vsphere_ = eksa::vsphere::v1::VSphereAgentService::NewStub(channel_);
  return *vsphere_;
}

eksa::bootstrap::v1::BootstrapAgentService::Stub& AgentSession::bootstrap() {
  if (bootstrap_ == nullptr) {
    bootstrap_ = eksa::bootstrap::v1::BootstrapAgentService::NewStub(channel_);
  }
  return *bootstrap_;
}

eksa::gitops::v1::GitOpsAgentService::Stub& AgentSession::gitops() {
  if (gitops_ == nullptr) gitops_ = eksa::gitops::v1::GitOpsAgentService::NewStub(channel_);
  return *gitops_;
}

absl::Status AgentSession::Wait(std::string_view rpc,
                                const std::function<void(grpc::ClientContext*, Done)>& start) {
  const std::string what = Prefix(rpc, agent_.id);
  if (ctx_.cancelled()) return absl::CancelledError(what + ": the operation was cancelled");
  // Deadlines are on the executor's clock; gRPC's are on the system clock.
  const absl::Duration remaining = ctx_.deadline() - caller_.clock_.Now();
  if (remaining <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError(what + ": the attempt's deadline has passed");
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + remaining));
  // The callback may run after Wait would otherwise have returned; it only touches this state.
  auto done = std::make_shared<absl::Notification>();
  auto result = std::make_shared<grpc::Status>();
  start(&context, [done, result](grpc::Status s) {
    *result = std::move(s);
    done->Notify();
  });
  enum class Stop { kNone, kCancelled, kAgentLost } stop = Stop::kNone;
  while (!done->WaitForNotificationWithTimeout(caller_.liveness_poll_)) {
    if (ctx_.cancelled()) {
      stop = Stop::kCancelled;
    } else if (!caller_.registry_.IsAlive(agent_.id)) {
      stop = Stop::kAgentLost;
    } else {
      continue;
    }
    context.TryCancel();
    done->WaitForNotification();  // the call still references `context`
    break;
  }
  if (stop == Stop::kCancelled) return absl::CancelledError(what + ": the operation was cancelled");
  if (stop == Stop::kAgentLost) {
    caller_.Exclude(ctx_.request_id(), agent_.id);
    return absl::UnavailableError(what +
                                  ": the agent stopped heartbeating; the task is retried "
                                  "on another agent");
  }
  absl::Status status = FromGrpcStatus(*result);
  if (status.ok()) {
    caller_.Forget(ctx_.request_id());
    return status;
  }
  if (status.code() == absl::StatusCode::kUnavailable) {
    caller_.Exclude(ctx_.request_id(), agent_.id);
  }
  return Annotate(status, what);
}

}  // namespace eksa::planner::tasks
