// How the CLI renders a planner event stream, EKS-A style: at -v 0 one line per finished step
// ("✅ Created new bootstrap cluster", "❌ create-vm[…] failed: …", "🎉 Cluster created!"); from
// -v 4 also task starts and retries, each finished task with its duration.
#pragma once

#include <string>

#include "eksa/planner/v1/planner.pb.h"

namespace eksa::cli {

// The line for `event` at `verbosity`, or "" when it is not shown.
std::string RenderEvent(const planner::v1::Event& event, int verbosity);

// A human duration: "850ms", "12.3s", "4m36s", "1h2m".
std::string HumanDuration(int64_t millis);

}  // namespace eksa::cli
