#include "services/planner/dag/executor.h"

#include <deque>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "libs/common/status.h"
#include "services/planner/dag/attempts.h"

namespace eksa::planner::dag {
namespace {

// The state of one Run(). One mutex guards the scheduling state: tasks are coarse (an RPC each),
// so it is held for microseconds per task, and never while a runner or an observer runs.
//
// Workers are started on demand by the thread that called Run() (otherwise idle), outside the
// lock: a ready task that finds no idle worker in its pool asks for one, up to the pool's limit.
// Starting threads up front instead made hundreds of idle threads queue on the mutex at once,
// delaying the first tasks; starting them on the thread that released a wide layer delayed that
// thread's own next task.
class RunState {
 public:
  RunState(const Graph& graph, const std::string& operation_id, const ExecutorOptions& options,
           PoolSlots& slots, TaskRunner& runner, ExecutionObserver& observer,
           Cancellation& cancellation);
  ~RunState();  // stops and joins the workers

  // Indexes the graph and applies `resume`; kInvalidArgument on bad input.
  absl::Status Init(const ResumeState& resume);
  // Runs the ordinary tasks, then the on_failure ones when needed; returns Run()'s status.
  absl::Status Execute();

 private:
  enum class State { kPending, kQueued, kRunning, kSucceeded, kFailed };
  absl::Status CheckInputs() const;
  struct Pool {  // guarded by mu_, except `workers` (only the Run() thread touches it)
    int limit = 1;
    std::deque<size_t> queue;  // ready tasks, in the order they became ready
    int live = 0;              // workers asked for and not exited
    int booting = 0;           // asked for, not yet looking at the queue
    int idle = 0;              // waiting on `ready`
    int unstarted = 0;         // tasks that have not started and still might
    absl::CondVar ready;
    std::vector<std::thread> workers;
  };

  void RunPhase(bool on_failure) ABSL_LOCKS_EXCLUDED(mu_);
  void StartRequestedWorkers() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Worker(Pool* pool) ABSL_LOCKS_EXCLUDED(mu_);
  // Waits for the next task of `pool` and marks it running; false when the worker should exit.
  // Drops queued tasks once cancelled.
  bool NextTask(Pool& pool, size_t& task) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Enqueue(size_t task) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Complete(size_t task, TaskResult result) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The first final failure of an ordinary task: remember it and drop the queued tasks.
  void RecordFailure(size_t task, const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void TaskLeft() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);  // one less task queued or running

  // Condition variables are signalled after mu_ is released, never under it: with Debian's
  // Abseil, the second Signal() in a row under the mutex (which moves the waiter onto the mutex's
  // queue) was measured to stall the signalling thread for ~3 ms on this 2-core machine under load.
  struct Wakeup {
    absl::CondVar* cv;
    bool all;
  };
  void Wake(absl::CondVar& cv, bool all = false) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    wakeups_.push_back({&cv, all});
  }
  std::vector<Wakeup> TakeWakeups() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return std::exchange(wakeups_, {});
  }
  static void Deliver(const std::vector<Wakeup>& wakeups);
  // Delivers pending wakeups with mu_ released; the caller must re-check its state after.
  void DeliverWakeups() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const TaskOutputs* OutputsOf(std::string_view id) ABSL_LOCKS_EXCLUDED(mu_);

  const Graph& graph_;
  const std::vector<TaskSpec>& tasks_;
  const std::string& operation_id_;
  const ExecutorOptions& options_;
  PoolSlots& slots_;
  Cancellation& cancellation_;
  internal::AttemptEnv env_;

  // Immutable after Init().
  absl::flat_hash_map<std::string, size_t> index_;
  std::vector<std::vector<size_t>> dependents_;
  std::vector<Pool*> pool_of_;
  std::vector<std::unique_ptr<Pool>> pools_;

