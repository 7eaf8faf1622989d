// Static validation of a defaulted spec: every EKS Anywhere rule that applies to vSphere
// (EKSA_REFERENCE §3.3 rows 1, 2, 4–9, 11, 12, 15, 17, 18 and §3.4) plus what EKS-A misses: pod,
// service and control-plane endpoint overlaps, duplicate names, references that resolve to the
// wrong kind, thumbprint format, placeholder SSH keys, unquoted versions.
// "Static" means no I/O: nothing here resolves a name or dials an address.
// All problems are appended to `diags`; warnings (etcd or control-plane count not 3 or 5,
// insecure: true) do not make the spec invalid.
#pragma once

#include "libs/spec/diagnostic.h"
#include "libs/spec/model.h"

namespace eksa::spec {

void Validate(const ClusterSpec& spec, Diagnostics& diags);

}  // namespace eksa::spec
