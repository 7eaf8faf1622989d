// libFuzzer target for the cluster spec reader: arbitrary bytes go through LoadSpec (YAML tree
// with limits, parse, defaults, validation) and the diagnostics through both formatters.
//
// Built with -fsanitize=fuzzer,address,undefined by scripts/fuzz (EKSA_FUZZ=ON, clang); the
// normal build links it into spec_fuzz_corpus_test, which replays libs/spec/fuzz/corpus/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "libs/spec/diagnostic.h"
#include "libs/spec/spec.h"
#include "libs/spec/yaml_tree.h"

namespace {

// Stops the run with a message: libFuzzer and the corpus runner both report an abort as a crash.
void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "spec_fuzzer: invariant violated: %s\n", what);
  std::abort();
}

// Invariants every diagnostic list must hold, whatever the input.
void CheckDiagnostics(const eksa::spec::Diagnostics& diags, std::string_view text) {
  size_t lines = 1;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  for (const eksa::spec::Diagnostic& d : diags.items()) {
    Check(!d.message.empty(), "a diagnostic has a message");
    Check(d.position.line >= 0 && d.position.column >= 0, "positions are not negative");
    Check(static_cast<size_t>(d.position.line) <= lines + 1, "a position is inside the file");
    Check(!eksa::spec::FormatText(d).empty(), "FormatText gives text");
  }
  Check(!eksa::spec::FormatJson(diags.items()).empty(), "FormatJson gives text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  // The real entry point, with the limits eksa uses.
  eksa::spec::LoadResult r = eksa::spec::LoadSpec("fuzz.yaml", text);
  CheckDiagnostics(r.diagnostics, text);
  // A spec without errors has exactly one Cluster (validation asks for it).
  Check(r.diagnostics.HasErrors() || r.spec.clusters.size() == 1,
        "an accepted spec has one Cluster");

  // The tree builder under tiny limits, so small inputs reach every limit's error path too.
  eksa::spec::Diagnostics small("fuzz.yaml");
  eksa::spec::ParseYaml(text, small,
                        {.max_bytes = 4096, .max_nodes = 64, .max_depth = 6, .max_documents = 3});
  CheckDiagnostics(small, text);
  return 0;
}