  absl::Mutex mu_;
  std::vector<State> state_ ABSL_GUARDED_BY(mu_);
  std::vector<int> waiting_on_ ABSL_GUARDED_BY(mu_);  // dependencies not yet succeeded
  // Set once per task and immutable after, so readers keep the pointer without the lock.
  std::vector<std::unique_ptr<const TaskOutputs>> outputs_ ABSL_GUARDED_BY(mu_);
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;            // queued + running
  std::vector<Pool*> to_start_ ABSL_GUARDED_BY(mu_);  // one entry per worker asked for
  absl::CondVar wake_run_thread_;  // in_flight_ dropped to 0, or a worker is asked for
  std::vector<Wakeup> wakeups_ ABSL_GUARDED_BY(mu_);
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;  // an ordinary task failed: start no more of them
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status first_failure_ ABSL_GUARDED_BY(mu_);
};

RunState::RunState(const Graph& graph, const std::string& operation_id,
                   const ExecutorOptions& options, PoolSlots& slots, TaskRunner& runner,
                   ExecutionObserver& observer, Cancellation& cancellation)
    : graph_(graph),
      tasks_(graph.tasks()),
      operation_id_(operation_id),
      options_(options),
      slots_(slots),
      cancellation_(cancellation),
      env_{operation_id,
           options.clock != nullptr ? *options.clock : Clock::Real(),
           runner,
           observer,
           cancellation,
           options.backoff,
           0,
           [this](std::string_view id) { return OutputsOf(id); },
           log::Logger().With("operation", operation_id)} {}

RunState::~RunState() {
  {
    absl::MutexLock lock(&mu_);
    shutdown_ = true;
  }
  for (auto& pool : pools_) pool->ready.SignalAll();
  for (auto& pool : pools_) {
    for (std::thread& worker : pool->workers) worker.join();
  }
}

absl::Status RunState::CheckInputs() const {
  if (absl::Status s = graph_.Validate(); !s.ok()) return s;
  if (operation_id_.empty()) return absl::InvalidArgumentError("empty operation id");
  if (options_.default_pool_limit < 1) {
    return absl::InvalidArgumentError("default_pool_limit must be at least 1");
  }
  for (const auto& [pool, limit] : options_.pool_limits) {
    if (limit < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("limit of pool ", pool, " must be at least 1"));
    }
  }
  return absl::OkStatus();
}

absl::Status RunState::Init(const ResumeState& resume) {
  if (absl::Status s = CheckInputs(); !s.ok()) return s;
  absl::flat_hash_map<std::string, Pool*> pools;
  for (size_t i = 0; i < tasks_.size(); ++i) {
    index_.emplace(tasks_[i].id, i);
    Pool*& pool = pools[tasks_[i].pool];
    if (pool == nullptr) {
      pools_.push_back(std::make_unique<Pool>());
      pool = pools_.back().get();
      auto limit = options_.pool_limits.find(tasks_[i].pool);
      pool->limit =
          limit == options_.pool_limits.end() ? options_.default_pool_limit : limit->second;
    }
    pool_of_.push_back(pool);
  }
  absl::MutexLock lock(&mu_);
  state_.assign(tasks_.size(), State::kPending);
  outputs_.resize(tasks_.size());
  for (const auto& [id, outputs] : resume.succeeded) {
    auto it = index_.find(id);
    if (it == index_.end()) {
      return absl::InvalidArgumentError(absl::StrCat("resume state names unknown task ", id));
    }
    if (tasks_[it->second].on_failure) continue;
    state_[it->second] = State::kSucceeded;
    outputs_[it->second] = std::make_unique<const TaskOutputs>(outputs);
  }
  for (size_t i = 0; i < tasks_.size(); ++i) {
    if (state_[i] != State::kSucceeded) ++pool_of_[i]->unstarted;
  }
  dependents_.resize(tasks_.size());
  waiting_on_.assign(tasks_.size(), 0);
  for (const auto& [before, after] : graph_.edges()) {
    const size_t from = index_.at(before), to = index_.at(after);
    dependents_[from].push_back(to);
    if (state_[from] != State::kSucceeded) ++waiting_on_[to];
  }
  env_.seed = options_.backoff.seed != 0
                  ? options_.backoff.seed
                  : static_cast<uint64_t>(absl::ToUnixNanos(env_.clock.Now()));
  return absl::OkStatus();
}

