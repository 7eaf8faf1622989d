// Hostile input: every case must come back from LoadSpec/LoadSpecFile with a clear diagnostic, in
// bounded time and memory, and never crash. The cases follow the issue: alias/anchor bombs, deep
// nesting, multi-megabyte files, binary garbage, empty files, documents of the wrong shape, kind
// or apiVersion, and YAML syntax errors.
//
// No wall-clock assertions (the machine is shared); memory is checked where it is cheap with the
// peak RSS (getrusage), against generous bounds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "libs/spec/diagnostic.h"
#include "libs/spec/spec.h"
#include "libs/spec/yaml_tree.h"

namespace eksa::spec {
namespace {

using ::testing::HasSubstr;

constexpr char kFile[] = "hostile.yaml";

LoadResult Load(std::string_view text, const ParseLimits& limits = {}) {
  return LoadSpec(kFile, text, limits);
}

// The peak resident set size of this process so far, in bytes.
size_t PeakRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<size_t>(usage.ru_maxrss) * 1024;  // ru_maxrss is in KiB on Linux
}

std::string Dump(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics.items()) out += FormatText(d).substr(0, 400) + "\n";
  return out;
}

// Asserts that `r` holds exactly one diagnostic, an error whose message contains `message`, and
// returns a copy of it (`r` is often a temporary).
Diagnostic OnlyError(const LoadResult& r, std::string_view message) {
  EXPECT_EQ(r.diagnostics.items().size(), 1u) << Dump(r);
  if (r.diagnostics.items().empty()) return {};
  const Diagnostic& d = r.diagnostics.items().front();
  EXPECT_EQ(d.severity, Severity::kError) << FormatText(d);
  EXPECT_THAT(d.message, HasSubstr(std::string(message))) << FormatText(d);
  // Formatting must work on whatever the input produced.
  EXPECT_FALSE(FormatText(d).empty());
  EXPECT_FALSE(FormatJson(r.diagnostics.items()).empty());
  return d;
}

