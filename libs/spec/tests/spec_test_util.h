// Shared pieces of the libs/spec tests: a valid base spec with numbered lines, textual edits of
// it, and an exact check of the diagnostics LoadSpec reports.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "libs/spec/diagnostic.h"
#include "libs/spec/spec.h"

namespace eksa::spec::testing {

// The file name LoadSpec is given in every test.
inline constexpr char kFile[] = "lab.yaml";

// A compact, valid vSphere spec: stacked etcd, one worker group, two machine configs. It loads
// with no diagnostic at all (SpecBaseTest.BaseIsValid). The comment in front of each line is its
// line number; cases refer to these numbers.
// clang-format off
inline const std::vector<std::string> kBaseLines = {
    /*  1 */ "apiVersion: anywhere.eks.amazonaws.com/v1alpha1",
    /*  2 */ "kind: Cluster",
    /*  3 */ "metadata:",
    /*  4 */ "  name: lab",
    /*  5 */ "spec:",
    /*  6 */ "  kubernetesVersion: \"1.31\"",
    /*  7 */ "  clusterNetwork:",
    /*  8 */ "    cniConfig:",
    /*  9 */ "      cilium: {}",
    /* 10 */ "    pods:",
    /* 11 */ "      cidrBlocks: [192.168.0.0/16]",
    /* 12 */ "    services:",
    /* 13 */ "      cidrBlocks: [10.96.0.0/12]",
    /* 14 */ "  controlPlaneConfiguration:",
    /* 15 */ "    count: 3",
    /* 16 */ "    endpoint:",
    /* 17 */ "      host: 127.0.0.10",
    /* 18 */ "    machineGroupRef:",
    /* 19 */ "      kind: VSphereMachineConfig",
    /* 20 */ "      name: lab-cp",
    /* 21 */ "  datacenterRef:",
    /* 22 */ "    kind: VSphereDatacenterConfig",
    /* 23 */ "    name: lab",
    /* 24 */ "  workerNodeGroupConfigurations:",
    /* 25 */ "  - name: md-0",
    /* 26 */ "    count: 2",
    /* 27 */ "    machineGroupRef:",
    /* 28 */ "      kind: VSphereMachineConfig",
    /* 29 */ "      name: lab-md",
    /* 30 */ "---",
    /* 31 */ "apiVersion: anywhere.eks.amazonaws.com/v1alpha1",
    /* 32 */ "kind: VSphereDatacenterConfig",
    /* 33 */ "metadata:",
    /* 34 */ "  name: lab",
    /* 35 */ "spec:",
    /* 36 */ "  datacenter: dc1",
    /* 37 */ "  server: 127.0.0.2",
    /* 38 */ "  network: /dc1/network/vm-net",
    /* 39 */ "  thumbprint: 0E:89:91:5B:02:50:F6:41:D0:DE:6B:A0:B8:43:41:A4:81:03:93:F8",
    /* 40 */ "---",
    /* 41 */ "apiVersion: anywhere.eks.amazonaws.com/v1alpha1",
    /* 42 */ "kind: VSphereMachineConfig",
    /* 43 */ "metadata:",
    /* 44 */ "  name: lab-cp",
    /* 45 */ "spec:",
    /* 46 */ "  datastore: /dc1/datastore/ds1",
    /* 47 */ "  resourcePool: /dc1/host/c1/Resources",
    /* 48 */ "  osFamily: bottlerocket",
    /* 49 */ "  users:",
    /* 50 */ "  - name: ec2-user",
    /* 51 */ "    sshAuthorizedKeys:",
    /* 52 */ "    - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g lab",
    /* 53 */ "---",
    /* 54 */ "apiVersion: anywhere.eks.amazonaws.com/v1alpha1",
    /* 55 */ "kind: VSphereMachineConfig",
    /* 56 */ "metadata:",
    /* 57 */ "  name: lab-md",
    /* 58 */ "spec:",
    /* 59 */ "  datastore: /dc1/datastore/ds1",
    /* 60 */ "  resourcePool: /dc1/host/c1/Resources",
    /* 61 */ "  osFamily: bottlerocket",
};
// clang-format on

// The last line of the base; text appended with Append() starts at line kEnd + 1.
inline const int kEnd = static_cast<int>(kBaseLines.size());

// Replaces base lines [first, last] with the lines of `text` (none when `text` is empty).
// Line numbers always refer to the base, whatever the other edits of a case do.
struct Edit {
  int first = 0;
  int last = 0;
  std::string text;
};

// Line `line` becomes `text` (which may hold several lines).
inline Edit Replace(int line, std::string text) { return {line, line, std::move(text)}; }
// `text` is inserted before base line `line`: its first line becomes line `line`.
inline Edit Insert(int line, std::string text) { return {line, line - 1, std::move(text)}; }
// Base lines [first, last] are removed.
inline Edit Delete(int first, int last) { return {first, last, ""}; }
inline Edit Delete(int line) { return Delete(line, line); }
// `text` is added after the last line: its first line becomes line kEnd + 1.
inline Edit Append(std::string text) { return Insert(kEnd + 1, std::move(text)); }

inline std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  if (text.empty()) return lines;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    lines.emplace_back(text.substr(start, nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

// Applies `edits` to the base (bottom-up, so every edit's numbers refer to the base) and returns
// the text.
inline std::string EditedSpec(std::vector<Edit> edits) {
  std::vector<std::string> lines = kBaseLines;
  std::stable_sort(edits.begin(), edits.end(),
                   [](const Edit& a, const Edit& b) { return a.first > b.first; });
  for (const Edit& e : edits) {
    EXPECT_TRUE(e.first >= 1 && e.first <= kEnd + 1 && e.last >= e.first - 1 && e.last <= kEnd)
        << "edit of lines " << e.first << ".." << e.last << " is outside the base";
    std::vector<std::string> repl = SplitLines(e.text);
    lines.erase(lines.begin() + (e.first - 1), lines.begin() + e.last);
    lines.insert(lines.begin() + (e.first - 1), repl.begin(), repl.end());
  }
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

inline std::string BaseSpec() { return EditedSpec({}); }

// Replaces every occurrence of `from` in `text` with `to`.
inline std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Snippets that several tests add to the base.

// External etcd, inserted at the end of the Cluster spec: lines 30..34, count on line 31 col 12.
// Every base line from 30 on moves down by 5.
inline Edit ExternalEtcd(int count) {
  return Insert(30, "  externalEtcdConfiguration:\n    count: " + std::to_string(count) +
                        "\n    machineGroupRef:\n      kind: VSphereMachineConfig\n"
                        "      name: lab-etcd");
}

// The etcd machine config (9 lines), appended.
inline constexpr char kEtcdMachine[] =
    "---\n"
    "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
    "kind: VSphereMachineConfig\n"
    "metadata:\n"
    "  name: lab-etcd\n"
    "spec:\n"
    "  datastore: /dc1/datastore/ds1\n"
    "  resourcePool: /dc1/host/c1/Resources\n"
    "  osFamily: bottlerocket";

// gitOpsRef (3 lines at 30..32; kind on line 31, name on line 32, values at col 11).
inline Edit GitOpsRef(const std::string& kind, const std::string& name) {
  return Insert(30, "  gitOpsRef:\n    kind: " + kind + "\n    name: " + name);
}

// A FluxConfig named lab-flux, appended; `spec` holds its spec lines (from line 7 of the
// appended text on).
inline Edit FluxConfig(const std::string& spec) {
  return Append(
      "---\n"
      "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
      "kind: FluxConfig\n"
      "metadata:\n"
      "  name: lab-flux\n"
      "spec:\n" +
      spec);
}
inline constexpr char kGithub[] = "  github:\n    owner: example\n    repository: lab-gitops";

// One diagnostic a case expects: severity, exact position and field, and a part of the message.
struct Expected {
  Severity severity = Severity::kError;
  int line = 0;
  int column = 0;
  std::string field;
  std::string message;  // a substring of Diagnostic::message (all of it when `exact`)
  bool exact = false;
};

inline Expected Err(int line, int column, std::string field, std::string message) {
  return {Severity::kError, line, column, std::move(field), std::move(message)};
}
// The message must be exactly `message` (e.g. "unknown field" with no did-you-mean).
inline Expected ErrExact(int line, int column, std::string field, std::string message) {
  return {Severity::kError, line, column, std::move(field), std::move(message), true};
}
inline Expected Warn(int line, int column, std::string field, std::string message) {
  return {Severity::kWarning, line, column, std::move(field), std::move(message)};
}

inline std::string Describe(const Expected& e) {
  std::ostringstream out;
  out << kFile << ":" << e.line << ":" << e.column << ": " << SeverityName(e.severity) << ": "
      << e.field << ": " << (e.exact ? "" : "...") << e.message << (e.exact ? "" : "...");
  return out.str();
}

inline bool Matches(const Diagnostic& d, const Expected& e) {
  return d.severity == e.severity && d.position.line == e.line && d.position.column == e.column &&
         d.field == e.field &&
         (e.exact ? d.message == e.message : d.message.find(e.message) != std::string::npos);
}

inline std::string FormatAll(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items()) out += "  " + FormatText(d) + "\n";
  return out.empty() ? "  (none)\n" : out;
}

// Checks that `diags` holds exactly `want`: every expected diagnostic is present (each matching a
// different one) and no other diagnostic (error or warning) is reported. On failure it prints
// every diagnostic, the expected ones that are missing and the reported ones nobody expected.
inline ::testing::AssertionResult HasExactly(const Diagnostics& diags,
                                             const std::vector<Expected>& want) {
  std::vector<bool> used(diags.items().size(), false);
  std::vector<const Expected*> missing;
  for (const Expected& e : want) {
    bool found = false;
    for (size_t i = 0; i < diags.items().size() && !found; ++i) {
      if (!used[i] && Matches(diags.items()[i], e)) used[i] = found = true;
    }
    if (!found) missing.push_back(&e);
  }
  std::vector<const Diagnostic*> extra;
  for (size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) extra.push_back(&diags.items()[i]);
  }
  if (missing.empty() && extra.empty()) return ::testing::AssertionSuccess();
  ::testing::AssertionResult r = ::testing::AssertionFailure();
  r << "\nreported diagnostics:\n" << FormatAll(diags);
  if (!missing.empty()) {
    r << "expected but not reported:\n";
    for (const Expected* e : missing) r << "  " << Describe(*e) << "\n";
  }
  if (!extra.empty()) {
    r << "reported but not expected:\n";
    for (const Diagnostic* d : extra) r << "  " << FormatText(*d) << "\n";
  }
  return r;
}

}  // namespace eksa::spec::testing
