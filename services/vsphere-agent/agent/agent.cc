#include "services/vsphere-agent/agent/agent.h"

#include <grpcpp/channel.h>
#include <unistd.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/common/log.h"
#include "libs/common/status.h"
#include "libs/rpc/server.h"
#include "services/vsphere-agent/agent/agent_metrics.h"
#include "services/vsphere-agent/agent/idempotency_cache.h"
#include "services/vsphere-agent/agent/in_flight_calls.h"
#include "services/vsphere-agent/agent/metrics_http_server.h"
#include "services/vsphere-agent/agent/metrics_registry.h"
#include "services/vsphere-agent/agent/planner_registration.h"
#include "services/vsphere-agent/agent/vcenter_router.h"
#include "services/vsphere-agent/agent/vsphere_agent_service.h"

namespace eksa::vsphere_agent {
namespace {

constexpr std::string_view kServiceName = "eksa-vsphere-agent";
// The draining heartbeat must not eat the grace period of the calls in flight.
constexpr absl::Duration kMaxDrainHeartbeat = absl::Seconds(2);

// What the planner dials: the configured advertise address, else the bound address with a
// wildcard host ("0.0.0.0", "[::]") replaced by this host's name.
std::string AdvertiseAddress(const AgentConfig& config, const std::string& bound) {
  if (!config.advertise_address.empty()) return config.advertise_address;
  const size_t colon = bound.rfind(':');
  const std::string host = bound.substr(0, colon);
  if (host != "0.0.0.0" && host != "[::]") return bound;
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return bound;
  return absl::StrCat(name, bound.substr(colon));
}

absl::StatusOr<std::unique_ptr<VCenterRouter>> MakeRouter(
    const AgentConfig& config, const std::map<std::string, Credentials>& credentials,
    const BackendFactory& backends) {
  std::vector<std::unique_ptr<VCenterPool>> pools;
  for (const VCenterServerConfig& server : config.vcenters) {
    auto found = credentials.find(server.server);
    if (found == credentials.end()) {
      return absl::FailedPreconditionError(
          "starting the vSphere agent: no credentials for vCenter " + server.server);
    }
    absl::StatusOr<std::unique_ptr<VCenterBackend>> backend = backends(server, found->second);
    if (!backend.ok()) return Annotate(backend.status(), "setting up vCenter " + server.server);
    pools.push_back(std::make_unique<VCenterPool>(server, *std::move(backend)));
  }
  return std::make_unique<VCenterRouter>(std::move(pools));
}

void LogServers(const AgentConfig& config, const std::map<std::string, Credentials>& credentials) {
  const log::Logger logger;
  if (config.vcenters.empty()) {
    logger.Info(0,
                "No vCenter server configured: every VSphereAgentService call fails "
                "FAILED_PRECONDITION (give the agent --config)");
  }
  for (const VCenterServerConfig& s : config.vcenters) {
    const Credentials& c = credentials.at(s.server);
    logger.Info(0, "Serving vCenter",
                {{"server", s.server},
                 {"port", absl::StrCat(s.port)},
                 {"tls", std::string(TlsModeName(s.tls_mode))},
                 {"concurrency", absl::StrCat(s.concurrency)},
                 {"datacenter", s.datacenter},
                 // One field: the logger masks the value of any key that names a password.
                 {"credentials",
                  "username from " + c.username_source + ", password from " + c.password_source}});
    if (s.tls_mode == TlsMode::kInsecure) {
      logger.Info(0, "Warning: the certificate of this vCenter will not be verified (insecure)",
                  {{"server", s.server}});
    }
  }
}

}  // namespace

struct Agent::Parts {
  // The router, metrics, idempotency cache and service.
  absl::Status Build(const std::map<std::string, Credentials>& credentials,
                     const BackendFactory& backends);
  // The metrics listener (when configured), then the gRPC server; logs "Serving".
  absl::Status Listen();
  // The planner registration, when there is a planner and something to serve.
  void Register(std::shared_ptr<grpc::Channel> planner_channel);

