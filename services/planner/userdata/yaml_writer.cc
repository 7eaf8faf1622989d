#include "services/planner/userdata/yaml_writer.h"

#include <cstdlib>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace eksa::planner::userdata {
namespace {

bool IsYamlKeyword(const std::string& text) {
  static const char* const kWords[] = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"};
  const std::string lower = absl::AsciiStrToLower(text);
  for (const char* w : kWords) {
    if (lower == w) return true;
  }
  return false;
}

bool IsPlainSafe(const std::string& text) {
  if (text.empty() || text.back() == ':' || IsYamlKeyword(text)) return false;
  const char first = text.front();
  if (!absl::ascii_isalpha(static_cast<unsigned char>(first)) && first != '/') return false;
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        std::string_view("._/:@=+,-").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string DoubleQuoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          absl::StrAppend(&out, "\\x", absl::Hex(u, absl::kZeroPad2));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

// A literal block keeps text exactly when it ends in one newline (default "clip" chomping),
// its first line is non-empty and does not start with a space (which would change the detected
// indentation), and it has no control characters other than newline and tab.
bool LiteralRoundTrips(const std::string& text) {
  if (text.size() < 2 || text.back() != '\n' || text[text.size() - 2] == '\n') return false;
  if (text.front() == ' ' || text.front() == '\n' || text.front() == '\t') return false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) return false;
  }
  return true;
}

void AppendLiteral(std::string& out, const std::string& text, int indent) {
  out += "|\n";
  const std::string pad(indent, ' ');
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string_view line(text.data() + start, end - start);
    if (!line.empty()) absl::StrAppend(&out, pad, absl::string_view(line.data(), line.size()));
    out.push_back('\n');
    start = end + 1;
  }
}

}  // namespace

std::string YamlScalar(const std::string& text) {
  return IsPlainSafe(text) ? text : DoubleQuoted(text);
}

YamlNode YamlNode::String(std::string value) {
  YamlNode n(Kind::kScalar);
  n.scalar_ = YamlScalar(value);
  return n;
}

YamlNode YamlNode::Text(std::string value) {
  YamlNode n(Kind::kText);
  n.scalar_ = std::move(value);
  return n;
}

YamlNode YamlNode::Int(std::int64_t value) {
  YamlNode n(Kind::kScalar);
  n.scalar_ = absl::StrCat(value);
  return n;
}

YamlNode YamlNode::Bool(bool value) {
  YamlNode n(Kind::kScalar);
  n.scalar_ = value ? "true" : "false";
  return n;
}

YamlNode YamlNode::Map() { return YamlNode(Kind::kMap); }
YamlNode YamlNode::Seq() { return YamlNode(Kind::kSeq); }

YamlNode YamlNode::StringSeq(const std::vector<std::string>& values) {
  YamlNode n = Seq();
  for (const std::string& v : values) n.Push(String(v));
  return n;
}

YamlNode& YamlNode::Set(std::string key, YamlNode value) {
  if (kind_ != Kind::kMap) std::abort();
  map_.emplace_back(std::move(key), std::move(value));
  return *this;
}

YamlNode& YamlNode::Push(YamlNode value) {
  if (kind_ != Kind::kSeq) std::abort();
  seq_.push_back(std::move(value));
  return *this;
}

bool YamlNode::IsEmptyCollection() const {
  return (kind_ == Kind::kMap && map_.empty()) || (kind_ == Kind::kSeq && seq_.empty());
}

std::string YamlNode::Render() const {
  std::string out;
  if (kind_ == Kind::kMap && !map_.empty()) {
    RenderMap(out, 0);
  } else if (kind_ == Kind::kSeq && !seq_.empty()) {
    RenderSeq(out, 0);
  } else {
    RenderAfterIndicator(out, 0);
  }
  return out;
}

// Writes the node after "key:" or "- " (the indicator and no space yet); `indent` is the
// indentation of that key or dash.
void YamlNode::RenderAfterIndicator(std::string& out, int indent) const {
  if (IsEmptyCollection()) {
    absl::StrAppend(&out, out.empty() ? "" : " ", kind_ == Kind::kMap ? "{}" : "[]", "\n");
  } else if (kind_ == Kind::kScalar) {
    absl::StrAppend(&out, out.empty() ? "" : " ", scalar_, "\n");
  } else if (kind_ == Kind::kText) {
    if (LiteralRoundTrips(scalar_)) {
      out += out.empty() ? "" : " ";
      AppendLiteral(out, scalar_, indent + 2);
    } else {
      absl::StrAppend(&out, out.empty() ? "" : " ", DoubleQuoted(scalar_), "\n");
    }
  } else if (kind_ == Kind::kMap) {
    out += "\n";
    RenderMap(out, indent + 2);
  } else {
    out += "\n";
    RenderSeq(out, indent);  // kubectl style: a sequence under a key is not indented further
  }
}

void YamlNode::RenderMap(std::string& out, int indent) const {
  const std::string pad(indent, ' ');
  for (const auto& [key, value] : map_) {
    absl::StrAppend(&out, pad, YamlScalar(key), ":");
    value.RenderAfterIndicator(out, indent);
  }
}

void YamlNode::RenderSeq(std::string& out, int indent) const {
  const std::string pad(indent, ' ');
  for (const YamlNode& item : seq_) {
    if ((item.kind_ == Kind::kMap || item.kind_ == Kind::kSeq) && !item.IsEmptyCollection()) {
      // The first entry shares the dash's line: render at indent + 2, then put "- " over the
      // first two spaces.
      std::string nested;
      if (item.kind_ == Kind::kMap) {
        item.RenderMap(nested, indent + 2);
      } else {
        item.RenderSeq(nested, indent + 2);
      }
      nested.replace(indent, 2, "- ");
      out += nested;
    } else {
      absl::StrAppend(&out, pad, "-");
      item.RenderAfterIndicator(out, indent);
    }
  }
}

}  // namespace eksa::planner::userdata