// Finds the first error whose message contains `message`; fails the test when there is none.
const Diagnostic* FindError(const LoadResult& r, std::string_view message) {
  for (const Diagnostic& d : r.diagnostics.items()) {
    if (d.severity == Severity::kError && d.message.find(message) != std::string::npos) return &d;
  }
  ADD_FAILURE() << "no error containing \"" << message << "\" in:\n" << Dump(r);
  return nullptr;
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string SourceDir() {
  const char* dir = std::getenv("EKSA_SOURCE_DIR");
  return dir != nullptr ? dir : EKSA_SOURCE_DIR_FALLBACK;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "eksa-hostile-XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) != nullptr ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, std::string_view contents) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary).write(contents.data(), std::streamsize(contents.size()));
    return p;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// ---------------------------------------------------------------------------------------------
// Anchors and aliases

// The classic "billion laughs": 9 levels of 9 aliases each expand to 9^9 (387 million) scalars.
TEST(HostileInputTest, BillionLaughsStopsAtTheNodeBudget) {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= 8; ++level) {
    std::string prev = "*a" + std::to_string(level - 1);
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [" +
            Repeat(prev + ", ", 8) + prev + "]\n";
  }
  size_t rss_before = PeakRssBytes();
  LoadResult r = Load(text);
  Diagnostic d = OnlyError(r, "expands to more than 200000 nodes");
  // The budget runs out at one of the alias lines (2..9), never at "no documents" or later.
  EXPECT_GE(d.position.line, 2);
  EXPECT_LE(d.position.line, 9);
  EXPECT_GT(d.position.column, 0);
  EXPECT_THAT(d.remediation, HasSubstr("alias"));
  EXPECT_LT(PeakRssBytes() - rss_before, size_t{512} << 20);
}

// One anchor of ~100 nodes and thousands of aliases to it: wide, not deep.
TEST(HostileInputTest, WideAliasFanOutStopsAtTheNodeBudget) {
  std::string text = "base: &b {";
  for (int i = 0; i < 50; ++i) text += (i ? ", k" : "k") + std::to_string(i) + ": v";
  text += "}\nitems:\n" + Repeat("- *b\n", 5000);
  size_t rss_before = PeakRssBytes();
  Diagnostic d = OnlyError(Load(text), "expands to more than 200000 nodes");
  // Each alias costs 101 nodes: the budget runs out at about the 1,980th alias.
  EXPECT_GT(d.position.line, 1000);
  EXPECT_LT(d.position.line, 3000);
  EXPECT_EQ(d.position.column, 3);
  EXPECT_LT(PeakRssBytes() - rss_before, size_t{512} << 20);
}

// Few nodes but a big scalar: a 400 KiB anchor aliased 20,000 times in a 460 KiB file is 8 GB
// of text once expanded. The node budget alone does not see it; the byte budget must.
TEST(HostileInputTest, BigScalarAliasFanOutStopsAtTheByteBudget) {
  std::string text =
      "a: &a " + std::string(400 * 1024, 'x') + "\nb: [" + Repeat("*a, ", 19999) + "*a]\n";
  size_t rss_before = PeakRssBytes();
  Diagnostic d = OnlyError(Load(text), "expands to more than");
  EXPECT_THAT(d.message, HasSubstr("bytes"));
  EXPECT_EQ(d.position.line, 2);
  EXPECT_LT(PeakRssBytes() - rss_before, size_t{512} << 20);
}

// The same as map keys: a huge key aliased many times must not blow up the "unknown field"
// diagnostics (each names the key).
TEST(HostileInputTest, BigKeyAliasedAsManyKeysStopsAtTheByteBudget) {
  std::string text =
      "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: Cluster\n"
      "metadata: {name: c}\nspec:\n  ? &k " +
      std::string(300 * 1024, 'k') + "\n  : 1\n";
  for (int i = 0; i < 2000; ++i) text += "  ? *k\n  : " + std::to_string(i) + "\n";
  size_t rss_before = PeakRssBytes();
  Diagnostic d = OnlyError(Load(text), "expands to more than");
  EXPECT_THAT(d.message, HasSubstr("bytes"));
  EXPECT_GT(d.position.line, 6);
  EXPECT_LT(PeakRssBytes() - rss_before, size_t{512} << 20);
}

// A node cannot contain an alias to itself: yaml-cpp registers the anchor when the node starts,
// so the alias resolves, but the tree refuses a node that is not complete yet.
TEST(HostileInputTest, SelfReferentialAliasInAList) {
  Diagnostic d = OnlyError(Load("a: &a [*a]\n"),
                           "alias refers to an anchor that is not "
                           "complete");
  EXPECT_EQ(d.position, (Position{1, 8}));
}

TEST(HostileInputTest, SelfReferentialAliasInAMap) {
  Diagnostic d =
      OnlyError(Load("spec: &s\n  nested:\n    again: *s\n"), "alias refers to an anchor");
  EXPECT_EQ(d.position, (Position{3, 12}));
}

TEST(HostileInputTest, AliasToAnUndefinedAnchor) {
  Diagnostic d = OnlyError(Load("a: 1\nb: *nowhere\n"), "invalid YAML");
  EXPECT_THAT(d.message, HasSubstr("anchor is not defined"));
  EXPECT_EQ(d.position.line, 2);
}

// Anchors used the way people use them are fine (anchors are per document, so within one).
TEST(HostileInputTest, ModestAliasesAreAccepted) {
  std::string text = ReadFile(SourceDir() + "/libs/spec/testdata/homelab.yaml");
  ASSERT_FALSE(text.empty());
  LoadResult plain = Load(text);
  ASSERT_FALSE(plain.diagnostics.HasErrors()) << Dump(plain);
  // In the Cluster document, the first machineGroupRef kind becomes an anchor; the others alias it.
  const std::string kind = "kind: VSphereMachineConfig";
  size_t first = text.find(kind);
  size_t end_of_cluster = text.find("\n---");
  ASSERT_LT(first, end_of_cluster);
  text.replace(first, kind.size(), "kind: &mc VSphereMachineConfig");
  int aliases = 0;
  for (size_t at = text.find(kind, first + kind.size()); at < text.find("\n---");
       at = text.find(kind, at)) {
    text.replace(at, kind.size(), "kind: *mc");
    ++aliases;
  }
  ASSERT_EQ(aliases, 2);
  LoadResult r = Load(text);
  EXPECT_FALSE(r.diagnostics.HasErrors()) << Dump(r);
}

// ---------------------------------------------------------------------------------------------
// Nesting

TEST(HostileInputTest, DeepFlowNestingStopsAtTheDepthLimit) {
  std::string text = std::string(100000, '[') + std::string(100000, ']') + "\n";
  Diagnostic d = OnlyError(Load(text), "nesting is deeper than 64 levels");
  EXPECT_EQ(d.position, (Position{1, 65}));
}

TEST(HostileInputTest, DeepFlowMapNestingStopsAtTheDepthLimit) {
  std::string text = Repeat("{a: ", 100000) + "1" + std::string(100000, '}') + "\n";
  Diagnostic d = OnlyError(Load(text), "nesting is deeper than 64 levels");
  EXPECT_EQ(d.position.line, 1);
}

// 5,000 levels of block maps, one space of indentation each (12.5 MB of spaces, so the size
// limit is raised to let the parser see it).
TEST(HostileInputTest, DeepBlockMapNestingStopsAtTheDepthLimit) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += std::string(size_t(i), ' ') + "a:\n";
  text += std::string(5000, ' ') + "leaf\n";
  Diagnostic d =
      OnlyError(Load(text, ParseLimits{.max_bytes = 32 << 20}), "nesting is deeper than 64 levels");
  EXPECT_EQ(d.position, (Position{65, 65}));
}

TEST(HostileInputTest, DeepBlockListNestingStopsAtTheDepthLimit) {
  std::string text = Repeat("- ", 5000) + "x\n";
  Diagnostic d = OnlyError(Load(text), "nesting is deeper than 64 levels");
  EXPECT_EQ(d.position, (Position{1, 129}));
}

// Even with our depth limit lifted, yaml-cpp's own recursion guard (2,000 levels) stops the parse
// with an error instead of a stack overflow.
TEST(HostileInputTest, DeepNestingWithoutOurLimitHitsYamlCppsGuard) {
  std::string text = std::string(100000, '[') + std::string(100000, ']') + "\n";
  Diagnostic d = OnlyError(Load(text, ParseLimits{.max_nodes = 10000000, .max_depth = 1000000}),
                           "invalid YAML");
  EXPECT_GE(d.position.line, 1);
}

// ---------------------------------------------------------------------------------------------
// Size

TEST(HostileInputTest, ThreeMegabyteTextIsRefusedBeforeParsing) {
  std::string text = Repeat("a: b\n", (3 << 20) / 5 + 1).substr(0, 3 << 20);
  Diagnostic d = OnlyError(Load(text), "file is 3145728 bytes");
  EXPECT_THAT(d.message, HasSubstr("at most 1048576 bytes"));
  EXPECT_EQ(d.position, Position{});
}

TEST(HostileInputTest, ThreeMegabyteFileIsRefusedBeforeReading) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string path = dir.Write("big.yaml", Repeat("a: b\n", (3 << 20) / 5 + 1).substr(0, 3 << 20));
  LoadResult r = LoadSpecFile(path);
  Diagnostic d = OnlyError(r, "file is 3145728 bytes");
  EXPECT_EQ(d.file, path);
  EXPECT_EQ(d.position, Position{});
}

