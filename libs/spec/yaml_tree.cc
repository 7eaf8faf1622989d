#include "libs/spec/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>
#include <utility>

namespace eksa::spec {
namespace {

Position ToPosition(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {.line = mark.line + 1, .column = mark.column + 1};
}

// Thrown from the event handler to stop the parse; caught in ParseYaml. Exceptions never leave
// this file.
struct LimitExceeded {
  Position pos;
  std::string message;
  std::string remediation;
};

// Adds the nodes and the scalar bytes of `n`'s subtree to `nodes` and `bytes`.
void Measure(const YamlNode& n, size_t& nodes, size_t& bytes) {
  ++nodes;
  bytes += n.value.size();
  for (const YamlNode& c : n.children) Measure(c, nodes, bytes);
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const ParseLimits& limits, std::vector<YamlDocument>& docs)
      : limits_(limits), docs_(docs) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (docs_.size() >= limits_.max_documents) {
      throw LimitExceeded{ToPosition(mark),
                          "more than " + std::to_string(limits_.max_documents) + " YAML documents",
                          "split the file; a cluster spec has a handful of documents"};
    }
    docs_.push_back(YamlDocument{.pos = ToPosition(mark), .root = {}});
    anchors_.clear();
    stack_.clear();
    root_set_ = false;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Add(YamlNode{.kind = YamlNode::Kind::kNull, .pos = ToPosition(mark)}, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw LimitExceeded{ToPosition(mark), "alias refers to an anchor that is not complete",
                          "an alias cannot refer to the node that contains it"};
    }
    // Charge the copy before making it.
    size_t nodes = 0, bytes = 0;
    Measure(it->second, nodes, bytes);
    Count(nodes, bytes, ToPosition(mark));
    YamlNode copy = it->second;
    copy.pos = ToPosition(mark);
    Add(std::move(copy), YAML::NullAnchor, /*counted=*/true);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // "?" is the tag of a plain scalar; quoted scalars get "!"; an explicit !!str counts as quoted.
    bool quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    Add(YamlNode{.kind = YamlNode::Kind::kScalar,
                 .pos = ToPosition(mark),
                 .value = value,
                 .quoted = quoted},
        anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(YamlNode{.kind = YamlNode::Kind::kSeq, .pos = ToPosition(mark)}, anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(YamlNode{.kind = YamlNode::Kind::kMap, .pos = ToPosition(mark)}, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Open_ {
    YamlNode* node;
    YAML::anchor_t anchor;
  };

  void Count(size_t nodes, size_t bytes, Position pos) {
    nodes_ += nodes;
    if (nodes_ > limits_.max_nodes) {
      throw LimitExceeded{pos,
                          "the YAML expands to more than " + std::to_string(limits_.max_nodes) +
                              " nodes (anchors and aliases are expanded)",
                          "remove the repeated aliases; a cluster spec needs no anchors"};
    }
    // Few nodes can still be a lot of text: one big scalar aliased many times.
    bytes_ += bytes;
    if (bytes_ > limits_.max_scalar_bytes) {
      throw LimitExceeded{pos,
                          "the YAML expands to more than " +
                              std::to_string(limits_.max_scalar_bytes) +
                              " bytes of scalars (anchors and aliases are expanded)",
                          "remove the repeated aliases; a cluster spec needs no anchors"};
    }
  }

  // Places `node` in the current container (or as the document root); returns where it lives.
  YamlNode* Place(YamlNode node) {
    if (stack_.empty()) {
      if (root_set_) throw LimitExceeded{node.pos, "more than one root node in a document", ""};
      root_set_ = true;
      docs_.back().root = std::move(node);
      return &docs_.back().root;
    }
    std::vector<YamlNode>& siblings = stack_.back().node->children;
    siblings.push_back(std::move(node));
    return &siblings.back();
  }

  void Add(YamlNode node, YAML::anchor_t anchor, bool counted = false) {
    if (!counted) Count(1, node.value.size(), node.pos);
    YamlNode* placed = Place(std::move(node));
    if (anchor != YAML::NullAnchor) anchors_[anchor] = *placed;
  }

  void Open(YamlNode node, YAML::anchor_t anchor) {
    Count(1, 0, node.pos);
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      throw LimitExceeded{node.pos,
                          "nesting is deeper than " + std::to_string(limits_.max_depth) + " levels",
                          "a cluster spec nests a few levels; check the indentation"};
    }
    // Children are only appended to the innermost open node, so this pointer stays valid until
    // the node is closed.
    stack_.push_back({Place(std::move(node)), anchor});
  }

  void Close() {
    Open_ top = stack_.back();
    stack_.pop_back();
    if (top.anchor != YAML::NullAnchor) {
      size_t nodes = 0, bytes = 0;
      Measure(*top.node, nodes, bytes);
      Count(nodes, bytes, top.node->pos);
      anchors_[top.anchor] = *top.node;
    }
  }

  const ParseLimits& limits_;
  std::vector<YamlDocument>& docs_;
  std::vector<Open_> stack_;
  std::unordered_map<YAML::anchor_t, YamlNode> anchors_;
  size_t nodes_ = 0;
  size_t bytes_ = 0;
  bool root_set_ = false;
};

// Returns the position of the first byte that is NUL or not valid UTF-8, or {} if all is well.
// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629, Table 3-7 of Unicode:
// no overlong forms, no surrogates, nothing above U+10FFFF), or 0 if there is none.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  unsigned char c = at(0);
  if (c < 0x80) return 1;
  size_t len = c >= 0xC2 && c <= 0xDF   ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
  if (len == 0 || i + len > text.size()) return 0;
  // The second byte's range depends on the lead byte; later bytes are plain continuations.
  unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  if (at(1) < lo || at(1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if ((at(k) & 0xC0) != 0x80) return 0;
  }
  return len;
}

// Returns the position of the first byte that is NUL, a control character other than tab and
// line ends, or not well-formed UTF-8; {} if all is well.
Position FindBadByte(std::string_view text, unsigned char* bad) {
  int line = 1, column = 1;
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t len = Utf8SequenceLength(text, i);
    // YAML's printable set excludes C0 controls but tab and line ends, DEL, and C1 controls but
    // NEL (U+0085, written C2 85).
    bool c1 = c == 0xC2 && len == 2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F &&
              static_cast<unsigned char>(text[i + 1]) != 0x85;
    bool control = (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F || c1;
    if (len == 0 || control) {
      *bad = c;
      return {.line = line, .column = column};
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += len;
  }
  return {};
}

std::string Hex(unsigned char c) {
  const char* digits = "0123456789abcdef";
  return std::string("0x") + digits[c >> 4] + digits[c & 0xF];
}

}  // namespace

std::string_view YamlNode::Describe() const {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kScalar:
      return "a scalar";
    case Kind::kMap:
      return "a map";
    case Kind::kSeq:
      return "a list";
  }
  return "a node";
}

std::vector<YamlDocument> ParseYaml(std::string_view text, Diagnostics& diags,
                                    const ParseLimits& limits) {
  std::vector<YamlDocument> docs;
  if (text.size() > limits.max_bytes) {
    diags.Error({}, "",
                "file is " + std::to_string(text.size()) +
                    " bytes; eksa reads cluster specs of at "
                    "most " +
                    std::to_string(limits.max_bytes) + " bytes",
                "pass the cluster spec file itself (a few KiB), not an archive or a log");
    return docs;
  }
  unsigned char bad = 0;
  if (Position pos = FindBadByte(text, &bad); pos.line > 0) {
    diags.Error(pos, "", "file is not UTF-8 YAML text: byte " + Hex(bad) + " is not allowed here",
                "pass a YAML cluster spec (text, UTF-8), e.g. one written by `eksa generate "
                "clusterconfig`");
    return docs;
  }
  std::istringstream in{std::string(text)};
  TreeBuilder builder(limits, docs);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const LimitExceeded& e) {
    diags.Error(e.pos, "", e.message, e.remediation);
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg.empty() ? std::string("invalid YAML") : e.msg;
    diags.Error(ToPosition(e.mark), "", "invalid YAML: " + msg,
                "fix the YAML syntax at this position (indentation, quotes, a missing ':')");
  } catch (const std::bad_alloc&) {
    diags.Error({}, "", "out of memory while reading the YAML", "pass a smaller file");
  } catch (const std::exception& e) {
    diags.Error({}, "", std::string("invalid YAML: ") + e.what(), "");
  }
  return docs;
}

}  // namespace eksa::spec
