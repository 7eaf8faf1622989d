// OVF/OVA import: OvfManager.CreateImportSpec → ResourcePool.ImportVApp → wait for the
// HttpNfcLease → upload each file item to its device URL (HttpNfcLeaseProgress while it runs) →
// HttpNfcLeaseComplete; on any failure after the lease exists, HttpNfcLeaseAbort.
//
//   EKSA_ASSIGN_OR_RETURN(OvfPackage ova, OvfPackage::Open("/var/lib/eksa/br-1-21.ova"));
//   EKSA_ASSIGN_OR_RETURN(soap::MoRef vm, ImportOvf(session, sc, transport, ova,
//       {.entity_name = "bottlerocket-1-21", .pool = pool, .folder = folder, .datastore = ds,
//        .network_mappings = {{"VM Network", network}}}, {.deadline = deadline}));
#pragma once

#include <functional>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "services/vsphere-agent/client/session/service_content.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/transport/transport.h"
#include "services/vsphere-agent/client/vim/ovf_package.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {

struct OvfImportSpec {
  std::string entity_name;  // the VM's name
  soap::MoRef pool;         // required: the resource pool to import into
  soap::MoRef folder;       // required: the VM folder
  soap::MoRef datastore;    // required
  soap::MoRef host;         // optional
  // OVF network name (NetworkSection) → the network to attach its cards to.
  std::vector<std::pair<std::string, soap::MoRef>> network_mappings;
  std::string disk_provisioning = "thin";  // "thin", "thick", "eagerZeroedThick", ...
  // ProductSection property values (e.g. guestinfo.userdata), as key → value.
  std::vector<OptionValue> property_mappings;
};

// One file the import wants (vim.OvfFileItem).
struct OvfFileItem {
  std::string device_id;  // matched to NfcDeviceUrl.import_key
  std::string path;       // the descriptor's href
  int64_t size = 0;       // 0 when the descriptor does not say
  bool create = false;
};

// CreateImportSpec's result: the importSpec element (valid with `response`) and the files.
struct ImportSpecResult {
  pugi::xml_node import_spec;
  std::vector<OvfFileItem> file_items;
  std::vector<std::string> warnings;
};

// The children of CreateImportSpec (`descriptor` escaped as text).
std::string CreateImportSpecBody(const soap::MoRef& ovf_manager, std::string_view descriptor,
                                 const OvfImportSpec& spec);
// Decodes a CreateImportSpec returnval. Errors the server found in the descriptor
// (OvfCreateImportSpecResult.error) are kInvalidArgument listing their messages; a result
// without importSpec is kInternal.
[[nodiscard]] absl::StatusOr<ImportSpecResult> ParseImportSpecResult(pugi::xml_node returnval);
// The children of ImportVApp: the importSpec copied as <spec> (xml_copy.h), folder, host.
std::string ImportVAppBody(const soap::MoRef& pool, pugi::xml_node import_spec,
                           const OvfImportSpec& spec);

struct OvfImportOptions {
  absl::Time deadline = absl::InfiniteFuture();
  Clock* clock = nullptr;  // nullptr: Clock::Real()
  // Called with the overall upload percentage (0..100) as bytes are sent.
  std::function<void(int)> on_progress;
  // How often HttpNfcLeaseProgress is sent while uploading (it also keeps the lease alive).
  absl::Duration progress_interval = absl::Seconds(2);
  std::function<bool()> cancelled;
};

// Runs the whole import. `upload` is the transport the device URLs are reached through (the
// vCenter's: URLs name host '*'); it must allow a second connection next to the SOAP one when
// they are shared (progress is reported while a file is being sent). Returns the imported VM.
// Errors: the package's (kNotFound for a missing file), CreateImportSpec's (kInvalidArgument
// for a bad descriptor), ImportVApp's (kAlreadyExists DuplicateName, ...), the lease's, the
// uploads' (the lease is then aborted), kDeadlineExceeded.
[[nodiscard]] absl::StatusOr<soap::MoRef> ImportOvf(
    soap::Caller& caller, const session::ServiceContent& content, transport::Transport& upload,
    const OvfPackage& package, const OvfImportSpec& spec, const OvfImportOptions& options = {});

}  // namespace eksa::vsphere::vim
