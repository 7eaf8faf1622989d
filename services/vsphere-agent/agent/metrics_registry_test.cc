// MetricsRegistry: the Prometheus text format of counters, gauges, callback gauges, histograms.
#include "services/vsphere-agent/agent/metrics_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace eksa::vsphere_agent {
namespace {

using ::testing::HasSubstr;

TEST(MetricsRegistryTest, RendersCountersAndGaugesWithEscapedLabels) {
  MetricsRegistry r;
  MetricsRegistry::Counter& c = r.AddCounter("calls_total", "Calls.\nAll of them.", {"rpc", "x"});
  c.Add({"CreateVm", "a\"b\\c\nd"}, 2);
  c.Add({"CreateVm", "a\"b\\c\nd"});
  c.Add({"GetVm", "y"}, -5);  // ignored: counters only go up
  MetricsRegistry::Gauge& g = r.AddGauge("up", "Up.", {});
  g.Set({}, 1);
  EXPECT_EQ(r.RenderText(),
            "# HELP calls_total Calls.\\nAll of them.\n"
            "# TYPE calls_total counter\n"
            "calls_total{rpc=\"CreateVm\",x=\"a\\\"b\\\\c\\nd\"} 3\n"
            "# HELP up Up.\n"
            "# TYPE up gauge\n"
            "up 1\n");
}

TEST(MetricsRegistryTest, RendersCumulativeHistogramBuckets) {
  MetricsRegistry r;
  MetricsRegistry::Histogram& h = r.AddHistogram("lat_seconds", "Latency.", {"rpc"}, {0.1, 1});
  h.Observe({"GetVm"}, 0.05);
  h.Observe({"GetVm"}, 0.5);
  h.Observe({"GetVm"}, 5);
  EXPECT_EQ(h.Count({"GetVm"}), 3u);
  EXPECT_EQ(r.RenderText(),
            "# HELP lat_seconds Latency.\n"
            "# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{rpc=\"GetVm\",le=\"0.1\"} 1\n"
            "lat_seconds_bucket{rpc=\"GetVm\",le=\"1\"} 2\n"
            "lat_seconds_bucket{rpc=\"GetVm\",le=\"+Inf\"} 3\n"
            "lat_seconds_sum{rpc=\"GetVm\"} 5.55\n"
            "lat_seconds_count{rpc=\"GetVm\"} 3\n");
}

TEST(MetricsRegistryTest, CallbackGaugesAreReadAtRenderTime) {
  MetricsRegistry r;
  int busy = 1;
  r.AddCallbackGauge("slots", "Slots.", {"server"}, [&] {
    return std::vector<std::pair<MetricsRegistry::Labels, double>>{{{"vc"}, double(busy)}};
  });
  EXPECT_THAT(r.RenderText(), HasSubstr("slots{server=\"vc\"} 1\n"));
  busy = 4;
  EXPECT_THAT(r.RenderText(), HasSubstr("slots{server=\"vc\"} 4\n"));
}

}  // namespace
}  // namespace eksa::vsphere_agent
