// ContentLibrary: local content libraries and their items over the vAPI REST API
// (/rest/com/vmware/content/...), files vCenter pulls into an item and OVF deployment from it
// (/rest/com/vmware/vcenter/ovf/library-item). (Pushing files from here is not offered: the
// backend imports by PullFile or through vim25's HttpNfcLease, vim/ovf_import.h.)
//
//   ContentLibrary cl(*rest);
//   EKSA_ASSIGN_OR_RETURN(std::string lib, cl.EnsureLocalLibrary("eks-a-templates", ds.value));
//   EKSA_ASSIGN_OR_RETURN(std::string item, cl.CreateItem(lib, "bottlerocket-1-21"));
//   EKSA_RETURN_IF_ERROR(cl.PullFile(item, {.file_name = "bottlerocket-1-21.ova", .url = url},
//                                    absl::Now() + absl::Minutes(30)));
//   EKSA_ASSIGN_OR_RETURN(soap::MoRef vm, cl.DeployOvf(item, {.name = "bottlerocket-1-21",
//       .resource_pool = pool.value, .folder = folder.value}));
//
// Errors: RestSession::Call's (rest_error.h: kAlreadyExists for an item name taken in the
// library, kNotFound for an unknown id, ...). Thread-safe (stateless over the session).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/client/rest/rest_session.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::rest {

struct Library {
  std::string id;
  std::string name;
  std::string type;                        // "LOCAL", "SUBSCRIBED"
  std::vector<std::string> datastore_ids;  // storage_backings of type DATASTORE
};

struct LibraryItem {
  std::string id;
  std::string library_id;
  std::string name;
  std::string type;  // "ovf", "vm-template", ...
};

// A file vCenter downloads into an item.
struct PullSpec {
  std::string file_name;  // "bottlerocket-1-21.ova"
  std::string url;        // https://…/x.ova
  std::string sha256;     // lowercase hex; empty: not checked
};

// Where and how a library OVF item is deployed (vcenter.ovf.library_item.deploy).
struct OvfDeploySpec {
  std::string name;           // the VM's name
  std::string resource_pool;  // moid, required
  std::string folder;         // moid
  std::string host;           // moid, optional
  std::string datastore;      // moid, optional (default: the library's)
  // OVF ProductSection properties (e.g. guestinfo.userdata): PropertyParams.
  std::vector<vim::OptionValue> properties;
};

class ContentLibrary {
 public:
  explicit ContentLibrary(RestSession& rest) : rest_(rest) {}

  [[nodiscard]] absl::StatusOr<Library> GetLibrary(std::string_view id,
                                                   const CallOptions& options = {}) const;
  // The library named `name` (library ?~action=find), or nullopt.
  [[nodiscard]] absl::StatusOr<std::optional<Library>> FindLibrary(
      std::string_view name, const CallOptions& options = {}) const;
  // A LOCAL library on datastore `datastore` (moid). Its id.
  [[nodiscard]] absl::StatusOr<std::string> CreateLocalLibrary(
      std::string_view name, std::string_view datastore, const CallOptions& options = {}) const;
  // FindLibrary, else CreateLocalLibrary.
  [[nodiscard]] absl::StatusOr<std::string> EnsureLocalLibrary(
      std::string_view name, std::string_view datastore, const CallOptions& options = {}) const;

  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListItemIds(
      std::string_view library_id, const CallOptions& options = {}) const;
  [[nodiscard]] absl::StatusOr<LibraryItem> GetItem(std::string_view id,
                                                    const CallOptions& options = {}) const;
  // The item `name` of library `library_id` (item ?~action=find), or nullopt.
  [[nodiscard]] absl::StatusOr<std::optional<LibraryItem>> FindItem(
      std::string_view library_id, std::string_view name, const CallOptions& options = {}) const;
  // An empty item; its id. kAlreadyExists when the library has an item of that name.
  [[nodiscard]] absl::StatusOr<std::string> CreateItem(std::string_view library_id,
                                                       std::string_view name,
                                                       std::string_view type = "ovf",
                                                       const CallOptions& options = {}) const;

  // The names of the files item `item_id` holds (library/item/file ?library_item_id=).
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListFileNames(
      std::string_view item_id, const CallOptions& options = {}) const;

  // Adds a file that vCenter downloads itself (source_type PULL), e.g. an OVA on an HTTPS URL
  // (govc library.import -pull), with its SHA-256 as checksum_info when given (vCenter verifies
  // it). Waits until every file of the session is READY, completes the session, then waits while
  // it is ACTIVE (vCenter unpacks an OVA into the item's .ovf and disks), polling every 200 ms
  // until `deadline`. Errors: a file or the session in state ERROR → kUnavailable naming the URL
  // with vCenter's message; kDeadlineExceeded; kCancelled when options.cancelled() turns true;
  // the calls'. Every failure before completion fails the session.
  [[nodiscard]] absl::Status PullFile(std::string_view item_id, const PullSpec& spec,
                                      absl::Time deadline, const CallOptions& options = {}) const;

  // Deploys OVF item `item_id` as a VM (vcenter/ovf/library-item ?~action=deploy, accepting all
  // EULAs). The new VM. Errors: the call's; a deployment that reports failure is kInternal with
  // the server's messages ("deploying item …: …").
  [[nodiscard]] absl::StatusOr<soap::MoRef> DeployOvf(std::string_view item_id,
                                                      const OvfDeploySpec& spec,
                                                      const CallOptions& options = {}) const;

 private:
  RestSession& rest_;
};

}  // namespace eksa::vsphere::rest
