// Planner benchmark (bench/run planner): the create DAG of ARCHITECTURE §4 for 3 external etcd,
// 3 control-plane and N workers, every task given a simulated latency (its estimate scaled down,
// 1 s of estimate = 1 ms), run
//   - as the planner runs it: OperationManager (SQLite store in a temp dir, every transition
//     persisted) + dag::Executor with the planner's pool limits, agent tasks crossing real gRPC
//     calls on 127.0.0.1 to in-process fake vSphere, bootstrap and GitOps agents that serve the
//     latency; local tasks sleep in the planner;
//   - with the bare executor (no store), with and without the gRPC hop, to attribute overhead;
//   - one task at a time, as EKS-A's chain does (a copy of the graph on one pool of limit 1);
// and compared with the critical path (the sum of the scaled estimates along it) and the schedule
// the pool limits allow with zero overhead (a simulation of the executor's FIFO pools). Each
// measurement is repeated 3 times, interleaved, and the median printed. Then 1,000 workers with
// no-op agents: plan time, tasks per second and the planner's peak RSS.
//
// The agent hop is the bench's own (HopAgent below): tests/fakes/agents key latency by RPC name,
// which cannot give each task its own (ApplyManifests serves apply-cluster-objects, 5 s, and
// install-cni, 30 s; WaitFor serves wait-control-plane once and wait-nodes-ready once per node).
// Here each call carries its latency in metadata and the agent serves it. The RPCs each task makes
// mirror services/planner/tasks (create-vm: CreateVm then WaitForIp; wait-nodes-ready: one WaitFor
// per node; wait-control-plane: WaitFor on the bootstrap agent), so the per-call overhead is the
// production one. As a cross-check, the production path itself (OperationManager +
// PlannerTaskRunner + tests/fakes/agents, per-RPC latencies) is run in the same rounds, its
// critical path recomputed from the latencies the fakes serve.
//
// Last line: RESULT planner_wall_over_critical_path <OperationManager wall / critical path, 10
// workers>. No test asserts any of this: the numbers are ratios measured side by side.
#include <grpcpp/grpcpp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "eksa/bootstrap/v1/bootstrap_agent.grpc.pb.h"
#include "eksa/gitops/v1/gitops_agent.grpc.pb.h"
#include "eksa/vsphere/v1/vsphere_agent.grpc.pb.h"
#include "libs/common/clock.h"
#include "libs/spec/spec.h"
#include "services/planner/dag/executor.h"
#include "services/planner/dag/graph.h"
#include "services/planner/dag/task_runner.h"
#include "services/planner/operations/event_hub.h"
#include "services/planner/operations/operation_manager.h"
#include "services/planner/registry/agent_registry.h"
#include "services/planner/store/sqlite_store.h"
#include "services/planner/tasks/planner_task_runner.h"
#include "services/planner/workflows/create.h"
#include "services/planner/workflows/tasks.h"
#include "tests/fakes/agents/fake_bootstrap_agent.h"
#include "tests/fakes/agents/fake_gitops_agent.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"

namespace {

namespace dag = eksa::planner::dag;
namespace ops = eksa::planner::operations;
namespace registry = eksa::planner::registry;
namespace store = eksa::planner::store;
namespace workflows = eksa::planner::workflows;
namespace kind = eksa::planner::workflows::kind;
namespace vs = eksa::vsphere::v1;
namespace bs = eksa::bootstrap::v1;
namespace go = eksa::gitops::v1;
namespace fakes = eksa::testing::fakes;
namespace tasks = eksa::planner::tasks;

using SteadyClock = std::chrono::steady_clock;

constexpr char kServer[] = "127.0.0.2";  // the vCenter the spec names (the pool's name only)
constexpr double kScale = 1.0 / 1000;    // 1 s of estimate = 1 ms of simulated latency
constexpr int kRounds = 3;
constexpr char kLatencyKey[] = "eksa-bench-latency-us";

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "planner_bench: %s\n", what.c_str());
  std::exit(1);
}

double Ms(SteadyClock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// --- The spec ---------------------------------------------------------------------------------

std::string SpecText(int workers, const std::string& cluster = "bench") {
  std::string machine_spec =
      "spec: {datastore: /DC0/datastore/LocalDS_0, resourcePool: /DC0/host/DC0_C0/Resources, "
      "osFamily: bottlerocket, template: /DC0/vm/bottlerocket-1.31}\n";
  std::string text = R"(apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: Cluster
metadata:
  name: )" + cluster +
                     R"(
spec:
  kubernetesVersion: "1.31"
  clusterNetwork:
    cniConfig: {cilium: {}}
    pods: {cidrBlocks: [192.168.0.0/16]}
    services: {cidrBlocks: [10.96.0.0/12]}
  controlPlaneConfiguration:
    count: 3
    endpoint: {host: 127.0.0.10}
    machineGroupRef: {kind: VSphereMachineConfig, name: bench-cp}
  externalEtcdConfiguration:
    count: 3
    machineGroupRef: {kind: VSphereMachineConfig, name: bench-etcd}
  datacenterRef: {kind: VSphereDatacenterConfig, name: bench}
  gitOpsRef: {kind: FluxConfig, name: bench}
  workerNodeGroupConfigurations:
  - {name: md-0, count: )" +
                     std::to_string(workers) +
                     R"(, machineGroupRef: {kind: VSphereMachineConfig, name: bench}}
---
apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: VSphereDatacenterConfig
metadata: {name: bench}
spec: {datacenter: DC0, network: VM Network, server: 127.0.0.2}
---
apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: FluxConfig
metadata: {name: bench}
spec:
  git: {repositoryUrl: "ssh://git@127.0.0.3/bench.git", sshKeyAlgorithm: ecdsa}
)";
  for (const char* name : {"bench-etcd", "bench-cp", "bench"}) {
    text +=
        "---\napiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: VSphereMachineConfig\n"
        "metadata: {name: " +
        std::string(name) + "}\n" + machine_spec;
  }
  return text;
}

eksa::spec::ClusterSpec LoadOrDie(const std::string& text) {
  eksa::spec::LoadResult r = eksa::spec::LoadSpec("bench.yaml", text);
  if (r.diagnostics.HasErrors()) {
    std::string message = "the bench spec is not valid:";
    for (const auto& d : r.diagnostics.items()) message += "\n" + eksa::spec::FormatText(d);
    Die(message);
  }
  return std::move(r.spec);
}

workflows::CreateOptions BenchCreateOptions() {
  workflows::CreateOptions o;
  o.skip_ip_check = true;  // preflight-endpoint would dial 127.0.0.10:80
  return o;
}

