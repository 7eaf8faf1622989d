#include "services/vsphere-agent/backend/clone_plan.h"

#include <string>

#include "absl/strings/escaping.h"
#include "services/vsphere-agent/client/rest/tagging.h"
#include "services/vsphere-agent/client/vim/device_change.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace v1 = ::eksa::vsphere::v1;
namespace vim = vsphere::vim;

constexpr size_t kMaxVmName = 80;
constexpr int64_t kKibPerGib = 1024 * 1024;

absl::Status Invalid(const std::string& field, const std::string& why) {
  return absl::InvalidArgumentError(field + ": " + why);
}

// Whether `card` is already on the network `backing` names.
bool OnNetwork(const vim::VirtualDevice& card, const vim::NetworkBacking& backing) {
  if (!backing.portgroup_key.empty()) return card.portgroup_key == backing.portgroup_key;
  return backing.opaque_id.empty() && card.network == backing.network;
}

absl::Status SetDisk(const CloneInputs& in, vim::CloneSpec& spec) {
  const v1::CreateVmRequest& r = *in.request;
  std::vector<const vim::VirtualDevice*> disks = vim::Disks(in.source->devices);
  const int64_t have = disks.empty() ? 0 : disks.front()->CapacityGib();
  // EKS-A's rule for an unset cloneMode: linked when the template has a snapshot and the disk
  // keeps the template's size, else full.
  const bool linked =
      r.clone_mode() == v1::CLONE_MODE_LINKED ||
      (r.clone_mode() == v1::CLONE_MODE_UNSPECIFIED && !in.source->current_snapshot.empty() &&
       (r.disk_gib() == 0 || r.disk_gib() == have));
  if (linked) {
    if (in.source->current_snapshot.empty()) {
      return absl::FailedPreconditionError(
          "template " + in.template_path +
          " has no snapshot: a linked clone needs one (EnsureTemplate makes it), or use "
          "CLONE_MODE_FULL");
    }
    spec.snapshot = in.source->current_snapshot;
    if (r.disk_gib() != 0 && r.disk_gib() != have) {
      return Invalid("disk_gib", "a linked clone keeps the template's disk size: " +
                                     std::to_string(r.disk_gib()) + " GiB asked, template " +
                                     in.template_path + " has " + std::to_string(have) +
                                     " GiB (use CLONE_MODE_FULL to grow it)");
    }
    return absl::OkStatus();
  }
  if (r.disk_gib() == 0 || r.disk_gib() == have) return absl::OkStatus();
  if (disks.empty()) {
    return absl::FailedPreconditionError("template " + in.template_path +
                                         " has no disk to size to " + std::to_string(r.disk_gib()) +
                                         " GiB");
  }
  if (r.disk_gib() < have) {
    return Invalid("disk_gib", std::to_string(r.disk_gib()) + " GiB is smaller than the " +
                                   std::to_string(have) + " GiB disk of template " +
                                   in.template_path);
  }
  spec.config.device_changes.push_back(
      vim::EditDiskCapacity(*disks.front(), r.disk_gib() * kKibPerGib, in.storage_profile_id));
  return absl::OkStatus();
}

void SetNetworks(const CloneInputs& in, vim::CloneSpec& spec) {
  std::vector<const vim::VirtualDevice*> cards = vim::EthernetCards(in.source->devices);
  for (size_t i = 0; i < in.networks.size(); ++i) {
    if (i < cards.size()) {
      if (!OnNetwork(*cards[i], in.networks[i])) {
        spec.config.device_changes.push_back(vim::EditNicBacking(*cards[i], in.networks[i]));
      }
    } else {
      spec.config.device_changes.push_back(
          vim::AddVmxnet3(-100 - static_cast<int32_t>(i), in.networks[i]));
    }
  }
}

void SetExtraConfig(const CloneInputs& in, vim::CloneSpec& spec) {
  const v1::CreateVmRequest& r = *in.request;
  std::vector<vim::OptionValue>& extra = spec.config.extra_config;
  if (!r.userdata().empty()) {
    extra.push_back({"guestinfo.userdata", absl::Base64Escape(r.userdata())});
    extra.push_back({"guestinfo.userdata.encoding", "base64"});
  }
  if (!r.metadata().empty()) {
    extra.push_back({"guestinfo.metadata", absl::Base64Escape(r.metadata())});
    extra.push_back({"guestinfo.metadata.encoding", "base64"});
  }
  extra.push_back({std::string(kTemplateKey), in.source->ref.value});
  if (!r.request_id().empty()) extra.push_back({std::string(kRequestIdKey), r.request_id()});
}

}  // namespace

absl::Status ValidateCreateVm(const v1::CreateVmRequest& r) {
  if (r.vm_name().empty()) return Invalid("vm_name", "empty");
  if (r.vm_name().size() > kMaxVmName) {
    return Invalid("vm_name", "\"" + r.vm_name() + "\" is longer than 80 characters");
  }
  if (r.template_().empty()) return Invalid("template", "empty");
  if (r.resource_pool().empty()) return Invalid("resource_pool", "empty");
  if (r.networks().empty()) return Invalid("networks", "at least one network is required");
  for (int i = 0; i < r.networks_size(); ++i) {
    if (r.networks(i).empty()) return Invalid("networks[" + std::to_string(i) + "]", "empty");
  }
  for (int i = 0; i < r.tags_size(); ++i) {
    if (absl::Status s = vsphere::rest::ParseTagRef(r.tags(i)).status(); !s.ok()) {
      return Invalid("tags[" + std::to_string(i) + "]", std::string(s.message()));
    }
  }
  if (r.num_cpus() < 0) return Invalid("num_cpus", "negative");
  if (r.memory_mib() < 0) return Invalid("memory_mib", "negative");
  if (r.disk_gib() < 0) return Invalid("disk_gib", "negative");
  return absl::OkStatus();
}

absl::StatusOr<vim::CloneSpec> BuildCloneSpec(const CloneInputs& in) {
  const v1::CreateVmRequest& r = *in.request;
  vim::CloneSpec spec{.name = r.vm_name(),
                      .folder = in.folder.ref,
                      .pool = in.pool.ref,
                      .datastore = in.datastore.ref,
                      .storage_profile_id = in.storage_profile_id};
  if (r.num_cpus() > 0) spec.config.num_cpus = r.num_cpus();
  if (r.memory_mib() > 0) spec.config.memory_mb = r.memory_mib();
  if (absl::Status s = SetDisk(in, spec); !s.ok()) return s;
  SetNetworks(in, spec);
  SetExtraConfig(in, spec);
  return spec;
}

}  // namespace eksa::vsphere_agent::backend
