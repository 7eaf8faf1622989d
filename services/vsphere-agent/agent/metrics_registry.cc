#include "services/vsphere-agent/agent/metrics_registry.h"

#include <charconv>
#include <cmath>

namespace eksa::vsphere_agent {
namespace {

std::string FormatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return ec == std::errc() ? std::string(buf, end) : "NaN";
}

void AppendEscaped(std::string& out, std::string_view value, bool quote_escapes) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote_escapes) {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
}

// `{a="x",b="y"}` (plus `extra` such as le="0.5"), or "" without labels.
std::string LabelText(const std::vector<std::string>& names, const MetricsRegistry::Labels& values,
                      std::string_view extra = "") {
  std::string out;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    out += out.empty() ? "{" : ",";
    out += names[i] + "=\"";
    AppendEscaped(out, values[i], true);
    out += "\"";
  }
  if (!extra.empty()) {
    out += out.empty() ? "{" : ",";
    out += extra;
  }
  if (!out.empty()) out += "}";
  return out;
}

void AppendSample(std::string& out, std::string_view name, const std::string& labels, double v) {
  out.append(name).append(labels).append(" ").append(FormatNumber(v)).append("\n");
}

}  // namespace

void MetricsRegistry::Counter::Add(const Labels& labels, double amount) {
  if (amount < 0) return;  // counters only go up
  absl::MutexLock lock(&mu_);
  values_[labels] += amount;
}

double MetricsRegistry::Counter::Value(const Labels& labels) const {
  absl::MutexLock lock(&mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

void MetricsRegistry::Gauge::Set(const Labels& labels, double value) {
  absl::MutexLock lock(&mu_);
  values_[labels] = value;
}

void MetricsRegistry::Gauge::Add(const Labels& labels, double amount) {
  absl::MutexLock lock(&mu_);
  values_[labels] += amount;
}

double MetricsRegistry::Gauge::Value(const Labels& labels) const {
  absl::MutexLock lock(&mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

void MetricsRegistry::Histogram::Observe(const Labels& labels, double value) {
  absl::MutexLock lock(&mu_);
  Series& s = series_[labels];
  if (s.buckets.empty()) s.buckets.assign(bounds_.size(), 0);
  for (size_t i = 0; i < bounds_.size(); ++i) {
    if (value <= bounds_[i]) {
      ++s.buckets[i];
      break;
    }
  }
  ++s.count;
  s.sum += value;
}

uint64_t MetricsRegistry::Histogram::Count(const Labels& labels) const {
  absl::MutexLock lock(&mu_);
  auto it = series_.find(labels);
  return it == series_.end() ? 0 : it->second.count;
}

MetricsRegistry::Family& MetricsRegistry::Add(Type type, std::string name, std::string help,
                                              std::vector<std::string> labels) {
  auto family = std::make_unique<Family>(Family{.type = type,
                                                .name = std::move(name),
                                                .help = std::move(help),
                                                .label_names = std::move(labels)});
  absl::MutexLock lock(&mu_);
  families_.push_back(std::move(family));
  return *families_.back();
}

MetricsRegistry::Counter& MetricsRegistry::AddCounter(std::string name, std::string help,
                                                      std::vector<std::string> label_names) {
  Family& f = Add(Type::kCounter, std::move(name), std::move(help), std::move(label_names));
  f.counter = std::make_unique<Counter>();
  return *f.counter;
}

MetricsRegistry::Gauge& MetricsRegistry::AddGauge(std::string name, std::string help,
                                                  std::vector<std::string> label_names) {
  Family& f = Add(Type::kGauge, std::move(name), std::move(help), std::move(label_names));
  f.gauge = std::make_unique<Gauge>();
  return *f.gauge;
}

MetricsRegistry::Histogram& MetricsRegistry::AddHistogram(std::string name, std::string help,
                                                          std::vector<std::string> label_names,
                                                          std::vector<double> bounds) {
  Family& f = Add(Type::kHistogram, std::move(name), std::move(help), std::move(label_names));
  f.histogram = std::make_unique<Histogram>(std::move(bounds));
  return *f.histogram;
}

void MetricsRegistry::AddCallbackGauge(std::string name, std::string help,
                                       std::vector<std::string> label_names,
                                       GaugeCallback callback) {
  Family& f = Add(Type::kCallbackGauge, std::move(name), std::move(help), std::move(label_names));
  f.callback = std::move(callback);
}

std::vector<double> MetricsRegistry::LatencyBounds() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800};
}

void MetricsRegistry::RenderFamily(const Family& f, std::string& out) {
  const bool counter = f.type == Type::kCounter;
  const char* type = counter ? "counter" : f.type == Type::kHistogram ? "histogram" : "gauge";
  out += "# HELP " + f.name + " ";
  AppendEscaped(out, f.help, false);
  out += "\n# TYPE " + f.name + " " + type + "\n";
  switch (f.type) {
    case Type::kCounter: {
      absl::MutexLock lock(&f.counter->mu_);
      for (const auto& [labels, v] : f.counter->values_) {
        AppendSample(out, f.name, LabelText(f.label_names, labels), v);
      }
      break;
    }
    case Type::kGauge: {
      absl::MutexLock lock(&f.gauge->mu_);
      for (const auto& [labels, v] : f.gauge->values_) {
        AppendSample(out, f.name, LabelText(f.label_names, labels), v);
      }
      break;
    }
    case Type::kCallbackGauge:
      for (const auto& [labels, v] : f.callback()) {
        AppendSample(out, f.name, LabelText(f.label_names, labels), v);
      }
      break;
    case Type::kHistogram: {
      const Histogram& h = *f.histogram;
      absl::MutexLock lock(&h.mu_);
      for (const auto& [labels, s] : h.series_) {
        uint64_t cumulative = 0;
        for (size_t i = 0; i < h.bounds_.size(); ++i) {
          cumulative += s.buckets[i];
          AppendSample(
              out, f.name + "_bucket",
              LabelText(f.label_names, labels, "le=\"" + FormatNumber(h.bounds_[i]) + "\""),
              static_cast<double>(cumulative));
        }
        AppendSample(out, f.name + "_bucket", LabelText(f.label_names, labels, "le=\"+Inf\""),
                     static_cast<double>(s.count));
        AppendSample(out, f.name + "_sum", LabelText(f.label_names, labels), s.sum);
        AppendSample(out, f.name + "_count", LabelText(f.label_names, labels),
                     static_cast<double>(s.count));
      }
      break;
    }
  }
}

std::string MetricsRegistry::RenderText() const {
  std::vector<const Family*> families;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& f : families_) families.push_back(f.get());
  }
  std::string out;
  for (const Family* f : families) RenderFamily(*f, out);
  return out;
}

}  // namespace eksa::vsphere_agent