dag::Graph BuildOrDie(const eksa::spec::ClusterSpec& spec) {
  absl::StatusOr<dag::Graph> g = workflows::BuildCreateWorkflow(spec, BenchCreateOptions());
  if (!g.ok()) Die("building the create workflow: " + g.status().ToString());
  return *std::move(g);
}

// --- The bench's agents (the hop) -------------------------------------------------------------

// Finishes server calls at their due time on one thread, so a call waiting out its latency holds
// no gRPC thread (as an agent waiting on vCenter would not). grpc::Alarm callbacks were measured
// about 1 ms late here (gRPC's timer granularity), this thread 0.2-0.4 ms (wake-ups).
class AgentClock {
 public:
  AgentClock()
      : thread_([this] {
          prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);  // the default 50 us slack is pure lateness
          Loop();
        }) {}
  ~AgentClock() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  void FinishAt(SteadyClock::time_point due, grpc::ServerUnaryReactor* reactor) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      due_.emplace(due, reactor);
    }
    cv_.notify_one();
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      if (due_.empty()) {
        cv_.wait(lock);
        continue;
      }
      auto first = due_.begin();
      if (SteadyClock::now() < first->first) {
        cv_.wait_until(lock, first->first);
        continue;
      }
      grpc::ServerUnaryReactor* reactor = first->second;
      due_.erase(first);
      lock.unlock();
      reactor->Finish(grpc::Status::OK);
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<SteadyClock::time_point, grpc::ServerUnaryReactor*> due_;
  bool stop_ = false;
  std::thread thread_;
};

// What every fake agent does for every RPC: wait the latency the caller asked for in the call's
// metadata (the bench's stand-in for "this vCenter clone takes 2 minutes"), then answer an empty
// (valid) response. Counts calls, so the bench can check every agent task crossed gRPC.
class AgentCore {
 public:
  explicit AgentCore(AgentClock& clock) : clock_(clock) {}

  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context) {
    calls_.fetch_add(1, std::memory_order_relaxed);
    long long micros = 0;
    auto it = context->client_metadata().find(kLatencyKey);
    if (it != context->client_metadata().end()) {
      micros = std::atoll(std::string(it->second.data(), it->second.size()).c_str());
    }
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    if (micros <= 0) {
      reactor->Finish(grpc::Status::OK);
    } else {
      clock_.FinishAt(SteadyClock::now() + std::chrono::microseconds(micros), reactor);
    }
    return reactor;
  }

  long long calls() const { return calls_.load(); }

 private:
  AgentClock& clock_;
  std::atomic<long long> calls_{0};
};

#define EKSA_BENCH_RPC(ns, Name)                                                           \
  grpc::ServerUnaryReactor* Name(grpc::CallbackServerContext* c, const ns::Name##Request*, \
                                 ns::Name##Response*) override {                           \
    return core_.Serve(c);                                                                 \
  }

class HopVSphereAgent final : public vs::VSphereAgentService::CallbackService {
 public:
  explicit HopVSphereAgent(AgentCore& core) : core_(core) {}
  EKSA_BENCH_RPC(vs, CheckVCenter)
  EKSA_BENCH_RPC(vs, CheckMachineConfig)
  EKSA_BENCH_RPC(vs, CheckCapacity)
  EKSA_BENCH_RPC(vs, EnsureTemplate)
  EKSA_BENCH_RPC(vs, CreateVm)
  EKSA_BENCH_RPC(vs, WaitForIp)

 private:
  AgentCore& core_;
};

class HopBootstrapAgent final : public bs::BootstrapAgentService::CallbackService {
 public:
  explicit HopBootstrapAgent(AgentCore& core) : core_(core) {}
  EKSA_BENCH_RPC(bs, CreateBootstrapCluster)
  EKSA_BENCH_RPC(bs, InstallProviders)
  EKSA_BENCH_RPC(bs, ApplyManifests)
  EKSA_BENCH_RPC(bs, WaitFor)
  EKSA_BENCH_RPC(bs, MoveManagement)
  EKSA_BENCH_RPC(bs, DeleteBootstrapCluster)
  EKSA_BENCH_RPC(bs, GetBootstrapCluster)

 private:
  AgentCore& core_;
};

class HopGitOpsAgent final : public go::GitOpsAgentService::CallbackService {
 public:
  explicit HopGitOpsAgent(AgentCore& core) : core_(core) {}
  EKSA_BENCH_RPC(go, CheckAccess)
  EKSA_BENCH_RPC(go, CommitClusterConfig)
  EKSA_BENCH_RPC(go, InstallFlux)

 private:
  AgentCore& core_;
};

#undef EKSA_BENCH_RPC

// One agent process stand-in: its own gRPC server on 127.0.0.1 (an ephemeral port).
struct HopAgent {
  registry::AgentKind kind;
  std::string id;
  std::string address;
  std::unique_ptr<AgentCore> core;
  std::unique_ptr<grpc::Service> service;
  std::unique_ptr<grpc::Server> server;
};

std::unique_ptr<HopAgent> StartAgent(registry::AgentKind kind, std::string id, AgentClock& clock) {
  auto agent = std::make_unique<HopAgent>();
  agent->kind = kind;
  agent->id = std::move(id);
  agent->core = std::make_unique<AgentCore>(clock);
  switch (kind) {
    case registry::AgentKind::kVSphere:
      agent->service = std::make_unique<HopVSphereAgent>(*agent->core);
      break;
    case registry::AgentKind::kBootstrap:
      agent->service = std::make_unique<HopBootstrapAgent>(*agent->core);
      break;
    case registry::AgentKind::kGitOps:
      agent->service = std::make_unique<HopGitOpsAgent>(*agent->core);
      break;
  }
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(agent->service.get());
  agent->server = builder.BuildAndStart();
  if (agent->server == nullptr || port == 0) Die("cannot start a fake agent on 127.0.0.1");
  agent->address = "127.0.0.1:" + std::to_string(port);
  return agent;
}

// --- The planner side of the hop ----------------------------------------------------------------

// Stubs on one agent's channel; channels are made once and kept, as AgentCaller caches them.
struct AgentStubs {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<vs::VSphereAgentService::Stub> vsphere;
  std::unique_ptr<bs::BootstrapAgentService::Stub> bootstrap;
  std::unique_ptr<go::GitOpsAgentService::Stub> gitops;
};

using RpcFn = std::function<grpc::Status(AgentStubs&, grpc::ClientContext*, const std::string&)>;

template <typename Stub, typename Req, typename Resp>
RpcFn Unary(std::unique_ptr<Stub> AgentStubs::*stub,
            grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*)) {
  return [stub, method](AgentStubs& s, grpc::ClientContext* c, const std::string& request_id) {
    Req request;
    if constexpr (requires(Req r) { r.set_request_id(std::string()); }) {
      request.set_request_id(request_id);
    }
    Resp response;
    return ((*(s.*stub)).*method)(c, request, &response);
  };
}

