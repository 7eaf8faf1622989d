// What the CLI shows for each task at -v 0, in EKS-A's words where EKS-A has a line for the step
// (the seed walkthrough's output), so operators recognise the run.
#pragma once

#include <string>
#include <string_view>

namespace eksa::planner::operations {

// The line for a task of `kind` that succeeded ("Created new bootstrap cluster",
// "Machine ready: homelab-md-0-3f2a1-0"); `qualifier` is the part of the task id in brackets (a
// machine, server or template), named where it tells tasks of one kind apart.
std::string SuccessLine(std::string_view kind, std::string_view qualifier);

// "create-vm[homelab-md-0-1]" → "homelab-md-0-1"; "" when the id has no qualifier.
std::string_view Qualifier(std::string_view task_id);

}  // namespace eksa::planner::operations