// A sparse 64 GiB file: if LoadSpecFile read it, the test would run out of memory or time.
TEST(HostileInputTest, HugeSparseFileIsRefusedWithoutReading) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string path = dir.Write("sparse.yaml", "");
  ASSERT_EQ(truncate(path.c_str(), off_t{64} << 30), 0);
  size_t rss_before = PeakRssBytes();
  Diagnostic d = OnlyError(LoadSpecFile(path), "file is 68719476736 bytes");
  EXPECT_EQ(d.position, Position{});
  EXPECT_LT(PeakRssBytes() - rss_before, size_t{64} << 20);
}

TEST(HostileInputTest, DirectoryAndMissingFileAreOneFileLevelError) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  OnlyError(LoadSpecFile(dir.path()), "not a regular file");
  OnlyError(LoadSpecFile(dir.path() + "/missing.yaml"), "cannot read the file");
  OnlyError(LoadSpecFile("/dev/zero"), "not a regular file");
}

// Just under the 1 MiB limit: a valid spec with thousands of worker node groups parses,
// defaults and validates to the end.
TEST(HostileInputTest, NineHundredKilobyteSpecWithManyWorkerGroupsCompletes) {
  std::string text = ReadFile(SourceDir() + "/libs/spec/testdata/homelab.yaml");
  const std::string one_group =
      "  - count: 3\n"
      "    machineGroupRef:\n"
      "      kind: VSphereMachineConfig\n"
      "      name: homelab\n"
      "    name: md-0\n";
  size_t at = text.find(one_group);
  ASSERT_NE(at, std::string::npos);
  std::string groups;
  int n = 0;
  while (text.size() - one_group.size() + groups.size() < 900 * 1024) {
    groups +=
        "  - count: 1\n    machineGroupRef:\n      kind: VSphereMachineConfig\n"
        "      name: homelab\n    name: md-" +
        std::to_string(n++) + "\n";
  }
  text.replace(at, one_group.size(), groups);
  ASSERT_GT(text.size(), 900u * 1024);
  ASSERT_LT(text.size(), 1u << 20);

  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  LoadResult r = LoadSpecFile(dir.Write("many-groups.yaml", text));
  for (const Diagnostic& d : r.diagnostics.items()) {
    // Whatever validation says about 8,000 groups, the YAML layer must have accepted it all.
    EXPECT_NE(d.position, Position{}) << FormatText(d);
    EXPECT_THAT(d.message, ::testing::Not(HasSubstr("invalid YAML")));
    EXPECT_THAT(d.message, ::testing::Not(HasSubstr("expands to more than")));
  }
  ASSERT_EQ(r.spec.clusters.size(), 1u);
  EXPECT_EQ(r.spec.clusters[0].worker_node_groups.size(), size_t(n));
  EXPECT_FALSE(FormatJson(r.diagnostics.items()).empty());
}