// One RPC of a task: its share of the task's latency.
struct Step {
  RpcFn rpc;
  double share;
  std::string name;  // the RPC's name, as the fake agents' scripts key latencies
};

// How a task of each kind reaches its agent: the pool the agent is picked from and the RPCs it
// makes, as services/planner/tasks does. Kinds not here run locally (a sleep in the planner).
struct Route {
  std::string pool;
  std::vector<Step> steps;
};

std::map<std::string, Route> Routes(int nodes) {
  const std::string vsphere = workflows::VSpherePool(kServer);
#define EKSA_STEP(stub, Stub, Rpc, share) \
  Step { Unary(&AgentStubs::stub, &Stub::Rpc), share, #Rpc }
  using VS = vs::VSphereAgentService::Stub;
  using BS = bs::BootstrapAgentService::Stub;
  using GS = go::GitOpsAgentService::Stub;
  // wait-nodes-ready: one WaitFor per node (etcd members are not nodes), sharing its latency.
  std::vector<Step> per_node(nodes, EKSA_STEP(bootstrap, BS, WaitFor, 1.0 / nodes));
  return {
      {kind::kPreflightVCenter, {vsphere, {EKSA_STEP(vsphere, VS, CheckVCenter, 1)}}},
      {kind::kPreflightMachineConfig, {vsphere, {EKSA_STEP(vsphere, VS, CheckMachineConfig, 1)}}},
      {kind::kPreflightCapacity, {vsphere, {EKSA_STEP(vsphere, VS, CheckCapacity, 1)}}},
      {kind::kEnsureTemplate, {vsphere, {EKSA_STEP(vsphere, VS, EnsureTemplate, 1)}}},
      // Clone + power on, then the wait for the guest's IP.
      {kind::kCreateVm,
       {vsphere,
        {EKSA_STEP(vsphere, VS, CreateVm, 0.75), EKSA_STEP(vsphere, VS, WaitForIp, 0.25)}}},
      {kind::kPreflightGitOps, {workflows::kGitOpsPool, {EKSA_STEP(gitops, GS, CheckAccess, 1)}}},
      {kind::kGitOpsCommitConfig,
       {workflows::kGitOpsPool, {EKSA_STEP(gitops, GS, CommitClusterConfig, 1)}}},
      {kind::kGitOpsInstallFlux, {workflows::kGitOpsPool, {EKSA_STEP(gitops, GS, InstallFlux, 1)}}},
      {kind::kBootstrapClusterInit,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, CreateBootstrapCluster, 1)}}},
      {kind::kInstallCapiBootstrap,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, InstallProviders, 1)}}},
      {kind::kApplyClusterObjects,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, ApplyManifests, 1)}}},
      // In the "local" pool of the DAG, but the bootstrap agent dials the new API server.
      {kind::kWaitControlPlane,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, WaitFor, 1)}}},
      {kind::kInstallCni,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, ApplyManifests, 1)}}},
      {kind::kInstallCapiWorkload,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, InstallProviders, 1)}}},
      {kind::kWaitNodesReady, {workflows::kBootstrapPool, per_node}},
      {kind::kCapiManagementMove,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, MoveManagement, 1)}}},
      {kind::kInstallEksaComponents,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, ApplyManifests, 1)}}},
      {kind::kDeleteBootstrapCluster,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, DeleteBootstrapCluster, 1)}}},
      {kind::kCollectDiagnostics,
       {workflows::kBootstrapPool, {EKSA_STEP(bootstrap, BS, GetBootstrapCluster, 1)}}},
  };
}
#undef EKSA_STEP

absl::Duration LatencyOf(const dag::TaskSpec& t, double scale) { return t.estimate * scale; }

// The TaskRunner of the bench. Per task (by id, so a copy of the graph with other pools runs the
// same work): a local sleep, or the task's RPCs on an agent picked in the registry, each carrying
// its share of the latency for the agent to serve. `hop` false: every task sleeps in-process
// (isolates the gRPC cost).
class BenchRunner final : public dag::TaskRunner {
 public:
  BenchRunner(registry::AgentRegistry& registry, std::map<std::string, AgentStubs>& stubs)
      : registry_(registry), stubs_(stubs) {}

  // Not thread-safe: call between runs.
  void Prepare(const dag::Graph& graph, int nodes, double scale, bool hop) {
    routes_ = Routes(nodes);
    plan_.clear();
    expected_calls_ = 0;
    for (const dag::TaskSpec& t : graph.tasks()) {
      Plan p{.latency = LatencyOf(t, scale)};
      if (auto r = routes_.find(t.kind); hop && r != routes_.end()) {
        p.route = &r->second;
        if (!t.on_failure) expected_calls_ += static_cast<long long>(r->second.steps.size());
      }
      plan_[t.id] = p;
    }
  }
  long long expected_calls() const { return expected_calls_; }

  absl::StatusOr<dag::TaskOutputs> Run(const dag::TaskSpec& spec, dag::TaskContext& ctx) override {
    auto it = plan_.find(spec.id);
    if (it == plan_.end()) return absl::InternalError("no plan for task " + spec.id);
    const Plan& p = it->second;
    if (p.route == nullptr) {
      if (p.latency > absl::ZeroDuration()) absl::SleepFor(p.latency);
      return dag::TaskOutputs{};
    }
    absl::StatusOr<registry::AgentInfo> agent = registry_.Pick(p.route->pool);
    if (!agent.ok()) return agent.status();
    registry_.Acquire(agent->id);
    AgentStubs& stubs = stubs_.at(agent->id);
    grpc::Status status;
    for (const Step& step : p.route->steps) {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(ctx.deadline()));
      context.AddMetadata(kLatencyKey,
                          std::to_string(absl::ToInt64Microseconds(p.latency * step.share)));
      status = step.rpc(stubs, &context, ctx.request_id());
      if (!status.ok()) break;
    }
    registry_.Release(agent->id);
    if (!status.ok()) {
      return absl::UnavailableError(spec.id + " on agent " + agent->id + ": " +
                                    status.error_message());
    }
    return dag::TaskOutputs{{"agent", agent->id}};
  }

 private:
  struct Plan {
    absl::Duration latency;
    const Route* route = nullptr;
  };
  registry::AgentRegistry& registry_;
  std::map<std::string, AgentStubs>& stubs_;
  std::map<std::string, Route> routes_;
  absl::flat_hash_map<std::string, Plan> plan_;
  long long expected_calls_ = 0;
};

// --- Executors, graphs, the ideal schedule ------------------------------------------------------

