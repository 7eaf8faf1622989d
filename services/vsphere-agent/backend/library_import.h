// Importing an OVA by URL through a vCenter content library, as EKS-A does (govc library.import
// -pull, then library.deploy): vCenter itself downloads the OVA, so nothing passes through the
// agent. Each step finds before it makes, so a retry resumes where an earlier attempt stopped:
//  1. the library by name, else a local library on `datastore`;
//  2. the item by name in it, else a new "ovf" item;
//  3. unless the item already holds an .ovf file: vCenter pulls `url` into it (with the SHA-256
//     as checksum_info when given, which vCenter verifies), rest::ContentLibrary::PullFile;
//  4. deploy the item as VM `vm_name` into `pool` / `folder` / `datastore`.
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/client/rest/rest_session.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere_agent::backend {

struct LibraryImport {
  std::string library;             // "eks-a-templates"
  std::string item;                // the item's name (EnsureTemplate uses the template's name)
  std::string url;                 // https://…/x.ova
  std::string sha256;              // lowercase hex; empty: not checked
  vsphere::soap::MoRef datastore;  // backs a library made here, and the deployed VM's disks
  vsphere::soap::MoRef pool;
  vsphere::soap::MoRef folder;
  std::string vm_name;
};

// Runs steps 1–4 until `deadline`; the deployed VM. Errors: the REST calls' (kNotFound,
// kAlreadyExists, …) annotated with the step; PullFile's (kUnavailable "vCenter could not
// download <url>: <vCenter's message>", kDeadlineExceeded, kCancelled); DeployOvf's kInternal
// with vCenter's messages.
[[nodiscard]] absl::StatusOr<vsphere::soap::MoRef> ImportThroughLibrary(
    vsphere::rest::RestSession& rest, const LibraryImport& import, absl::Time deadline,
    const std::function<bool()>& cancelled);

}  // namespace eksa::vsphere_agent::backend