// ---------------------------------------------------------------------------------------------
// Binary garbage and invalid UTF-8

TEST(HostileInputTest, RandomBytesAreNotYamlText) {
  std::mt19937 rng(20261125);
  std::string text(64 * 1024, '\0');
  for (char& c : text) c = static_cast<char>(rng() & 0xFF);
  // The first NUL is bad for sure; an earlier byte may already be (a control or a broken
  // sequence), so the error is at or before it.
  size_t nul = text.find('\0');
  ASSERT_NE(nul, std::string::npos);
  int line = 1, column = 1;
  for (size_t i = 0; i < nul; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  Diagnostic d = OnlyError(Load(text), "file is not UTF-8 YAML text");
  EXPECT_GE(d.position.line, 1);
  EXPECT_GE(d.position.column, 1);
  EXPECT_LE(std::pair(d.position.line, d.position.column), std::pair(line, column));
}

// /dev/urandom-like data behind a valid-looking header: the first NUL is the first bad byte.
TEST(HostileInputTest, NulAfterAValidHeaderIsReportedAtItsPosition) {
  std::mt19937 rng(7);
  std::string text = "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: Cluster\nname: ";
  text += '\0';
  for (int i = 0; i < 4096; ++i) text += static_cast<char>(rng() & 0xFF);
  Diagnostic d = OnlyError(Load(text), "file is not UTF-8 YAML text: byte 0x00");
  EXPECT_EQ(d.position, (Position{3, 7}));
}

TEST(HostileInputTest, ElfBinaryIsNotYamlText) {
  std::string text(
      "\x7f"
      "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00",
      20);
  Diagnostic d = OnlyError(Load(text), "byte 0x7f is not allowed");  // DEL, the ELF magic
  EXPECT_EQ(d.position, (Position{1, 1}));
}

TEST(HostileInputTest, GzipIsNotYamlText) {
  Diagnostic d =
      OnlyError(Load(std::string("\x1f\x8b\x08\x00\x00\x00", 6)), "byte 0x1f is not allowed");
  EXPECT_EQ(d.position, (Position{1, 1}));
}

TEST(HostileInputTest, Utf16IsNotYamlText) {
  // "a: b" in UTF-16LE with a byte order mark.
  Diagnostic d = OnlyError(Load(std::string("\xff\xfe"
                                            "a\0:\0 \0b\0",
                                            10)),
                           "byte 0xff is not allowed");
  EXPECT_EQ(d.position, (Position{1, 1}));
}

TEST(HostileInputTest, OverlongTwoByteSequence) {
  // "/" encoded as C0 AF, the classic path-traversal trick.
  Diagnostic d = OnlyError(Load("kind: Cluster\nname: a\xc0\xaf"
                                "b\n"),
                           "file is not UTF-8 YAML text: byte 0xc0");
  EXPECT_EQ(d.position, (Position{2, 8}));
}

TEST(HostileInputTest, TruncatedSequenceAtTheEnd) {
  // The first two bytes of "€" (E2 82 AC), then the end of the file.
  Diagnostic d = OnlyError(Load("kind: Cluster\nprice: 5\xe2\x82"), "byte 0xe2");
  EXPECT_EQ(d.position, (Position{2, 9}));
}

TEST(HostileInputTest, TruncatedSequenceBeforeAnAsciiByte) {
  Diagnostic d = OnlyError(Load("a: \xe2\x82x\n"), "byte 0xe2");
  EXPECT_EQ(d.position, (Position{1, 4}));
}

TEST(HostileInputTest, LoneContinuationByte) {
  Diagnostic d = OnlyError(Load("a: b\nc: \x80\n"), "byte 0x80");
  EXPECT_EQ(d.position, (Position{2, 4}));
}

TEST(HostileInputTest, InvalidLeadByte) {
  Diagnostic d = OnlyError(Load("a: \xf8\x88\x80\x80\x80\n"), "byte 0xf8");
  EXPECT_EQ(d.position, (Position{1, 4}));
}

TEST(HostileInputTest, ColumnsCountCharactersNotBytes) {
  // "é" (2 bytes) and "€" (3 bytes) are one column each.
  Diagnostic d = OnlyError(Load("name: \xc3\xa9\xe2\x82\xac\x01\n"), "byte 0x01");
  EXPECT_EQ(d.position, (Position{1, 9}));
}

TEST(HostileInputTest, OverlongThreeByteSequenceAndSurrogatesAreRejected) {
  OnlyError(Load("a: \xe0\x80\xaf\n"), "not UTF-8");
  OnlyError(Load("a: \xed\xa0\x80\n"), "not UTF-8");
  OnlyError(Load("a: \xf5\x80\x80\x80\n"), "not UTF-8");
}

TEST(HostileInputTest, DelAndC1ControlCharactersAreRejected) {
  Diagnostic del = OnlyError(Load("a: b\x7f\n"), "byte 0x7f is not allowed here");
  EXPECT_EQ(del.position, (Position{.line = 1, .column = 5}));
  Diagnostic c1 = OnlyError(Load("a: \xc2\x9b\n"), "byte 0xc2 is not allowed here");
  EXPECT_EQ(c1.position, (Position{.line = 1, .column = 4}));
  EXPECT_THAT(Load("a: \"b\xc2\x85" "c\xc2\xa0" "d\"\n").diagnostics.items(),
              ::testing::Not(::testing::Contains(::testing::Field(
                  &Diagnostic::message, HasSubstr("not UTF-8")))));
}

// ---------------------------------------------------------------------------------------------
// Empty files and documents of the wrong shape

TEST(HostileInputTest, EmptyFile) {
  Diagnostic d = OnlyError(Load(""), "file has no YAML documents");
  EXPECT_EQ(d.position, Position{});
  EXPECT_THAT(d.remediation, HasSubstr("eksa generate clusterconfig"));
}

TEST(HostileInputTest, EmptyFileOnDisk) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  OnlyError(LoadSpecFile(dir.Write("empty.yaml", "")), "file has no YAML documents");
}