absl::Status RunState::Execute() {
  RunPhase(/*on_failure=*/false);
  absl::Status status;
  {
    absl::MutexLock lock(&mu_);
    status = first_failure_;
    bool all_succeeded = true;
    for (size_t i = 0; i < tasks_.size(); ++i) {
      all_succeeded = all_succeeded && (tasks_[i].on_failure || state_[i] == State::kSucceeded);
    }
    if (status.ok() && !all_succeeded) {
      status = cancellation_.IsCancelled()
                   ? absl::CancelledError(absl::StrCat("operation ", operation_id_, " cancelled"))
                   : absl::InternalError("executor stopped with tasks not run");  // a bug
    }
  }
  if (!status.ok() && !cancellation_.IsCancelled()) RunPhase(/*on_failure=*/true);
  env_.observer.OnOperationFinished(status);
  return status;
}

// Enqueues every task of the phase whose dependencies all succeeded, then starts the workers that
// tasks ask for until none is queued or running.
void RunState::RunPhase(bool on_failure) {
  absl::MutexLock lock(&mu_);
  for (size_t i = 0; i < tasks_.size(); ++i) {
    if (tasks_[i].on_failure == on_failure && state_[i] == State::kPending && waiting_on_[i] == 0 &&
        !cancellation_.IsCancelled()) {
      Enqueue(i);
    }
  }
  // Workers asked for are started even when the phase is over, so `booting` counts stay true.
  while (in_flight_ > 0 || !to_start_.empty()) {
    if (!wakeups_.empty()) {
      DeliverWakeups();
    } else if (!to_start_.empty()) {
      StartRequestedWorkers();
    } else {
      wake_run_thread_.Wait(&mu_);
    }
  }
}

void RunState::StartRequestedWorkers() {
  std::vector<Pool*> batch;
  batch.swap(to_start_);
  mu_.Unlock();
  for (Pool* pool : batch) pool->workers.emplace_back([this, pool] { Worker(pool); });
  mu_.Lock();
}

void RunState::Enqueue(size_t task) {
  Pool& pool = *pool_of_[task];
  state_[task] = State::kQueued;
  ++in_flight_;
  pool.queue.push_back(task);
  if (pool.idle > 0) Wake(pool.ready);
  // Each idle or booting worker will take one queued task; only tasks beyond them need another.
  if (pool.queue.size() > static_cast<size_t>(pool.idle + pool.booting) && pool.live < pool.limit) {
    ++pool.live;
    ++pool.booting;
    to_start_.push_back(&pool);
    Wake(wake_run_thread_);
  }
}

void RunState::Worker(Pool* pool) {
  mu_.Lock();
  --pool->booting;
  size_t task;
  while (NextTask(*pool, task)) {
    // This worker has taken its next task before it wakes anyone.
    const std::vector<Wakeup> wakeups = TakeWakeups();
    mu_.Unlock();
    Deliver(wakeups);
    // The pool's slot across every operation; a cancel while waiting leaves the task unstarted.
    if (!slots_.Acquire(tasks_[task].pool, cancellation_)) {
      mu_.Lock();
      state_[task] = State::kPending;
      TaskLeft();
      continue;
    }
    TaskResult result = internal::RunAttempts(tasks_[task], task, env_);
    slots_.Release(tasks_[task].pool);
    if (!result.status.ok()) {
      mu_.Lock();
      RecordFailure(task, result.status);  // nothing new starts while the observer runs
      mu_.Unlock();
    }
    // Before dependents are released: what the observer persists is stored before they start.
    env_.observer.OnTaskFinished(tasks_[task].id, result);
    mu_.Lock();
    Complete(task, std::move(result));
  }
  --pool->live;
  const std::vector<Wakeup> wakeups = TakeWakeups();
  mu_.Unlock();
  Deliver(wakeups);
}