// The planner's limits (PlannerConfig::pool_limits as planner_server.cc applies them).
dag::ExecutorOptions PlannerLimits() {
  dag::ExecutorOptions o;
  o.default_pool_limit = 16;  // each vsphere:<server> pool
  o.pool_limits = {{"local", 4}, {"bootstrap", 4}, {"gitops", 2}};
  return o;
}

// The same tasks and edges with every task on one pool of limit 1: one task at a time.
dag::Graph SerialCopy(const dag::Graph& graph) {
  dag::Graph copy;
  for (dag::TaskSpec t : graph.tasks()) {
    t.pool = "serial";
    if (absl::Status s = copy.AddTask(std::move(t)); !s.ok()) Die(s.ToString());
  }
  for (const auto& [before, after] : graph.edges()) copy.AddEdge(before, after);
  if (absl::Status s = copy.Validate(); !s.ok()) Die(s.ToString());
  return copy;
}

dag::ExecutorOptions SerialLimits() {
  dag::ExecutorOptions o;
  o.default_pool_limit = 1;
  return o;
}

// The makespan of the ordinary tasks with the executor's policy (per-pool FIFO of ready tasks,
// dependents released in edge order, at most `limit` running per pool) and zero overhead.
absl::Duration IdealSchedule(const dag::Graph& graph, const dag::ExecutorOptions& options,
                             double scale) {
  const auto& tasks = graph.tasks();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < tasks.size(); ++i) index[tasks[i].id] = i;
  std::vector<std::vector<size_t>> dependents(tasks.size());
  std::vector<int> waiting(tasks.size(), 0);
  for (const auto& [before, after] : graph.edges()) {
    dependents[index[before]].push_back(index[after]);
    ++waiting[index[after]];
  }
  struct Pool {
    int limit;
    int running = 0;
    std::queue<size_t> ready;
  };
  std::map<std::string, Pool> pools;
  auto pool_of = [&](size_t i) -> Pool& {
    auto it = pools.find(tasks[i].pool);
    if (it == pools.end()) {
      auto limit = options.pool_limits.find(tasks[i].pool);
      int l = limit == options.pool_limits.end() ? options.default_pool_limit : limit->second;
      it = pools.emplace(tasks[i].pool, Pool{.limit = l}).first;
    }
    return it->second;
  };
  using Event = std::tuple<absl::Duration, long, size_t>;  // finish, start order, task
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  long started = 0;
  absl::Duration now, end;
  auto dispatch = [&] {
    for (auto& [name, pool] : pools) {
      while (pool.running < pool.limit && !pool.ready.empty()) {
        size_t t = pool.ready.front();
        pool.ready.pop();
        ++pool.running;
        events.emplace(now + LatencyOf(tasks[t], scale), started++, t);
      }
    }
  };
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (!tasks[i].on_failure && waiting[i] == 0) pool_of(i).ready.push(i);
  }
  dispatch();
  while (!events.empty()) {
    auto [finish, order, t] = events.top();
    events.pop();
    now = end = finish;
    --pool_of(t).running;
    for (size_t next : dependents[t]) {
      if (--waiting[next] == 0) pool_of(next).ready.push(next);
    }
    dispatch();
  }
  return end;
}

int Nodes(int workers) { return 3 + workers; }  // control plane + workers (etcd members are not)

// --- Cross-check: the production runner and the shared fake agents ------------------------------

// tests/fakes/agents key latency by RPC name. Each RPC gets the latency of the task it serves on
// the critical path (a task's share, as Routes splits it); where several kinds share an RPC the
// listed kind wins: ApplyManifests is install-eksa-components' (30 s, so apply-cluster-objects'
// 5 s becomes 30), WaitFor is wait-nodes-ready's per node (so wait-control-plane's 60 s becomes
// 60 s / nodes).
std::map<std::string, absl::Duration> FakeLatencies(const dag::Graph& graph, int nodes,
                                                    double scale) {
  const std::map<std::string, Route> routes = Routes(nodes);
  std::map<std::string, absl::Duration> out;
  auto assign = [&](const dag::TaskSpec& t) {
    auto r = routes.find(t.kind);
    if (r == routes.end()) return;
    for (const Step& step : r->second.steps) {
      out.emplace(step.name, LatencyOf(t, scale) * step.share);  // the first assignment stays
    }
  };
  for (const char* first : {kind::kInstallEksaComponents, kind::kWaitNodesReady}) {
    for (const dag::TaskSpec& t : graph.tasks()) {
      if (t.kind == first) {
        assign(t);
        break;
      }
    }
  }
  for (const dag::TaskSpec& t : graph.tasks()) assign(t);
  return out;
}

// The graph with each task's estimate = the latency the fakes serve it (local tasks: 0; their
// real work counts as overhead), for the critical path and schedule of the cross-check.
dag::Graph ServedLatencyGraph(const dag::Graph& graph, int nodes,
                              const std::map<std::string, absl::Duration>& latencies) {
  const std::map<std::string, Route> routes = Routes(nodes);
  dag::Graph copy;
  for (dag::TaskSpec t : graph.tasks()) {
    t.estimate = absl::ZeroDuration();
    if (auto r = routes.find(t.kind); r != routes.end()) {
      for (const Step& step : r->second.steps) t.estimate += latencies.at(step.name);
    }
    if (absl::Status s = copy.AddTask(std::move(t)); !s.ok()) Die(s.ToString());
  }
  for (const auto& [before, after] : graph.edges()) copy.AddEdge(before, after);
  if (absl::Status s = copy.Validate(); !s.ok()) Die(s.ToString());
  return copy;
}

// OperationManager + PlannerTaskRunner over its own store, registry and the shared fakes.
struct Production {
  fakes::FakeVCenter vcenter{fakes::FakeVCenterOptions{.server = kServer, .ip_block = 1}};
  fakes::FakeVSphereAgent vsphere{"vsphere-a", vcenter};
  fakes::FakeBootstrapAgent bootstrap{"bootstrap-a"};
  fakes::FakeGitOpsAgent gitops{"gitops-a"};
  registry::AgentRegistry registry{eksa::Clock::Real(), absl::Minutes(10)};
  std::string dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<tasks::PlannerTaskRunner> runner;
  ops::EventHub hub;
  std::unique_ptr<ops::OperationManager> manager;
  int runs = 0;
  std::string last_operation;
  std::string last_spec;  // machine names, and so task ids, depend on the cluster's name
};

