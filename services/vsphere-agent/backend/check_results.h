// Building eksa.common.v1.CheckResult values for the Check* RPCs, with EKS-A's check names.
// Pure.
//
// Messages are lowercase without a final period and say what was found ("datacenter /DC0") or
// why the check failed and where the agent looked ("datastore \"ds9\" not found in
// /DC0/datastore"); remediations say what the operator can change.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "eksa/common/v1/common.pb.h"

namespace eksa::vsphere_agent::backend {

using CheckResult = ::eksa::common::v1::CheckResult;

// The check names (CheckResult.name), as EKS-A prints them where it has one.
namespace check {
inline constexpr std::string_view kConnected = "Connected to server";
inline constexpr std::string_view kAuthenticated = "Authenticated to vSphere";
inline constexpr std::string_view kThumbprint = "Thumbprint validated";
inline constexpr std::string_view kDatacenter = "Datacenter validated";
inline constexpr std::string_view kNetwork = "Network validated";
inline constexpr std::string_view kPrivileges = "vSphere user privileges validated";
inline constexpr std::string_view kControlPlaneIp = "Control plane IP available";
inline constexpr std::string_view kDatastore = "Datastore validated";
inline constexpr std::string_view kFolder = "Folder validated";
inline constexpr std::string_view kResourcePool = "Resource pool validated";
inline constexpr std::string_view kTemplate = "Template validated";
inline constexpr std::string_view kTemplateTags = "Template tags validated";
inline constexpr std::string_view kTemplateDisks = "Template disk size validated";
inline constexpr std::string_view kTagIds = "Tag IDs validated";
inline constexpr std::string_view kStoragePolicy = "Storage policy validated";
inline constexpr std::string_view kDatastoreCapacity = "Datastore capacity validated";
inline constexpr std::string_view kPoolMemory = "Resource pool memory validated";
}  // namespace check

CheckResult Passed(std::string_view name, std::string_view subject, std::string message);
CheckResult Warned(std::string_view name, std::string_view subject, std::string message);
CheckResult Failed(std::string_view name, std::string_view subject, std::string message,
                   std::string remediation);

// The message with its first letter lowercased, unless it starts an acronym (statuses here start
// lowercase already; vCenter's fault texts do not).
std::string Lowercased(std::string_view message);
// The same of a status's message.
std::string Lowercased(const absl::Status& status);

}  // namespace eksa::vsphere_agent::backend