TEST(HostileInputTest, WhitespaceOnlyFile) {
  EXPECT_EQ(OnlyError(Load("  \n\t\n\r\n   "), "file has no YAML documents").position, Position{});
}

TEST(HostileInputTest, CommentsOnlyFile) {
  OnlyError(Load("# a cluster spec\n# to be written\n"), "file has no YAML documents");
}

TEST(HostileInputTest, LoneDocumentMarker) {
  OnlyError(Load("---"), "file has no YAML documents");
  OnlyError(Load("---\n"), "file has no YAML documents");
  OnlyError(Load("---\n...\n---\n"), "file has no YAML documents");
}

TEST(HostileInputTest, ScalarDocument) {
  LoadResult r = Load("hello world\n");
  const Diagnostic* d = FindError(r,
                                  "document must be a Kubernetes-style object (a map), got a "
                                  "scalar");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->position, (Position{1, 1}));
  EXPECT_TRUE(r.spec.clusters.empty());
}

TEST(HostileInputTest, ListDocument) {
  LoadResult r = Load("- apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n  kind: Cluster\n");
  const Diagnostic* d = FindError(r, "got a list");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->position, (Position{1, 1}));
}

TEST(HostileInputTest, KubernetesDeploymentHasTheWrongApiVersion) {
  LoadResult r = Load(
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "metadata:\n"
      "  name: nginx\n"
      "spec:\n"
      "  replicas: 2\n"
      "  selector:\n"
      "    matchLabels: {app: nginx}\n"
      "  template:\n"
      "    metadata:\n"
      "      labels: {app: nginx}\n"
      "    spec:\n"
      "      containers:\n"
      "      - name: nginx\n"
      "        image: nginx:1.25\n");
  const Diagnostic* d = FindError(r,
                                  "apiVersion \"apps/v1\" is not anywhere.eks.amazonaws.com/"
                                  "v1alpha1");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->position, (Position{1, 13}));
  EXPECT_EQ(d->field, "apiVersion");
  EXPECT_EQ(d->object, "nginx");
}