void StartProduction(Production& p) {
  struct Agent {
    fakes::FakeAgent* fake;
    registry::AgentKind kind;
  };
  for (Agent a : {Agent{&p.vsphere, registry::AgentKind::kVSphere},
                  Agent{&p.bootstrap, registry::AgentKind::kBootstrap},
                  Agent{&p.gitops, registry::AgentKind::kGitOps}}) {
    if (absl::Status s = a.fake->Start(); !s.ok())
      Die("starting fake " + a.fake->id() + ": " + s.ToString());
    registry::AgentInfo info{.id = a.fake->id(),
                             .kind = a.kind,
                             .address = a.fake->address(),
                             .vcenter_servers = {},
                             .capacity = 64,
                             .is_static = true};
    if (a.kind == registry::AgentKind::kVSphere) info.vcenter_servers = {kServer};
    if (absl::Status s = p.registry.Register(info); !s.ok()) Die(s.ToString());
  }
  std::string dir = (std::filesystem::temp_directory_path() / "eksa-planner-bench-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) Die("mkdtemp " + dir);
  p.dir = dir;
  absl::StatusOr<store::SecretBox> box = store::SecretBox::FromKey(store::SecretBox::GenerateKey());
  if (!box.ok()) Die(box.status().ToString());
  absl::StatusOr<std::unique_ptr<store::Store>> s =
      store::OpenSqliteStore(dir + "/planner.db", *box);
  if (!s.ok()) Die("opening the store: " + s.status().ToString());
  p.store = *std::move(s);
  p.runner = std::make_unique<tasks::PlannerTaskRunner>(
      *p.store, p.registry,
      tasks::PlannerTaskRunnerOptions{
          .artifacts_dir = dir + "/artifacts",
          .key_algorithm = eksa::planner::pki::KeyAlgorithm::kEcdsaP256});
  p.manager = std::make_unique<ops::OperationManager>(*p.store, *p.runner, p.hub, PlannerLimits());
}

void StopProduction(Production& p) {
  p.manager.reset();
  p.runner.reset();
  p.store.reset();
  std::error_code ignored;
  std::filesystem::remove_all(p.dir, ignored);
}

void SetFakeLatencies(Production& p, const std::map<std::string, absl::Duration>& latencies) {
  for (fakes::FakeAgent* a :
       std::initializer_list<fakes::FakeAgent*>{&p.vsphere, &p.bootstrap, &p.gitops}) {
    for (const auto& [rpc, latency] : latencies) a->script().SetLatency(rpc, latency);
  }
}

// A create of a new cluster (its own name: records, VMs and the GitOps path are per cluster),
// Start() until the operation's end is stored.
double RunProduction(Production& p, int workers) {
  const std::string name = "bench-p" + std::to_string(++p.runs);
  ops::StartRequest request{.request_id = "bench-prod-" + std::to_string(p.runs),
                            .type = store::OperationType::kCreate,
                            .spec_yaml = SpecText(workers, name),
                            .spec_file = name + ".yaml"};
  request.options.create = BenchCreateOptions();
  auto t0 = SteadyClock::now();
  absl::StatusOr<ops::StartResult> started = p.manager->Start(request);
  if (!started.ok()) Die("starting the operation: " + started.status().ToString());
  p.manager->WaitForIdle();
  auto t1 = SteadyClock::now();
  absl::StatusOr<store::OperationRecord> op = p.store->GetOperation(started->operation.id);
  if (!op.ok() || op->state != store::OperationState::kSucceeded) {
    Die("production operation " + started->operation.id +
        " did not succeed: " + (op.ok() ? op->error.ToString() : op.status().ToString()));
  }
  p.last_operation = started->operation.id;
  p.last_spec = request.spec_yaml;
  return Ms(t1 - t0);
}

// --- Runs ---------------------------------------------------------------------------------------

// A planner's durable half: a SQLite store in a temp dir and the operation manager over it.
struct Planner {
  std::string dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<ops::OperationManager> manager;
  std::string last_operation;  // id of the last operation run through the manager
};

struct Bench {
  AgentClock clock;
  std::vector<std::unique_ptr<HopAgent>> agents;
  std::map<std::string, AgentStubs> stubs;
  registry::AgentRegistry registry{eksa::Clock::Real(), absl::Minutes(10)};
  BenchRunner runner{registry, stubs};
  ops::EventHub hub;
  Planner disk;  // the store where the planner keeps it: a file on disk
  Planner shm;   // the same on tmpfs (/dev/shm): what the store costs without its fsyncs
  Production prod;
  int op_seq = 0;

  long long AgentCalls() const {
    long long n = 0;
    for (const auto& a : agents) n += a->core->calls();
    return n;
  }
};

void StartAgents(Bench& b) {
  b.agents.push_back(StartAgent(registry::AgentKind::kVSphere, "vsphere-1", b.clock));
  b.agents.push_back(StartAgent(registry::AgentKind::kBootstrap, "bootstrap-1", b.clock));
  b.agents.push_back(StartAgent(registry::AgentKind::kGitOps, "gitops-1", b.clock));
  for (const auto& a : b.agents) {
    registry::AgentInfo info{.id = a->id,
                             .kind = a->kind,
                             .address = a->address,
                             .vcenter_servers = {},
                             .capacity = 64,  // above every pool limit: Pick never refuses
                             .is_static = true};
    if (a->kind == registry::AgentKind::kVSphere) info.vcenter_servers = {kServer};
    if (absl::Status s = b.registry.Register(info); !s.ok()) Die(s.ToString());
    AgentStubs& s = b.stubs[a->id];
    s.channel = grpc::CreateChannel(a->address, grpc::InsecureChannelCredentials());
    s.vsphere = vs::VSphereAgentService::NewStub(s.channel);
    s.bootstrap = bs::BootstrapAgentService::NewStub(s.channel);
    s.gitops = go::GitOpsAgentService::NewStub(s.channel);
    // Connect now: the planner keeps its channels, so connection setup is not a per-task cost.
    if (!s.channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(5)))) {
      Die("cannot connect to fake agent " + a->id + " at " + a->address);
    }
  }
}

