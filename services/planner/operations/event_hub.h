// Wakes WatchOperation streams when an operation's event log grows.
//
// The store holds the events; the hub only remembers the latest seq published per operation and
// lets a watcher block until it moves past the seq it has sent, so streams follow the log without
// polling the database. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace eksa::planner::operations {

class EventHub {
 public:
  // Records that `seq` is stored for `operation_id` and wakes its watchers.
  void Publish(std::string_view operation_id, int64_t seq);
  // Marks the operation finished (its last event is published) and wakes its watchers.
  void Finish(std::string_view operation_id);
  // Reopens a finished operation (a resume), so watchers wait for new events again.
  void Reopen(std::string_view operation_id);

  struct Position {
    int64_t latest = 0;     // highest seq published (0: none seen by this hub)
    bool finished = false;  // Finish() was called and not reopened
  };
  // Blocks until the operation's latest seq is above `after`, it finishes, or `deadline` passes;
  // returns where it stands then.
  Position WaitBeyond(std::string_view operation_id, int64_t after, absl::Time deadline);

 private:
  absl::Mutex mu_;
  std::map<std::string, Position, std::less<>> ops_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::planner::operations
