// A small YAML writer for the documents userdata is made of (cloud-config, kubeadm
// configuration, guestinfo metadata). Output is block style, keys in insertion order, so the
// same input always renders the same bytes (golden files).
//
// Scalars are written plain only when YAML 1.1 (PyYAML in cloud-init, go-yaml in kubeadm) and
// YAML 1.2 read them back as the same string: they start with a letter or '/', hold only
// [A-Za-z0-9._/:@=+,-], do not end with ':' and are not a boolean or null word. Anything else
// (IP addresses, "0600", text with spaces) is double-quoted with escapes. Multi-line text is a
// literal block (`|`) when that round-trips exactly, else double-quoted.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace eksa::planner::userdata {

class YamlNode {
 public:
  static YamlNode String(std::string value);
  // Multi-line text (file contents): literal block when it round-trips, else double-quoted.
  static YamlNode Text(std::string value);
  static YamlNode Int(std::int64_t value);
  static YamlNode Bool(bool value);
  static YamlNode Map();
  static YamlNode Seq();
  static YamlNode StringSeq(const std::vector<std::string>& values);

  // Appends `key: value` to a map node (crashes on a non-map: a programming error).
  YamlNode& Set(std::string key, YamlNode value);
  // Appends an item to a sequence node (crashes on a non-sequence).
  YamlNode& Push(YamlNode value);

  // The node as a block-style document body (no `---`), ending in a newline.
  std::string Render() const;

 private:
  enum class Kind { kScalar, kText, kMap, kSeq };
  explicit YamlNode(Kind kind) : kind_(kind) {}

  bool IsEmptyCollection() const;
  void RenderMap(std::string& out, int indent) const;
  void RenderSeq(std::string& out, int indent) const;
  void RenderAfterIndicator(std::string& out, int indent) const;

  Kind kind_;
  std::string scalar_;  // kScalar: the rendered token; kText: the raw text
  std::vector<std::pair<std::string, YamlNode>> map_;
  std::vector<YamlNode> seq_;
};

// `text` as a YAML scalar token: plain when safe (rules above), else double-quoted.
std::string YamlScalar(const std::string& text);

}  // namespace eksa::planner::userdata