void OpenStore(Bench& b, Planner& p, const std::filesystem::path& parent) {
  std::string dir = (parent / "eksa-planner-bench-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) Die("mkdtemp " + dir);
  p.dir = dir;
  absl::StatusOr<store::SecretBox> box = store::SecretBox::FromKey(store::SecretBox::GenerateKey());
  if (!box.ok()) Die(box.status().ToString());
  absl::StatusOr<std::unique_ptr<store::Store>> s =
      store::OpenSqliteStore(dir + "/planner.db", *box);
  if (!s.ok()) Die("opening the store: " + s.status().ToString());
  p.store = *std::move(s);
  p.manager = std::make_unique<ops::OperationManager>(*p.store, b.runner, b.hub, PlannerLimits());
}

void CloseStore(Planner& p) {
  p.manager.reset();
  p.store.reset();
  std::error_code ignored;
  std::filesystem::remove_all(p.dir, ignored);
}

void CheckCalls(const Bench& b, long long before, const char* what) {
  long long made = b.AgentCalls() - before;
  if (made != b.runner.expected_calls()) {
    Die(std::string(what) + ": " + std::to_string(made) + " agent RPCs served, expected " +
        std::to_string(b.runner.expected_calls()));
  }
}

// The bare executor with a no-op observer; wall time of Run().
double RunExecutor(Bench& b, const dag::Graph& graph, const dag::ExecutorOptions& options,
                   const char* what) {
  dag::Executor executor(options);
  dag::ExecutionObserver observer;
  dag::Cancellation cancel;
  long long calls = b.AgentCalls();
  auto t0 = SteadyClock::now();
  absl::Status s =
      executor.Run(graph, "bench-" + std::to_string(++b.op_seq), {}, b.runner, observer, cancel);
  auto t1 = SteadyClock::now();
  if (!s.ok()) Die(std::string(what) + ": " + s.ToString());
  CheckCalls(b, calls, what);
  return Ms(t1 - t0);
}

struct OperationTimes {
  double wall_ms;   // Start() until the operation's end is stored
  double start_ms;  // Start() alone: load + plan (twice) + persist the operation and its tasks
};

// The planner's path: OperationManager::Start (load, plan, persist) to the stored end.
OperationTimes RunOperation(Bench& b, Planner& p, const std::string& spec_text) {
  ops::StartRequest request{.request_id = "bench-req-" + std::to_string(++b.op_seq),
                            .type = store::OperationType::kCreate,
                            .spec_yaml = spec_text,
                            .spec_file = "bench.yaml"};
  request.options.create = BenchCreateOptions();
  long long calls = b.AgentCalls();
  auto t0 = SteadyClock::now();
  absl::StatusOr<ops::StartResult> started = p.manager->Start(request);
  auto t1 = SteadyClock::now();
  if (!started.ok()) Die("starting the operation: " + started.status().ToString());
  p.manager->WaitForIdle();
  auto t2 = SteadyClock::now();
  absl::StatusOr<store::OperationRecord> op = p.store->GetOperation(started->operation.id);
  if (!op.ok() || op->state != store::OperationState::kSucceeded) {
    Die("operation " + started->operation.id +
        " did not succeed: " + (op.ok() ? op->error.ToString() : op.status().ToString()));
  }
  CheckCalls(b, calls, "operation");
  p.last_operation = started->operation.id;
  return {Ms(t2 - t0), Ms(t1 - t0)};
}

// Where an operation's overhead went along a critical path, from the times its store recorded:
// `started` is stamped before the task-started commit, `finished` when the runner returned (before
// the task-finished commit). In a task: its duration beyond its latency (task-started commit +
// runner overhead, real work included); between tasks: its start after its last dependency
// finished (that dependency's task-finished commit + dispatch).
struct Breakdown {
  double in_tasks_ms = 0, between_ms = 0;
  std::vector<std::pair<double, std::string>> worst;  // (ms, task id), largest first
};

Breakdown BreakDown(store::Store& st, const std::string& operation_id, const dag::Graph& graph,
                    const std::vector<std::string>& path, double scale) {
  absl::StatusOr<std::vector<store::TaskRecord>> records = st.ListTasks(operation_id);
  if (!records.ok()) Die(records.status().ToString());
  std::map<std::string, store::TaskRecord> by_id;
  for (store::TaskRecord& t : *records) by_id[t.task_id] = std::move(t);
  Breakdown b;
  for (const std::string& id : path) {
    const store::TaskRecord& t = by_id.at(id);
    if (!t.started || !t.finished) Die("task " + id + " has no times");
    double in = Ms(*t.finished - *t.started - LatencyOf(*graph.Find(id), scale));
    double between = 0;
    std::optional<absl::Time> ready;
    for (const std::string& dep : graph.DependenciesOf(id)) {
      const store::TaskRecord& d = by_id.at(dep);
      if (d.finished && (!ready || *d.finished > *ready)) ready = d.finished;
    }
    if (ready) between = Ms(*t.started - *ready);
    b.in_tasks_ms += in;
    b.between_ms += between;
    b.worst.emplace_back(in + between, id);
  }
  std::sort(b.worst.rbegin(), b.worst.rend());
  return b;
}

std::string Describe(const Breakdown& b) {
  char line[256];
  std::snprintf(line, sizeof line,
                "in tasks %.1f ms, between tasks %.1f ms; largest:", b.in_tasks_ms, b.between_ms);
  std::string out = line;
  for (size_t i = 0; i < b.worst.size() && i < 3; ++i) {
    std::snprintf(line, sizeof line, " %s %.1f", b.worst[i].second.c_str(), b.worst[i].first);
    out += line;
  }
  return out;
}

struct Row {
  int workers = 0;
  size_t tasks = 0;
  long long rpcs = 0;
  int crit_tasks = 0, crit_rpcs = 0;
  double crit = 0, sched = 0, local = 0, exec = 0, wall = 0, start = 0, shm = 0, serial = 0;
  double prod_crit = 0, prod_sched = 0, prod_wall = 0;  // production runner cross-check
  Breakdown hop_breakdown, prod_breakdown;              // of the last round's operation
};

Row MeasureWorkers(Bench& b, int workers) {
  const std::string text = SpecText(workers);
  const dag::Graph graph = BuildOrDie(LoadOrDie(text));
  const dag::Graph serial = SerialCopy(graph);
  absl::StatusOr<dag::CriticalPath> cp = graph.ComputeCriticalPath();
  if (!cp.ok()) Die(cp.status().ToString());
  Row row{.workers = workers};
  for (const dag::TaskSpec& t : graph.tasks()) row.tasks += t.on_failure ? 0 : 1;
  row.crit = Ms(cp->length * kScale);
  row.crit_tasks = static_cast<int>(cp->task_ids.size());
  const std::map<std::string, Route> routes = Routes(Nodes(workers));
  for (const std::string& id : cp->task_ids) {
    auto r = routes.find(graph.Find(id)->kind);
    if (r != routes.end()) row.crit_rpcs += static_cast<int>(r->second.steps.size());
  }
  row.sched = Ms(IdealSchedule(graph, PlannerLimits(), kScale));
  const std::map<std::string, absl::Duration> fake_latencies =
      FakeLatencies(graph, Nodes(workers), kScale);
  const dag::Graph served = ServedLatencyGraph(graph, Nodes(workers), fake_latencies);
  absl::StatusOr<dag::CriticalPath> served_cp = served.ComputeCriticalPath();
  if (!served_cp.ok()) Die(served_cp.status().ToString());
  row.prod_crit = Ms(served_cp->length);
  row.prod_sched = Ms(IdealSchedule(served, PlannerLimits(), 1));
  SetFakeLatencies(b.prod, fake_latencies);
  std::vector<double> local, exec, wall, start, shm, ser, prod;
  for (int round = 0; round < kRounds; ++round) {
    b.runner.Prepare(graph, Nodes(workers), kScale, /*hop=*/false);
    local.push_back(RunExecutor(b, graph, PlannerLimits(), "executor, in-process sleeps"));
    b.runner.Prepare(graph, Nodes(workers), kScale, /*hop=*/true);
    row.rpcs = b.runner.expected_calls();
    exec.push_back(RunExecutor(b, graph, PlannerLimits(), "executor + agents"));
    OperationTimes op = RunOperation(b, b.disk, text);
    wall.push_back(op.wall_ms);
    start.push_back(op.start_ms);
    shm.push_back(RunOperation(b, b.shm, text).wall_ms);
    ser.push_back(RunExecutor(b, serial, SerialLimits(), "serial"));
    prod.push_back(RunProduction(b.prod, workers));
  }
  row.prod_wall = Median(prod);
  row.hop_breakdown = BreakDown(*b.disk.store, b.disk.last_operation, graph, cp->task_ids, kScale);
  const dag::Graph last =
      ServedLatencyGraph(BuildOrDie(LoadOrDie(b.prod.last_spec)), Nodes(workers), fake_latencies);
  absl::StatusOr<dag::CriticalPath> last_cp = last.ComputeCriticalPath();
  if (!last_cp.ok()) Die(last_cp.status().ToString());
  row.prod_breakdown = BreakDown(*b.prod.store, b.prod.last_operation, last, last_cp->task_ids, 1);
  row.local = Median(local);
  row.exec = Median(exec);
  row.wall = Median(wall);
  row.start = Median(start);
  row.shm = Median(shm);
  row.serial = Median(ser);
  return row;
}

// Unit costs behind the overhead: one RPC to a fake agent, the lateness of a served latency and of
// an in-process sleep, one store commit. Medians, in microseconds.
void ProbeUnitCosts(Bench& b) {
  AgentStubs& stubs = b.stubs.at("vsphere-1");
  auto call = [&](long long micros) {
    grpc::ClientContext context;
    context.AddMetadata(kLatencyKey, std::to_string(micros));
    vs::CheckVCenterRequest request;
    vs::CheckVCenterResponse response;
    auto t0 = SteadyClock::now();
    grpc::Status s = stubs.vsphere->CheckVCenter(&context, request, &response);
    auto t1 = SteadyClock::now();
    if (!s.ok()) Die("probe RPC: " + s.error_message());
    return Ms(t1 - t0) * 1000;
  };
  std::vector<double> rtt, late, sleep, commit;
  for (int i = 0; i < 300; ++i) rtt.push_back(call(0));
  for (int i = 0; i < 50; ++i) late.push_back(call(2000) - 2000);
  for (int i = 0; i < 50; ++i) {
    auto t0 = SteadyClock::now();
    absl::SleepFor(absl::Milliseconds(2));
    sleep.push_back(Ms(SteadyClock::now() - t0) * 1000 - 2000);
  }
  for (int i = 0; i < 50; ++i) {
    auto t0 = SteadyClock::now();
    absl::StatusOr<int64_t> seq = b.disk.store->AppendEvent({.operation_id = b.disk.last_operation,
                                                             .type = "bench-probe",
                                                             .message = "probe",
                                                             .level = 9});
    if (!seq.ok()) Die("probe commit: " + seq.status().ToString());
    commit.push_back(Ms(SteadyClock::now() - t0) * 1000);
  }
  std::printf(
      "unit costs (median, us): gRPC round trip to a fake agent %.0f; served latency late by "
      "%.0f; in-process sleep late by %.0f; store commit (one event, WAL fsync) %.0f\n",
      Median(rtt), Median(late), Median(sleep), Median(commit));
}

// --- 1,000 workers ------------------------------------------------------------------------------

double StatusMiB(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::atof(line.c_str() + prefix.size()) / 1024.0;
  }
  return 0;
}