  AgentConfig config;
  std::string agent_id;
  std::unique_ptr<VCenterRouter> router;
  MetricsRegistry registry;
  std::unique_ptr<AgentMetrics> metrics;
  std::unique_ptr<IdempotencyCache> cache;
  InFlightCalls in_flight;
  std::unique_ptr<VSphereAgentService> service;
  std::unique_ptr<MetricsHttpServer> metrics_server;
  std::unique_ptr<rpc::Server> server;
  std::string address;
  std::unique_ptr<PlannerRegistration> registration;  // last: stops first
  absl::Mutex mu;
  bool stopped ABSL_GUARDED_BY(mu) = false;
};

absl::Status Agent::Parts::Build(const std::map<std::string, Credentials>& credentials,
                                 const BackendFactory& backends) {
  absl::StatusOr<std::unique_ptr<VCenterRouter>> made = MakeRouter(config, credentials, backends);
  if (!made.ok()) return made.status();
  router = *std::move(made);
  metrics = std::make_unique<AgentMetrics>(registry);
  metrics->ExposeSlots([router = router.get()] {
    std::vector<SlotState> out;
    for (const auto& pool : router->pools()) {
      out.push_back({.server = pool->config.server,
                     .limit = pool->limiter.limit(),
                     .busy = pool->limiter.busy(),
                     .waiting = pool->limiter.waiting()});
    }
    return out;
  });
  cache = std::make_unique<IdempotencyCache>(
      Clock::Real(), IdempotencyCache::Options{
                         .ttl = config.idempotency_ttl,
                         .max_entries = static_cast<size_t>(config.idempotency_max_entries)});
  service = std::make_unique<VSphereAgentService>(*router, *cache, *metrics, in_flight);
  return absl::OkStatus();
}

absl::Status Agent::Parts::Listen() {
  if (!config.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsHttpServer>> started = MetricsHttpServer::Start(
        config.metrics_listen, [registry = &registry] { return registry->RenderText(); });
    if (!started.ok()) return started.status();
    metrics_server = *std::move(started);
  }
  server = std::make_unique<rpc::Server>(rpc::ServerOptions{
      .name = std::string(kServiceName), .address = config.listen, .services = {service.get()}});
  if (absl::StatusOr<int> port = server->Start(); !port.ok()) return port.status();
  address = server->bound_address();
  // libs/rpc's RunServer wording: tests and scripts find the bound address in this line.
  log::Logger().Info(
      0, "Serving",
      {{"service", std::string(kServiceName)},
       {"address", address},
       {"agentId", agent_id},
       {"metrics", metrics_server != nullptr ? metrics_server->bound_address() : ""}});
  return absl::OkStatus();
}

void Agent::Parts::Register(std::shared_ptr<grpc::Channel> planner_channel) {
  if (config.planner_address.empty() || config.vcenters.empty()) {
    log::Logger().Info(0, "Not registering with a planner",
                       {{"why", config.vcenters.empty() ? "no vCenter server configured"
                                                        : "no planner address configured"}});
    return;
  }
  RegistrationOptions options{.planner_address = config.planner_address,
                              .channel = std::move(planner_channel),
                              .in_flight = [calls = &in_flight] { return calls->Take(); }};
  options.agent.set_agent_id(agent_id);
  options.agent.set_address(AdvertiseAddress(config, address));
  for (const std::string& s : router->servers()) options.agent.add_vcenter_servers(s);
  options.agent.set_max_concurrent_tasks(router->capacity());
  options.agent.set_version(EKSA_VERSION);
  registration = std::make_unique<PlannerRegistration>(std::move(options), metrics.get());
  registration->Start();
}

Agent::Agent(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Agent::~Agent() { Stop("destroyed"); }

absl::StatusOr<std::unique_ptr<Agent>> Agent::Start(
    const AgentConfig& config, const std::map<std::string, Credentials>& credentials,
    const BackendFactory& backends, std::shared_ptr<grpc::Channel> planner_channel) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  p->agent_id = config.agent_id.empty() ? DefaultAgentId("") : config.agent_id;
  if (absl::Status s = p->Build(credentials, backends); !s.ok()) return s;
  if (absl::Status s = p->Listen(); !s.ok()) return s;
  LogServers(config, credentials);
  p->Register(std::move(planner_channel));
  return std::unique_ptr<Agent>(new Agent(std::move(p)));
}

const std::string& Agent::address() const { return parts_->address; }

std::string Agent::metrics_address() const {
  return parts_->metrics_server != nullptr ? parts_->metrics_server->bound_address() : "";
}

const std::string& Agent::agent_id() const { return parts_->agent_id; }

AgentMetrics& Agent::metrics() { return *parts_->metrics; }

bool Agent::registered() const {
  return parts_->registration != nullptr && parts_->registration->registered();
}

void Agent::Stop(std::string_view reason) {
  Parts& p = *parts_;
  {
    absl::MutexLock lock(&p.mu);
    if (p.stopped) return;
    p.stopped = true;
  }
  const log::Logger logger = log::Logger().With("service", std::string(kServiceName));
  logger.Info(0, "Shutting down",
              {{"signal", std::string(reason)},
               {"graceMs", absl::StrCat(absl::ToInt64Milliseconds(p.config.shutdown_grace))},
               {"inFlight", absl::StrCat(p.in_flight.Take().count)}});
  p.metrics->SetDraining(true);
  if (p.registration != nullptr) {
    absl::Status drained =
        p.registration->Drain(std::min(kMaxDrainHeartbeat, p.config.shutdown_grace));
    if (drained.ok()) {
      logger.Info(2, "Told the planner this agent is draining");
    } else {
      logger.Error("Could not tell the planner this agent is draining",
                   {{"error", drained.ToString()}});
    }
  }
  p.server->Shutdown(absl::Now() + p.config.shutdown_grace);
  p.server->Wait();
  if (p.registration != nullptr) p.registration->Stop();
  if (p.metrics_server != nullptr) p.metrics_server->Stop();
  logger.Info(0, "Stopped");
}

}  // namespace eksa::vsphere_agent
