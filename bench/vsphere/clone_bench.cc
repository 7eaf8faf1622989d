// vSphere clone benchmark (bench/run vsphere-clone): clone + power-on of N VMs (default 100)
// from one source VM on the testbed's vCenter simulator, measured three ways in one run:
//   - agent c1: CreateVm (power_on) through the agent's gRPC service — the real
//     VSphereAgentService (routing, concurrency slot, request_id idempotency, metrics) in front
//     of ClientBackend, in-process on 127.0.0.1 — one call at a time;
//   - agent c8: the same with 8 calls at once;
//   - backend c1: ClientBackend::CreateVm called directly, one at a time (the backend alone,
//     without the gRPC hop and the service);
//   - grpc hop: CreateVm requests the backend rejects at once (num_cpus -1), one at a
//     time: what the gRPC hop and the service cost by themselves;
//   - floor: the same work as a raw SOAP loop on one kept-alive HTTPS connection using only
//     client/soap (soap::Client, XmlWriter, Response): CloneVM_Task, one RetrievePropertiesEx of
//     the task per poll until it ends, PowerOnVM_Task, the same wait. No lookups, no checks, no
//     gRPC: the least a client can send for this work.
// Each round runs the modes in a rotated order (interleaved, so a noisy machine weighs on all of
// them alike) on fresh VM names; after each mode its VMs are destroyed, untimed, so every mode
// starts from the same inventory. Per-VM milliseconds are wall time ÷ VMs; p50/p95 are per call
// (at concurrency 8 a call's latency includes its wait for a slot).
//
// Last line: RESULT vsphere_agent_over_floor <median over rounds of agent c1 ms/VM ÷ floor
// ms/VM>.
//
// The simulator comes from the environment, named as the testbed exports it
// (EKSA_TESTBED_VCENTER_SERVER, _PORT, _USERNAME, _PASSWORD, _THUMBPRINT, _DATACENTER,
// _SOURCE_VM, _RESOURCE_POOL, _DATASTORE, _FOLDER, _NETWORK); bench/vsphere/run.sh starts one for
// the bench. Flags: --vms N, --rounds R.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/client_backend.h"
#include "services/vsphere-agent/backend/testing/in_process_agent.h"
#include "services/vsphere-agent/client/soap/client.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/transport/curl_transport.h"

namespace {

namespace backend = eksa::vsphere_agent::backend;
namespace soap = eksa::vsphere::soap;
namespace transport = eksa::vsphere::transport;
namespace v1 = eksa::vsphere::v1;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "vsphere_clone_bench: %s\n", what.c_str());
  std::exit(1);
}

std::string Env(const std::string& name, const std::string& fallback = "") {
  const char* v = std::getenv(("EKSA_TESTBED_VCENTER_" + name).c_str());
  if (v != nullptr) return v;
  if (fallback.empty()) Die("EKSA_TESTBED_VCENTER_" + name + " is not set");
  return fallback;
}

double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

// --- the floor: raw SOAP on one connection ------------------------------------------------

