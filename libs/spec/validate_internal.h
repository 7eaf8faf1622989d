// Pieces shared by the validate_*.cc files. Internal to libs/spec.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libs/spec/diagnostic.h"
#include "libs/spec/model.h"

namespace eksa::spec::internal {

void ValidateCluster(const Cluster& c, Diagnostics& diags);
void ValidateClusterNetwork(const Cluster& c, Diagnostics& diags);
void ValidateProxyAndMirror(const Cluster& c, Diagnostics& diags);
void ValidateDatacenter(const VSphereDatacenterConfig& dc, Diagnostics& diags);
void ValidateMachine(const VSphereMachineConfig& m, Diagnostics& diags);
void ValidateGitOps(const GitOpsObject& g, Diagnostics& diags);
void ValidateReferences(const ClusterSpec& spec, Diagnostics& diags);

// Reports `field` as required when `v` is unset or empty. Returns whether it is present.
bool Require(const Value<std::string>& v, const std::string& field, Diagnostics& diags,
             const std::string& remediation);

// metadata.name is required and a Kubernetes object name (RFC 1123 subdomain: lowercase
// letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253).
void ValidateObjectName(const ObjectHeader& header, Diagnostics& diags);

// Kubernetes label syntax: key = [prefix/]name (name ≤ 63, [A-Za-z0-9][-A-Za-z0-9_.]*, ends
// alphanumeric; prefix a DNS subdomain ≤ 253); value empty or like a name.
bool IsLabelKey(std::string_view key);
bool IsLabelValue(std::string_view value);
void ValidateLabels(const std::vector<std::pair<Value<std::string>, Value<std::string>>>& labels,
                    const std::string& field, Diagnostics& diags);

// "1.NN" (as EKS-A's KubernetesVersion); fills `minor`.
bool ParseKubeVersion(std::string_view v, int* minor);

}  // namespace eksa::spec::internal
