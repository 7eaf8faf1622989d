// MetricsRegistry: counters, gauges and histograms with labels, rendered in the Prometheus text
// exposition format (version 0.0.4). Debian 12 packages no prometheus-cpp, and the agent needs a
// few dozen series, so this is the small subset it uses.
//
//   MetricsRegistry registry;
//   MetricsRegistry::Counter& calls = registry.AddCounter(
//       "eksa_vsphere_agent_requests_total", "RPCs handled.", {"rpc", "server", "code"});
//   calls.Add({"CreateVm", "vcenter.lab", "OK"});
//   std::string text = registry.RenderText();
//
// Families render in the order they were added, series by label values. Label values are escaped
// as the format requires (\\, \", \n); nothing else is changed, so callers must not label with
// anything secret or unbounded (request ids, user-chosen names).
//
// Thread-safe. Families live as long as the registry; the references Add* return stay valid.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace eksa::vsphere_agent {

class MetricsRegistry {
 public:
  using Labels = std::vector<std::string>;  // values, in the family's label-name order

  // A family of monotonically increasing counters.
  class Counter {
   public:
    void Add(const Labels& labels, double amount = 1);
    // The current value (0 for a series never touched); for tests.
    double Value(const Labels& labels) const;

   private:
    friend class MetricsRegistry;
    mutable absl::Mutex mu_;
    std::map<Labels, double> values_ ABSL_GUARDED_BY(mu_);
  };

  // A family of values that go up and down.
  class Gauge {
   public:
    void Set(const Labels& labels, double value);
    void Add(const Labels& labels, double amount);
    double Value(const Labels& labels) const;

   private:
    friend class MetricsRegistry;
    mutable absl::Mutex mu_;
    std::map<Labels, double> values_ ABSL_GUARDED_BY(mu_);
  };

  // A family of histograms with fixed upper bounds (seconds, for latencies).
  class Histogram {
   public:
    explicit Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {}
    void Observe(const Labels& labels, double value);
    // Observations so far in the series; for tests.
    uint64_t Count(const Labels& labels) const;

   private:
    friend class MetricsRegistry;
    struct Series {
      std::vector<uint64_t> buckets;  // per bound, not cumulative
      uint64_t count = 0;
      double sum = 0;
    };
    const std::vector<double> bounds_;
    mutable absl::Mutex mu_;
    std::map<Labels, Series> series_ ABSL_GUARDED_BY(mu_);
  };

  // Series computed when rendered (e.g. slots busy right now).
  using GaugeCallback = std::function<std::vector<std::pair<Labels, double>>()>;

  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  Counter& AddCounter(std::string name, std::string help, std::vector<std::string> label_names);
  Gauge& AddGauge(std::string name, std::string help, std::vector<std::string> label_names);
  Histogram& AddHistogram(std::string name, std::string help, std::vector<std::string> label_names,
                          std::vector<double> bounds);
  void AddCallbackGauge(std::string name, std::string help, std::vector<std::string> label_names,
                        GaugeCallback callback);

  // Every family in the text exposition format, ending with a newline.
  std::string RenderText() const;

  // Latency bounds in seconds from 5 ms to 30 min: vCenter calls range from a property read to
  // an OVA import.
  static std::vector<double> LatencyBounds();

 private:
  enum class Type { kCounter, kGauge, kHistogram, kCallbackGauge };
  struct Family {
    Type type;
    std::string name;
    std::string help;
    std::vector<std::string> label_names;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
    GaugeCallback callback;
  };
  Family& Add(Type type, std::string name, std::string help, std::vector<std::string> labels);
  static void RenderFamily(const Family& family, std::string& out);

  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Family>> families_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere_agent