class SoapFloor {
 public:
  absl::Status Setup() {
    absl::StatusOr<std::string> url = transport::BaseUrlFromServer(
        Env("SERVER") + (Env("PORT", "443") == "443" ? "" : ":" + Env("PORT", "443")));
    if (!url.ok()) return url.status();
    EKSA_ASSIGN_OR_RETURN(
        transport_,
        transport::CurlTransport::Create(
            {.base_url = *url, .tls = {.thumbprint = Env("THUMBPRINT")}, .max_connections = 1}));
    client_ = std::make_unique<soap::Client>(*transport_);
    soap::XmlWriter sc;
    sc.This({.type = "ServiceInstance", .value = "ServiceInstance"});
    EKSA_ASSIGN_OR_RETURN(soap::Response content,
                          client_->Call("RetrieveServiceContent", sc.str()));
    pugi::xml_node rv = content.returnval();
    EKSA_ASSIGN_OR_RETURN(soap::MoRef sessions,
                          soap::ParseMoRef(soap::Child(rv, "sessionManager")));
    EKSA_ASSIGN_OR_RETURN(pc_, soap::ParseMoRef(soap::Child(rv, "propertyCollector")));
    EKSA_ASSIGN_OR_RETURN(soap::MoRef index, soap::ParseMoRef(soap::Child(rv, "searchIndex")));
    soap::XmlWriter login;
    login.This(sessions).Element("userName", Env("USERNAME")).Element("password", Env("PASSWORD"));
    EKSA_RETURN_IF_ERROR(client_->Call("Login", login.str()).status());
    auto find = [&](const std::string& path) -> absl::StatusOr<soap::MoRef> {
      soap::XmlWriter w;
      w.This(index).Element("inventoryPath", path);
      EKSA_ASSIGN_OR_RETURN(soap::Response r, client_->Call("FindByInventoryPath", w.str()));
      if (!r.returnval()) return absl::NotFoundError(path + " not found");
      return soap::ParseMoRef(r.returnval());
    };
    EKSA_ASSIGN_OR_RETURN(source_, find(Env("SOURCE_VM")));
    EKSA_ASSIGN_OR_RETURN(folder_, find(Env("FOLDER")));
    EKSA_ASSIGN_OR_RETURN(pool_, find(Env("RESOURCE_POOL")));
    EKSA_ASSIGN_OR_RETURN(datastore_, find(Env("DATASTORE")));
    return absl::OkStatus();
  }

  // CloneVM_Task + wait + PowerOnVM_Task + wait.
  absl::Status CloneAndPowerOn(const std::string& name) {
    soap::XmlWriter clone;
    clone.This(source_)
        .Ref("folder", folder_)
        .Element("name", name)
        .Open("spec")
        .Open("location")
        .Ref("datastore", datastore_)
        .Ref("pool", pool_)
        .Close()
        .Element("template", false)
        .Element("powerOn", false)
        .Close();
    EKSA_ASSIGN_OR_RETURN(soap::MoRef vm, RunTask("CloneVM_Task", clone.str()));
    soap::XmlWriter on;
    on.This(vm);
    return RunTask("PowerOnVM_Task", on.str()).status();
  }

  int64_t connections() const { return transport_->ConnectionsOpened(); }

 private:
  // Starts a *_Task method and polls its info until it ends; the task's result reference.
  absl::StatusOr<soap::MoRef> RunTask(const std::string& method, const std::string& body) {
    EKSA_ASSIGN_OR_RETURN(soap::Response started, client_->Call(method, body));
    EKSA_ASSIGN_OR_RETURN(soap::MoRef task, soap::ParseMoRef(started.returnval()));
    soap::XmlWriter poll;
    poll.This(pc_)
        .Open("specSet")
        .Open("propSet")
        .Element("type", "Task")
        .Element("pathSet", "info.state")
        .Element("pathSet", "info.result")
        .Close()
        .Open("objectSet")
        .Ref("obj", task)
        .Close()
        .Close()
        .Open("options")
        .Close();
    for (;;) {
      EKSA_ASSIGN_OR_RETURN(soap::Response r, client_->Call("RetrievePropertiesEx", poll.str()));
      std::string state;
      soap::MoRef result;
      for (pugi::xml_node p : soap::Children(soap::Child(r.returnval(), "objects"), "propSet")) {
        if (soap::ChildText(p, "name") == "info.state") state = soap::ChildText(p, "val");
        if (soap::ChildText(p, "name") == "info.result") {
          absl::StatusOr<soap::MoRef> ref = soap::ParseMoRef(soap::Child(p, "val"));
          if (ref.ok()) result = *ref;
        }
      }
      if (state == "success") return result;
      if (state == "error") return absl::InternalError(method + " " + task.value + " failed");
      absl::SleepFor(absl::Milliseconds(1));
    }
  }

  std::unique_ptr<transport::CurlTransport> transport_;
  std::unique_ptr<soap::Client> client_;
  soap::MoRef pc_, source_, folder_, pool_, datastore_;
};

// --- the agent: CreateVm over gRPC --------------------------------------------------------

