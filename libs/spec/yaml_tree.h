// A YAML tree with positions, built from yaml-cpp's event parser under hard limits.
//
// yaml-cpp's own Node API builds heavy nodes and shares aliased subtrees, so walking it can
// expand an alias bomb exponentially. This builder consumes parser events instead and:
//  - records the 1-based line and column of every node (keys included);
//  - copies aliased subtrees into the tree, counting every node and every scalar byte against
//    budgets, so "billion laughs" inputs (many nodes, or one big scalar aliased many times) stop
//    with an error after `max_nodes` nodes or `max_scalar_bytes` bytes;
//  - stops at `max_depth` nesting, at `max_bytes` of input, and on NUL bytes or invalid UTF-8,
//    before yaml-cpp sees them.
// Every failure is one Diagnostic (file-level or at the offending position); nothing throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "libs/spec/diagnostic.h"

namespace eksa::spec {

struct YamlNode {
  enum class Kind { kNull, kScalar, kMap, kSeq };

  Kind kind = Kind::kNull;
  Position pos;
  std::string value;    // scalars only
  bool quoted = false;  // scalar written in quotes (or tagged !!str): never a number or bool
  // kMap: keys and values alternate (children[0] key, children[1] value, ...).
  // kSeq: the items.
  std::vector<YamlNode> children;

  bool IsMap() const { return kind == Kind::kMap; }
  bool IsSeq() const { return kind == Kind::kSeq; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsNull() const { return kind == Kind::kNull; }
  size_t MapSize() const { return children.size() / 2; }
  // Human name of the kind for messages: "a string", "a map", "a list", "null".
  std::string_view Describe() const;
};

struct YamlDocument {
  Position pos;   // where the document starts
  YamlNode root;  // kNull for an empty document
};

struct ParseLimits {
  size_t max_bytes =
      1 << 20;                // a cluster spec is a few KiB; 1 MiB leaves room for 1,000s of groups
  size_t max_nodes = 200000;  // across all documents, aliases expanded
  size_t max_scalar_bytes = 4 << 20;  // scalar text across all documents, aliases expanded
  int max_depth = 64;
  size_t max_documents = 256;
};

// Parses every document of `text`. Problems go to `diags` and stop the parse; the documents read
// before a problem are returned but callers should treat the file as unusable when
// diags.HasErrors().
std::vector<YamlDocument> ParseYaml(std::string_view text, Diagnostics& diags,
                                    const ParseLimits& limits = {});

}  // namespace eksa::spec
