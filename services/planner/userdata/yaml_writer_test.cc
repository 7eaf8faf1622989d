#include "services/planner/userdata/yaml_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

namespace eksa::planner::userdata {
namespace {

TEST(YamlWriterTest, RendersBlockStyleInInsertionOrder) {
  YamlNode item = YamlNode::Map();
  item.Set("path", YamlNode::String("/etc/a"));
  item.Set("permissions", YamlNode::String("0600"));
  item.Set("content", YamlNode::Text("line one\n  indented\n\nlast\n"));
  YamlNode doc = YamlNode::Map();
  doc.Set("zeta", YamlNode::String("kubeadm.k8s.io/v1beta3"));
  doc.Set("alpha", YamlNode::Bool(true));
  doc.Set("count", YamlNode::Int(-3));
  doc.Set("files", YamlNode::Seq().Push(std::move(item)));
  doc.Set("empty", YamlNode::Map());
  doc.Set("none", YamlNode::Seq());
  doc.Set("nested", YamlNode::Map().Set("list", YamlNode::StringSeq({"a", "10.0.0.1"})));
  EXPECT_EQ(doc.Render(),
            "zeta: kubeadm.k8s.io/v1beta3\n"
            "alpha: true\n"
            "count: -3\n"
            "files:\n"
            "- path: /etc/a\n"
            "  permissions: \"0600\"\n"
            "  content: |\n"
            "    line one\n"
            "      indented\n"
            "\n"
            "    last\n"
            "empty: {}\n"
            "none: []\n"
            "nested:\n"
            "  list:\n"
            "  - a\n"
            "  - \"10.0.0.1\"\n");
}

// Every string must read back as the same string in yaml-cpp (YAML 1.2) and must not be one of
// the values YAML 1.1 readers (PyYAML in cloud-init, go-yaml v2 in kubeadm) turn into a
// non-string, which the plain/quoted rule guarantees by quoting them.
TEST(YamlWriterTest, StringsRoundTrip) {
  const std::string cases[] = {
      "",
      "0600",
      "1.27",
      "yes",
      "No",
      "on",
      "OFF",
      "null",
      "~",
      "true",
      "y",
      "a: b",
      "a:",
      "#comment",
      "- item",
      "x # y",
      "10.96.0.1",
      "sha256:abc",
      "quote\"",
      "back\\slash",
      "tab\there",
      "line\nbreak",
      "\x01\x7f",
      "caf\xc3\xa9",
      "*alias",
      "&anchor",
      "!tag",
      "{flow}",
      "[flow]",
      "%directive",
      "@at",
      "`tick`",
      "'single'",
      "ALL=(ALL) NOPASSWD:ALL",
      "unix:///var/run/containerd/containerd.sock",
      " lead",
      "trail ",
  };
  for (const std::string& value : cases) {
    SCOPED_TRACE(value);
    YamlNode doc = YamlNode::Map();
    doc.Set("k", YamlNode::String(value));
    doc.Set(value.empty() ? "e" : value, YamlNode::String("v"));
    const std::string text = doc.Render();
    YAML::Node parsed = YAML::Load(text);
    EXPECT_EQ(parsed["k"].as<std::string>(), value) << text;
    EXPECT_EQ(parsed[value.empty() ? "e" : value].as<std::string>(), "v") << text;
    const std::string scalar = YamlScalar(value);
    if (scalar.front() != '"') {  // plain: never a YAML 1.1 bool/null/number
      EXPECT_TRUE(std::isalpha(static_cast<unsigned char>(scalar.front())) || scalar[0] == '/');
    }
  }
}

TEST(YamlWriterTest, TextRoundTripsLiteralOrQuoted) {
  const std::string cases[] = {
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      "no final newline",
      "two final newlines\n\n",
      " leading space\n",
      "\nleading newline\n",
      "trailing spaces   \nkept\n",
      "tab\tinside\n",
      "ctrl \x02 char\n",
      "---\napiVersion: v1\n---\nkind: X\n",
      "",
  };
  for (const std::string& text : cases) {
    SCOPED_TRACE(text);
    YamlNode doc = YamlNode::Map();
    doc.Set("content", YamlNode::Text(text));
    doc.Set("list", YamlNode::Seq().Push(YamlNode::Text(text)));
    const std::string rendered = doc.Render();
    YAML::Node parsed = YAML::Load(rendered);
    EXPECT_EQ(parsed["content"].as<std::string>(), text) << rendered;
    EXPECT_EQ(parsed["list"][0].as<std::string>(), text) << rendered;
  }
  YamlNode pem = YamlNode::Map();
  pem.Set("content", YamlNode::Text("-----BEGIN X-----\nAA\n-----END X-----\n"));
  EXPECT_EQ(pem.Render(), "content: |\n  -----BEGIN X-----\n  AA\n  -----END X-----\n");
}

TEST(YamlWriterTest, NestedSequencesAndTopLevelSequence) {
  YamlNode seq = YamlNode::Seq();
  seq.Push(YamlNode::StringSeq({"a", "b"}));
  seq.Push(YamlNode::Map().Set("k", YamlNode::Map().Set("x", YamlNode::Int(1))));
  seq.Push(YamlNode::Map());
  EXPECT_EQ(seq.Render(), "- - a\n  - b\n- k:\n    x: 1\n- {}\n");
  YAML::Node parsed = YAML::Load(seq.Render());
  EXPECT_EQ(parsed[0][1].as<std::string>(), "b");
  EXPECT_EQ(parsed[1]["k"]["x"].as<int>(), 1);
  EXPECT_TRUE(parsed[2].IsMap());
}

}  // namespace
}  // namespace eksa::planner::userdata