TEST(HostileInputTest, UnknownKind) {
  LoadResult r = Load(
      "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
      "kind: Clustr\n"
      "metadata:\n"
      "  name: c\n");
  const Diagnostic* d = FindError(r, "unknown kind \"Clustr\"; did you mean \"Cluster\"?");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->position, (Position{2, 7}));
}

TEST(HostileInputTest, KindThatIsAMap) {
  LoadResult r = Load("apiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: {a: b}\n");
  const Diagnostic* d = FindError(r, "must be a string, got a map");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->position, (Position{2, 7}));
}

TEST(HostileInputTest, ThreeHundredDocumentsStopAtTheDocumentLimit) {
  std::string text = Repeat("---\na: b\n", 300);
  Diagnostic d = OnlyError(Load(text), "more than 256 YAML documents");
  EXPECT_EQ(d.position, (Position{257 * 2 - 1, 1}));
}

TEST(HostileInputTest, ThreeHundredEmptyDocumentsStopAtTheDocumentLimit) {
  OnlyError(Load(Repeat("---\n", 300)), "more than 256 YAML documents");
}

// ---------------------------------------------------------------------------------------------
// YAML syntax errors

TEST(HostileInputTest, UnterminatedDoubleQuoteAtTheEndOfTheFile) {
  Diagnostic d = OnlyError(Load("apiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: \"Cluster"),
                           "invalid YAML: illegal EOF in scalar");
  EXPECT_EQ(d.position.line, 2);
}

TEST(HostileInputTest, UnterminatedSingleQuoteAtTheEndOfTheFile) {
  Diagnostic d = OnlyError(Load("kind: Cluster\nname: 'homelab"), "invalid YAML");
  EXPECT_EQ(d.position.line, 2);
}

// In a multi-document spec the open quote runs into the next "---", which yaml-cpp rejects there.
TEST(HostileInputTest, UnterminatedQuoteRunsIntoTheNextDocument) {
  Diagnostic d = OnlyError(
      Load("kind: Cluster\nmetadata:\n  name: \"homelab\n---\nkind: VSphereDatacenterConfig\n"),
      "invalid YAML: illegal document indicator in scalar");
  EXPECT_EQ(d.position, (Position{4, 1}));
}