bool RunState::NextTask(Pool& pool, size_t& task) {
  while (true) {
    // A worker with nothing left to run in its pool exits now rather than at the end of the run:
    // after a wide layer (a thousand VMs) the threads go away while the later tasks run.
    while (pool.queue.empty() && !shutdown_ && pool.unstarted > 0) {
      if (!wakeups_.empty()) {
        DeliverWakeups();
        continue;
      }
      ++pool.idle;
      pool.ready.Wait(&mu_);
      --pool.idle;
    }
    if (pool.queue.empty()) return false;
    task = pool.queue.front();
    pool.queue.pop_front();
    // A worker woken for a task that another one took passes nothing on; chain the wake-up.
    if (!pool.queue.empty() && pool.idle > 0) Wake(pool.ready);
    if (!cancellation_.IsCancelled()) break;
    state_[task] = State::kPending;  // never started: no callbacks
    TaskLeft();
  }
  state_[task] = State::kRunning;
  if (--pool.unstarted == 0) Wake(pool.ready, /*all=*/true);  // idle workers exit now
  return true;
}

void RunState::Complete(size_t task, TaskResult result) {
  if (result.status.ok()) {
    state_[task] = State::kSucceeded;
    outputs_[task] = std::make_unique<const TaskOutputs>(std::move(result.outputs));
    const bool release = (tasks_[task].on_failure || !stopped_) && !cancellation_.IsCancelled();
    for (size_t next : dependents_[task]) {
      if (--waiting_on_[next] == 0 && release && state_[next] == State::kPending) Enqueue(next);
    }
  } else {
    state_[task] = State::kFailed;
  }
  TaskLeft();
}

void RunState::RecordFailure(size_t task, const absl::Status& status) {
  // A failure after a cancel is the cancel's doing (the task saw the flag), not the cause.
  if (tasks_[task].on_failure || !first_failure_.ok() || cancellation_.IsCancelled()) return;
  first_failure_ = Annotate(status, tasks_[task].id);
  stopped_ = true;
  for (auto& pool : pools_) {  // ready tasks that have not started never will
    for (size_t queued : pool->queue) state_[queued] = State::kPending;
    in_flight_ -= static_cast<int>(pool->queue.size());
    pool->queue.clear();
  }
}

void RunState::TaskLeft() {
  if (--in_flight_ == 0) Wake(wake_run_thread_);
}

void RunState::Deliver(const std::vector<Wakeup>& wakeups) {
  for (const Wakeup& w : wakeups) {
    if (w.all) {
      w.cv->SignalAll();
    } else {
      w.cv->Signal();
    }
  }
}

void RunState::DeliverWakeups() {
  const std::vector<Wakeup> wakeups = TakeWakeups();
  mu_.Unlock();
  Deliver(wakeups);
  mu_.Lock();
}

const TaskOutputs* RunState::OutputsOf(std::string_view id) {
  auto it = index_.find(absl::string_view(id.data(), id.size()));
  if (it == index_.end()) return nullptr;
  absl::MutexLock lock(&mu_);
  return outputs_[it->second].get();
}

}  // namespace

Executor::Executor(ExecutorOptions options)
    : options_(std::move(options)),
      slots_(std::make_shared<PoolSlots>(options_.pool_limits, options_.default_pool_limit)) {}

absl::Status Executor::Run(const Graph& graph, const std::string& operation_id,
                           const ResumeState& resume, TaskRunner& runner,
                           ExecutionObserver& observer, Cancellation& cancellation) const {
  RunState state(graph, operation_id, options_, *slots_, runner, observer, cancellation);
  if (absl::Status s = state.Init(resume); !s.ok()) return s;
  return state.Execute();
}

}  // namespace eksa::planner::dag