// Resets VmHWM to the current RSS (Linux: "5" > /proc/self/clear_refs); false if refused.
bool ResetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return out.good();
}

void MeasureThousand(Bench& b) {
  constexpr int kWorkers = 1000;
  std::printf("\n== 1,000 workers, no-op agents (zero latency): plan and schedule\n");
  const bool reset = ResetPeakRss();
  const double hwm_before = StatusMiB("VmHWM");
  const double rss_before = StatusMiB("VmRSS");
  const std::string text = SpecText(kWorkers);
  std::vector<double> load, build, crit;
  std::unique_ptr<dag::Graph> graph;
  size_t edges = 0;
  for (int round = 0; round < kRounds; ++round) {
    auto t0 = SteadyClock::now();
    eksa::spec::ClusterSpec spec = LoadOrDie(text);
    auto t1 = SteadyClock::now();
    dag::Graph g = BuildOrDie(spec);  // builds and validates (cycles, unknown ends)
    auto t2 = SteadyClock::now();
    absl::StatusOr<dag::CriticalPath> cp = g.ComputeCriticalPath();
    auto t3 = SteadyClock::now();
    if (!cp.ok()) Die(cp.status().ToString());
    load.push_back(Ms(t1 - t0));
    build.push_back(Ms(t2 - t1));
    crit.push_back(Ms(t3 - t2));
    edges = g.edges().size();
    graph = std::make_unique<dag::Graph>(std::move(g));
  }
  size_t tasks = 0;
  for (const dag::TaskSpec& t : graph->tasks()) tasks += t.on_failure ? 0 : 1;
  std::printf(
      "plan (%zu tasks, %zu edges, %zu spec bytes): load spec %.2f ms, build + validate "
      "%.2f ms, critical path %.2f ms, total %.2f ms\n",
      tasks, edges, text.size(), Median(load), Median(build), Median(crit),
      Median(load) + Median(build) + Median(crit));

  std::vector<double> local, exec, wall, shm;
  for (int round = 0; round < kRounds; ++round) {
    b.runner.Prepare(*graph, Nodes(kWorkers), 0, /*hop=*/false);
    local.push_back(RunExecutor(b, *graph, PlannerLimits(), "no-op, in-process"));
    b.runner.Prepare(*graph, Nodes(kWorkers), 0, /*hop=*/true);
    exec.push_back(RunExecutor(b, *graph, PlannerLimits(), "no-op agents"));
    wall.push_back(RunOperation(b, b.disk, text).wall_ms);
    shm.push_back(RunOperation(b, b.shm, text).wall_ms);
  }
  const long long rpcs = b.runner.expected_calls();
  const double hwm_core = StatusMiB("VmHWM");
  std::map<std::string, absl::Duration> no_latency = FakeLatencies(*graph, Nodes(kWorkers), 0);
  SetFakeLatencies(b.prod, no_latency);
  std::vector<double> prod;
  for (int round = 0; round < kRounds; ++round) prod.push_back(RunProduction(b.prod, kWorkers));
  std::printf("%-58s %10s %10s\n", "schedule (median of 3)", "ms", "tasks/s");
  auto line = [&](const char* what, double ms) {
    std::printf("%-58s %10.1f %10.0f\n", what, ms, tasks / (ms / 1000));
  };
  line("executor, in-process no-op runner", Median(local));
  line(("executor + gRPC no-op agents (" + std::to_string(rpcs) + " RPCs)").c_str(), Median(exec));
  line("OperationManager (SQLite store on disk) + gRPC no-op agents", Median(wall));
  line("OperationManager (SQLite store on tmpfs) + gRPC no-op agents", Median(shm));
  line("production: OperationManager + PlannerTaskRunner + tests/fakes", Median(prod));
  const double hwm_after = StatusMiB("VmHWM");
  std::printf(
      "planner RSS (VmHWM of this process, agents included): %.1f MiB before%s; %.1f MiB after "
      "the runs above\n  but the production one (+%.1f); %.1f MiB after it too (+%.1f: the fake "
      "vCenter keeps\n  every VM with its userdata, and the runner its caches); VmRSS %.1f -> "
      "%.1f MiB\n",
      hwm_before, reset ? " (peak reset)" : " (peak not resettable)", hwm_core,
      hwm_core - hwm_before, hwm_after, hwm_after - hwm_before, rss_before, StatusMiB("VmRSS"));
}

}  // namespace