// yaml-cpp 0.7 accepts a quote left open up to a final newline (the scalar runs to the end of
// the file), so the error surfaces as the fields the quote swallowed.
TEST(HostileInputTest, UnterminatedQuoteBeforeTheFinalNewlineStillFails) {
  LoadResult r = Load("apiVersion: \"anywhere.eks.amazonaws.com/v1alpha1\nkind: Cluster\n");
  ASSERT_NE(FindError(r, "missing kind"), nullptr);
}

TEST(HostileInputTest, DedentedKey) {
  Diagnostic d = OnlyError(Load("spec:\n  a: 1\n b: 2\n"),
                           "invalid YAML: end of map not "
                           "found");
  EXPECT_EQ(d.position, (Position{3, 2}));
  EXPECT_THAT(d.remediation, HasSubstr("indentation"));
}

TEST(HostileInputTest, OverIndentedKey) {
  Diagnostic d =
      OnlyError(Load("kind: Cluster\n  apiVersion: x\n"), "invalid YAML: illegal map value");
  EXPECT_EQ(d.position, (Position{2, 13}));
}

TEST(HostileInputTest, ListItemBesideMapKey) {
  Diagnostic d = OnlyError(Load("a:\n  - b\n  c: 2\n"), "invalid YAML");
  EXPECT_EQ(d.position, (Position{3, 3}));
}

TEST(HostileInputTest, UnclosedFlowList) {
  Diagnostic d =
      OnlyError(Load("a: [1, 2\nb: 3\n"), "invalid YAML: end of sequence flow not found");
  EXPECT_EQ(d.position.line, 2);
}

TEST(HostileInputTest, TabIndentation) {
  Diagnostic d = OnlyError(Load("spec:\n\tcount: 1\n"), "invalid YAML");
  EXPECT_EQ(d.position.line, 2);
}

TEST(HostileInputTest, TabAfterSpaceIndentation) {
  Diagnostic d =
      OnlyError(Load("spec:\n  count: 1\n\tname: x\n"), "illegal tab when looking for indentation");
  EXPECT_EQ(d.position, (Position{3, 1}));
}

// ---------------------------------------------------------------------------------------------
// Huge scalars

// YAML limits implicit keys to 1024 characters: a huge `key: value` is a syntax error at its line.
TEST(HostileInputTest, HugeImplicitKeyIsInvalidYaml) {
  std::string key(500 * 1024, 'k');
  Diagnostic d = OnlyError(Load("apiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: Cluster\n"
                                "metadata:\n  name: c\nspec:\n  " +
                                key + ": 1\n"),
                           "invalid YAML");
  EXPECT_EQ(d.position.line, 6);
}

// Written as an explicit key (`? key`), it is read, and reported as an unknown field.
TEST(HostileInputTest, HugeExplicitKeyIsAnUnknownField) {
  std::string key(500 * 1024, 'k');
  LoadResult r = Load(
      "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: Cluster\n"
      "metadata:\n  name: c\nspec:\n  ? " +
      key + "\n  : 1\n");
  const Diagnostic* d = FindError(r, "unknown field");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->position, (Position{6, 5}));
  EXPECT_FALSE(FormatJson(r.diagnostics.items()).empty());
}

TEST(HostileInputTest, HugeValueIsReported) {
  std::string name(500 * 1024, 'n');
  LoadResult r = Load(
      "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: Cluster\n"
      "metadata:\n  name: " +
      name + "\n");
  EXPECT_TRUE(r.diagnostics.HasErrors());
  EXPECT_FALSE(FormatJson(r.diagnostics.items()).empty());
}

// ---------------------------------------------------------------------------------------------
// Random printable text: a miniature fuzz run in the unit tests (the real one is spec_fuzzer).

TEST(HostileInputTest, RandomYamlishTextAlwaysReturns) {
  std::mt19937 rng(42);
  const std::string alphabet = "ab:- \n\n[]{},&*!|>'\"#?%@`.0123456789";
  for (int round = 0; round < 2000; ++round) {
    std::string text(rng() % 200, ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    LoadResult r = Load(text);
    for (const Diagnostic& d : r.diagnostics.items()) EXPECT_FALSE(FormatText(d).empty());
    EXPECT_FALSE(FormatJson(r.diagnostics.items()).empty());
  }
}

}  // namespace
}  // namespace eksa::spec
