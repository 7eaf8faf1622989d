// Decoded WaitForUpdatesEx results: vim.UpdateSet → PropertyFilterUpdate → ObjectUpdate →
// PropertyChange.
//
// A WaitForUpdatesEx that times out (maxWaitSeconds passed with no change) answers without a
// returnval: ParseUpdateSet gives nullopt. Otherwise `version` is what the next call must send to
// get only later changes. Change values are pugixml nodes into the response (see object_content.h
// for the lifetime rule).
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/object_content.h"

namespace eksa::vsphere::vim {

enum class ObjectUpdateKind { kEnter, kModify, kLeave };
enum class PropertyChangeOp { kAdd, kRemove, kAssign, kIndirectRemove };

// One changed property. `val` is null for kRemove/kIndirectRemove and for an assign of an unset
// value (e.g. guest.ipAddress on a VM whose Tools have not reported).
struct PropertyChange {
  std::string name;
  PropertyChangeOp op = PropertyChangeOp::kAssign;
  pugi::xml_node val;
};

struct ObjectUpdate {
  ObjectUpdateKind kind = ObjectUpdateKind::kModify;
  soap::MoRef obj;
  std::vector<PropertyChange> changes;
  std::vector<MissingProperty> missing;
};

struct PropertyFilterUpdate {
  soap::MoRef filter;
  std::vector<ObjectUpdate> objects;
};

struct UpdateSet {
  std::string version;
  // True when the server had more changes than it returned (maxObjectUpdates): call again with
  // `version` at once.
  bool truncated = false;
  std::vector<PropertyFilterUpdate> filters;
};

// Decodes WaitForUpdatesExResponse/returnval; nullopt for a null node (the wait timed out).
// kInternal for malformed content (unknown kind or op, missing version).
[[nodiscard]] absl::StatusOr<std::optional<UpdateSet>> ParseUpdateSet(pugi::xml_node returnval);

}  // namespace eksa::vsphere::vim