v1::CreateVmRequest CreateRequest(const std::string& name) {
  v1::CreateVmRequest r;
  r.set_request_id("bench-" + name);
  r.set_server(Env("SERVER"));
  r.set_datacenter(Env("DATACENTER"));
  r.set_vm_name(name);
  r.set_folder(Env("FOLDER"));
  r.set_datastore(Env("DATASTORE"));
  r.set_resource_pool(Env("RESOURCE_POOL"));
  r.add_networks(Env("NETWORK"));
  r.set_template_(Env("SOURCE_VM"));
  r.set_clone_mode(v1::CLONE_MODE_FULL);
  r.set_power_on(true);
  return r;
}

absl::Status CreateOverGrpc(v1::VSphereAgentService::Stub& stub, const std::string& name) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::CreateVmResponse resp;
  grpc::Status s = stub.CreateVm(&ctx, CreateRequest(name), &resp);
  if (!s.ok()) return absl::InternalError("CreateVm " + name + ": " + s.error_message());
  if (!resp.created() || resp.vm().power_state() != v1::POWER_STATE_POWERED_ON) {
    return absl::InternalError("CreateVm " + name + ": not created and powered on");
  }
  return absl::OkStatus();
}

// --- measurement ---------------------------------------------------------------------------

struct Sample {
  double ms_per_vm = 0;      // wall / N
  std::vector<double> each;  // per-VM latencies (sequential modes)
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

double Median(std::vector<double> v) { return Percentile(std::move(v), 0.5); }

// Runs `one(name)` for `names`, `threads` at a time.
Sample Measure(const std::vector<std::string>& names, int threads,
               const std::function<absl::Status(const std::string&)>& one) {
  Sample s;
  std::vector<double> each(names.size());
  std::atomic<size_t> next{0};
  const absl::Time start = absl::Now();
  auto worker = [&] {
    for (size_t i; (i = next++) < names.size();) {
      const absl::Time t0 = absl::Now();
      if (absl::Status st = one(names[i]); !st.ok()) Die(std::string(st.message()));
      each[i] = Ms(absl::Now() - t0);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  s.ms_per_vm = Ms(absl::Now() - start) / static_cast<double>(names.size());
  s.each = std::move(each);
  return s;
}

void DestroyAll(backend::ClientBackend& b, const std::vector<std::string>& names) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < 8; ++t) {
    pool.emplace_back([&] {
      for (size_t i; (i = next++) < names.size();) {
        v1::DestroyVmRequest r;
        r.set_request_id("bench-destroy-" + names[i]);
        r.set_datacenter(Env("DATACENTER"));
        r.mutable_vm()->set_path(Env("FOLDER") + "/" + names[i]);
        absl::StatusOr<v1::DestroyVmResponse> d =
            b.DestroyVm(r, {.deadline = absl::Now() + absl::Seconds(60)});
        if (!d.ok()) Die("destroying " + names[i] + ": " + std::string(d.status().message()));
      }
    });
  }
  for (std::thread& t : pool) t.join();
}

backend::ClientBackendOptions Options() {
  return {.server = Env("SERVER"),
          .port = std::atoi(Env("PORT", "443").c_str()),
          .thumbprint = Env("THUMBPRINT"),
          .username = Env("USERNAME"),
          .password = Env("PASSWORD"),
          .max_connections = 9};
}

}  // namespace