int main() {
  Bench b;
  StartAgents(b);
  StartProduction(b.prod);
  OpenStore(b, b.disk, std::filesystem::temp_directory_path());
  OpenStore(b, b.shm, "/dev/shm");
  std::printf(
      "== planner: create DAG, 3 etcd + 3 control plane + N workers + GitOps; 1 s of estimate "
      "= 1 ms of latency\n");
  std::printf(
      "path: OperationManager + SQLite store + dag::Executor (pool limits local 4, vsphere 16, "
      "bootstrap 4, gitops 2)\n"
      "  + bench runner: every agent task crosses real gRPC calls (generated eksa.*.v1 "
      "services) to in-process\n"
      "  fake vSphere, bootstrap and GitOps agents on 127.0.0.1 that serve its latency; "
      "local tasks sleep in-process.\n"
      "  (the hop is the bench's own: tests/fakes/agents' latency is per RPC name and cannot "
      "give each task its\n"
      "  own; PlannerTaskRunner + those fakes are measured below as a cross-check)\n");
  std::printf("columns, ms, median of %d interleaved rounds:\n", kRounds);
  std::printf(
      "  crit    critical path (sum of the scaled estimates along it)\n"
      "  sched   schedule the pool limits allow with zero overhead (executor policy, "
      "simulated)\n"
      "  inproc  executor, every task sleeping in-process    grpc   executor + agent "
      "tasks over gRPC\n"
      "  wall    OperationManager, store on disk (%s)\n"
      "  tmpfs   the same, store on %s (no fsync cost)\n"
      "  serial  the same tasks one at a time (one pool of limit 1), executor + gRPC\n",
      b.disk.dir.c_str(), b.shm.dir.c_str());
  std::printf("%7s %5s %4s %7s %7s %7s %7s %7s %7s %9s %10s %10s %8s %11s\n", "workers", "tasks",
              "rpcs", "crit", "sched", "inproc", "grpc", "wall", "tmpfs", "wall/crit", "wall/sched",
              "tmpfs/crit", "serial", "serial/wall");
  std::vector<Row> rows;
  for (int workers : {10, 100}) {
    Row r = MeasureWorkers(b, workers);
    rows.push_back(r);
    std::printf(
        "%7d %5zu %4lld %7.1f %7.1f %7.1f %7.1f %7.1f %7.1f %9.2f %10.2f %10.2f %8.1f %11.2f\n",
        r.workers, r.tasks, r.rpcs, r.crit, r.sched, r.local, r.exec, r.wall, r.shm,
        r.wall / r.crit, r.wall / r.sched, r.shm / r.crit, r.serial, r.serial / r.wall);
    std::fflush(stdout);
  }
  std::printf(
      "cross-check, the production path: OperationManager (store on disk) + PlannerTaskRunner "
      "(real task code,\n"
      "  ECDSA P-256 keys) + tests/fakes/agents over gRPC. The fakes' latency is per RPC name: "
      "ApplyManifests serves\n"
      "  all three of its tasks 30 ms, WaitFor serves wait-control-plane 60 ms / nodes, so crit "
      "and sched are\n"
      "  recomputed from the latencies served (local tasks: 0, their real work is overhead)\n");
  std::printf("%7s %7s %7s %7s %9s %10s\n", "workers", "crit", "sched", "wall", "wall/crit",
              "wall/sched");
  for (const Row& r : rows) {
    std::printf("%7d %7.1f %7.1f %7.1f %9.2f %10.2f\n", r.workers, r.prod_crit, r.prod_sched,
                r.prod_wall, r.prod_wall / r.prod_crit, r.prod_wall / r.prod_sched);
  }
  for (const Row& r : rows) {
    std::printf(
        "%3d workers: wall - sched = %.1f ms over %d critical-path tasks (%d RPCs): "
        "executor + sleeps %.1f, gRPC hop %.1f,\n"
        "             store work %.1f, store fsyncs %.1f (Start(): load, plan, persist "
        "%.1f of it)\n",
        r.workers, r.wall - r.sched, r.crit_tasks, r.crit_rpcs, r.local - r.sched, r.exec - r.local,
        r.shm - r.exec, r.wall - r.shm, r.start);
  }
  std::printf(
      "10 workers, along the critical path, from the store's task times (last round, ms):\n");
  std::printf("  wall:       %s\n", Describe(rows[0].hop_breakdown).c_str());
  std::printf("  production: %s\n", Describe(rows[0].prod_breakdown).c_str());
  ProbeUnitCosts(b);
  std::fflush(stdout);
  MeasureThousand(b);
  CloseStore(b.disk);
  CloseStore(b.shm);
  StopProduction(b.prod);
  for (auto& a : b.agents) a->server->Shutdown(absl::ToChronoTime(absl::Now()));
  std::printf("RESULT planner_wall_over_critical_path %.2f\n", rows[0].wall / rows[0].crit);
  return 0;
}
