// Measures eksa's spec load (event parse with positions + defaults + validation) against
// yaml-cpp's plain YAML::LoadAll of the same text, interleaved in one run so machine noise hits
// both alike. Prints per-input ratios and a RESULT line.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "libs/spec/spec.h"

namespace {

using Clock = std::chrono::steady_clock;

double MedianSeconds(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The seed spec with `groups` extra worker node groups (each its own machine config ref).
std::string ScaledSpec(const std::string& seed, int groups) {
  std::string out = seed;
  std::string marker = "    name: md-0\n";
  std::string extra;
  for (int i = 1; i <= groups; ++i) {
    extra +=
        "  - count: 2\n    machineGroupRef:\n      kind: VSphereMachineConfig\n"
        "      name: homelab\n    name: md-" +
        std::to_string(i) + "\n";
  }
  out.insert(out.find(marker) + marker.size(), extra);
  return out;
}

struct Result {
  double eksa_s;
  double yaml_cpp_s;
};

Result Measure(const std::string& text, int rounds) {
  std::vector<double> eksa, yaml;
  for (int i = 0; i < rounds; ++i) {
    auto t0 = Clock::now();
    eksa::spec::LoadResult r = eksa::spec::LoadSpec("bench.yaml", text);
    auto t1 = Clock::now();
    std::vector<YAML::Node> docs = YAML::LoadAll(text);
    auto t2 = Clock::now();
    if (r.diagnostics.HasErrors() || docs.empty()) {
      std::fprintf(stderr, "bench input is not a valid spec\n");
      std::exit(1);
    }
    eksa.push_back(std::chrono::duration<double>(t1 - t0).count());
    yaml.push_back(std::chrono::duration<double>(t2 - t1).count());
  }
  return {MedianSeconds(eksa), MedianSeconds(yaml)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SEED_SPEC\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream seed;
  seed << in.rdbuf();
  std::printf("%-22s %10s %12s %12s %8s\n", "input", "bytes", "eksa ms", "yaml-cpp ms", "ratio");
  double seed_ratio = 0;
  for (int groups : {0, 100, 1000}) {
    std::string text = ScaledSpec(seed.str(), groups);
    Result r = Measure(text, groups >= 1000 ? 15 : 101);
    double ratio = r.eksa_s / r.yaml_cpp_s;
    if (groups == 0) seed_ratio = ratio;
    std::printf("seed + %-4d groups     %10zu %12.3f %12.3f %8.2f\n", groups, text.size(),
                r.eksa_s * 1e3, r.yaml_cpp_s * 1e3, ratio);
  }
  std::printf("RESULT spec_load_over_yaml_cpp_load %.2f\n", seed_ratio);
  return 0;
}