int main(int argc, char** argv) {
  int vms = 100, rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--vms") == 0) vms = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::atoi(argv[i + 1]);
  }

  SoapFloor floor;
  if (absl::Status s = floor.Setup(); !s.ok()) Die("floor setup: " + std::string(s.message()));
  absl::StatusOr<std::unique_ptr<backend::ClientBackend>> agent_backend =
      backend::MakeClientBackend(Options());
  if (!agent_backend.ok()) Die(std::string(agent_backend.status().message()));
  // Called directly ("backend c1") and to destroy each mode's VMs.
  absl::StatusOr<std::unique_ptr<backend::ClientBackend>> direct =
      backend::MakeClientBackend(Options());
  if (!direct.ok()) Die(std::string(direct.status().message()));
  absl::StatusOr<std::unique_ptr<backend::testing::InProcessAgent>> agent =
      backend::testing::InProcessAgent::Start(
          *std::move(agent_backend),
          {.server = Env("SERVER"), .concurrency = 8, .datacenter = Env("DATACENTER")});
  if (!agent.ok()) Die(std::string(agent.status().message()));
  v1::VSphereAgentService::Stub& stub = (*agent)->stub();

  struct Mode {
    std::string name;
    int threads;
    std::function<absl::Status(const std::string&)> one;
  };
  const std::vector<Mode> modes = {
      {"floor", 1, [&](const std::string& n) { return floor.CloneAndPowerOn(n); }},
      {"agent c1", 1, [&](const std::string& n) { return CreateOverGrpc(stub, n); }},
      {"agent c8", 8, [&](const std::string& n) { return CreateOverGrpc(stub, n); }},
      {"backend c1", 1,
       [&](const std::string& n) {
         return (*direct)
             ->CreateVm(CreateRequest(n), {.deadline = absl::Now() + absl::Seconds(60)})
             .status();
       }},
      {"grpc hop", 1,
       [&](const std::string& n) {
         grpc::ClientContext ctx;
         v1::CreateVmRequest r = CreateRequest(n);
         r.set_num_cpus(-1);  // INVALID_ARGUMENT in the backend, before any vCenter call
         v1::CreateVmResponse resp;
         grpc::Status s = stub.CreateVm(&ctx, r, &resp);
         return s.error_code() == grpc::StatusCode::INVALID_ARGUMENT
                    ? absl::OkStatus()
                    : absl::InternalError("grpc hop: " + s.error_message());
       }},
  };
  std::printf("== vsphere-clone: clone + power-on of %d VMs from %s, %d interleaved rounds\n", vms,
              Env("SOURCE_VM").c_str(), rounds);

  // Warm-up (untimed): the agent logs in and fills its inventory caches; TLS connections open.
  std::vector<std::string> warm;
  for (size_t m = 0; m < modes.size(); ++m) {
    std::vector<std::string> names;
    for (int i = 0; i < 3; ++i)
      names.push_back("bench-warm-" + std::to_string(m) + "-" + std::to_string(i));
    Measure(names, modes[m].threads, modes[m].one);
    warm.insert(warm.end(), names.begin(), names.end());
  }
  DestroyAll(**direct, warm);

  std::map<std::string, std::vector<Sample>> samples;
  std::vector<double> ratios;
  for (int round = 0; round < rounds; ++round) {
    std::map<std::string, double> ms;
    for (size_t k = 0; k < modes.size(); ++k) {
      const Mode& mode = modes[(k + round) % modes.size()];
      std::vector<std::string> names;
      for (int i = 0; i < vms; ++i) {
        std::string tag = mode.name;
        std::replace(tag.begin(), tag.end(), ' ', '-');
        names.push_back("bench-r" + std::to_string(round) + "-" + tag + "-" + std::to_string(i));
      }
      Sample s = Measure(names, mode.threads, mode.one);
      ms[mode.name] = s.ms_per_vm;
      samples[mode.name].push_back(std::move(s));
      DestroyAll(**direct, names);  // every mode starts from the same inventory
    }
    ratios.push_back(ms["agent c1"] / ms["floor"]);
    std::printf("round %d:", round + 1);
    for (const Mode& mode : modes) std::printf(" %s %.2f", mode.name.c_str(), ms[mode.name]);
    std::printf(" ms/VM; agent c1 / floor %.2f\n", ratios.back());
  }

  std::printf("\n%-10s %12s %10s %10s %12s\n", "mode", "ms/VM (med)", "p50 ms", "p95 ms",
              "VMs/s (med)");
  for (const Mode& mode : modes) {
    std::vector<double> per_vm, all;
    for (const Sample& s : samples[mode.name]) {
      per_vm.push_back(s.ms_per_vm);
      all.insert(all.end(), s.each.begin(), s.each.end());
    }
    const double med = Median(per_vm);
    std::printf("%-10s %12.2f %10.2f %10.2f %12.0f\n", mode.name.c_str(), med, Percentile(all, 0.5),
                Percentile(all, 0.95), 1000.0 / med);
  }
  std::printf("floor connections opened: %lld (one kept alive)\n",
              static_cast<long long>(floor.connections()));
  std::printf("RESULT vsphere_agent_over_floor %.2f\n", Median(ratios));
  return 0;
}
