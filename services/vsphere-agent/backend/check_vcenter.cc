// CheckVCenter, in EKS-A's order (validateVCenterAccess, validateThumbprint, validateDatacenter,
// validateNetwork, then the user's privileges and the control-plane IP): a TLS probe ("Connected
// to server", the presented thumbprint), the agent's session ("Authenticated to vSphere"), the
// spec's thumbprint against the presented one, the datacenter, each network. A check that
// cannot run because an earlier one failed is not reported (no datacenter: no network checks).
// The RPC fails only when the caller's deadline passes or it is cancelled.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/check_results.h"
#include "services/vsphere-agent/backend/privileges.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/server_probe.h"
#include "services/vsphere-agent/backend/vcenter_checks.h"
#include "services/vsphere-agent/client/vim/inventory_tree.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace vim = vsphere::vim;

constexpr absl::Duration kIpDialTimeout = absl::Milliseconds(500);

// The names of the entities of `types` below `base`, for a remediation ("datacenters on this
// server: DC0, DC1"); "" when they cannot be listed.
std::string NamesBelow(RpcScope& rpc, const vim::MoRef& base, const std::vector<std::string>& types,
                       vim::SubtreeScope scope) {
  const vim::PropertyCollector pc = rpc.pc();
  absl::StatusOr<std::vector<vim::InventoryEntity>> all = vim::ListSubtree(pc, base, scope);
  if (!all.ok()) return "";
  std::vector<std::string> names;
  for (const vim::InventoryEntity& e : *all) {
    if (std::find(types.begin(), types.end(), e.ref.type) != types.end()) names.push_back(e.name);
  }
  std::sort(names.begin(), names.end());
  return absl::StrJoin(names, ", ");
}

absl::StatusOr<vim::Datacenter> CheckDatacenter(RpcScope& rpc, const v1::CheckVCenterRequest& req,
                                                const std::string& subject,
                                                v1::CheckVCenterResponse& response) {
  absl::StatusOr<vim::Datacenter> dc = rpc.Datacenter(req.datacenter());
  if (dc.ok()) {
    *response.add_checks() = Passed(check::kDatacenter, subject, "datacenter " + dc->object.path);
    response.set_datacenter_path(dc->object.path);
    return dc;
  }
  std::string remediation = "check spec.datacenter";
  if (dc.status().code() == absl::StatusCode::kNotFound) {
    std::string names =
        NamesBelow(rpc, rpc.content().root_folder, {"Datacenter"}, vim::SubtreeScope::kFoldersOnly);
    if (!names.empty()) remediation += "; datacenters on " + req.server() + ": " + names;
  }
  *response.add_checks() =
      Failed(check::kDatacenter, subject, Lowercased(dc.status()), remediation);
  return dc.status();
}

void CheckNetworks(RpcScope& rpc, const v1::CheckVCenterRequest& req, const vim::Datacenter& dc,
                   const std::string& subject, v1::CheckVCenterResponse& response) {
  std::string known;  // listed once, on the first missing network
  for (const std::string& name : req.networks()) {
    absl::StatusOr<vim::InventoryObject> net = rpc.FindOne(dc, vim::ObjectKind::kNetwork, name);
    response.add_network_paths(net.ok() ? net->path : "");
    if (net.ok()) {
      *response.add_checks() = Passed(check::kNetwork, subject, "network " + net->path);
      continue;
    }
    std::string remediation = "check spec.network and the worker machine configs' networks";
    if (net.status().code() == absl::StatusCode::kNotFound) {
      if (known.empty()) {
        known = NamesBelow(rpc, dc.network_folder,
                           {"Network", "DistributedVirtualPortgroup", "OpaqueNetwork"},
                           vim::SubtreeScope::kEverything);
      }
      if (!known.empty()) remediation += "; networks in " + dc.object.path + "/network: " + known;
    }
    *response.add_checks() =
        Failed(check::kNetwork, subject, Lowercased(net.status()), remediation);
  }
}

}  // namespace

absl::StatusOr<v1::CheckVCenterResponse> CheckVCenter(BackendState& state,
                                                      const v1::CheckVCenterRequest& request,
                                                      const CallContext& context) {
  const ClientBackendOptions& o = state.options;
  const std::string subject = "server " + request.server();
  const std::string address = o.server + ":" + std::to_string(o.port);
  v1::CheckVCenterResponse response;

  absl::Duration budget = o.connect_timeout;
  if (context.deadline != absl::InfiniteFuture()) {
    budget = std::min(budget, context.deadline - absl::Now());
  }
  absl::StatusOr<ServerProbe> probe = ProbeServer(o.server, o.port, o.ca_file, budget);
  *response.add_checks() = ConnectedCheck(subject, address, probe);
  if (!probe.ok()) return response;
  response.set_server_thumbprint(probe->thumbprint);

  absl::StatusOr<vsphere::session::Session*> session = state.connection->Session();
  vsphere::session::AboutInfo about;
  if (session.ok()) about = (*session)->service_content().about;
  *response.add_checks() =
      AuthenticatedCheck(subject, request.server(), o.username, session.status(), about);
  *response.add_checks() =
      ThumbprintCheck(subject, request.thumbprint(), request.insecure(), *probe);
  if (!session.ok()) return response;
  v1::VCenterAbout* a = response.mutable_about();
  a->set_version(about.version);
  a->set_build(about.build);
  a->set_api_version(about.api_version);
  a->set_instance_uuid(about.instance_uuid);

  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  absl::StatusOr<vim::Datacenter> dc = CheckDatacenter(*rpc, request, subject, response);
  EKSA_RETURN_IF_ERROR(rpc->caller().Alive("checking vCenter " + request.server()));
  if (dc.ok()) {
    CheckNetworks(*rpc, request, *dc, subject, response);
  } else {
    for (int i = 0; i < request.networks_size(); ++i) response.add_network_paths("");
  }
  if (request.check_privileges()) {
    *response.add_checks() =
        PrivilegesCheck(subject, o.username, "/",
                        MissingPrivileges(rpc->caller(), rpc->content(), rpc->content().root_folder,
                                          rpc->session().user_session().key, GlobalPrivileges()));
  }
  if (!request.control_plane_ip().empty()) {
    *response.add_checks() = ControlPlaneIpCheck(
        request.control_plane_ip(), Dial(request.control_plane_ip(), 80, kIpDialTimeout));
  }
  EKSA_RETURN_IF_ERROR(rpc->caller().Alive("checking vCenter " + request.server()));
  return response;
}

}  // namespace eksa::vsphere_agent::backend
