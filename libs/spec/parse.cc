#include "libs/spec/parse.h"

#include <string>

#include "libs/spec/parse_common.h"
#include "libs/spec/reader.h"

namespace eksa::spec {
namespace internal {

void ReadMetadata(MapReader& object, ObjectMeta& meta) {
  MapReader m = object.Map("metadata");
  meta.name = m.String("name");
  meta.namespace_ = m.String("namespace");
  meta.labels = m.StringMap("labels");
  meta.annotations = m.StringMap("annotations");
  // The rest of metav1.ObjectMeta: written by `kubectl get -o yaml`, harmless in a spec.
  for (const char* key : {"generateName", "selfLink", "uid", "resourceVersion", "generation",
                          "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                          "ownerReferences", "finalizers", "managedFields"}) {
    m.Ignore(key);
  }
  m.Finish();
}

Ref ReadRef(MapReader& parent, std::string_view key) {
  MapReader r = parent.Map(key);
  Ref ref{.pos = r.pos(), .present = r.present()};
  ref.kind = r.String("kind");
  ref.name = r.String("name");
  r.Finish();
  return ref;
}

std::vector<Taint> ReadTaints(MapReader& parent) {
  std::vector<Taint> taints;
  for (MapReader& t : parent.MapList("taints")) {
    Taint taint{.pos = t.pos()};
    taint.key = t.String("key");
    taint.value = t.String("value");
    taint.effect = t.String("effect");
    t.Ignore("timeAdded");
    t.Finish();
    taints.push_back(std::move(taint));
  }
  return taints;
}

UpgradeRolloutStrategy ReadRolloutStrategy(MapReader& parent, bool workers) {
  MapReader s = parent.Map("upgradeRolloutStrategy");
  UpgradeRolloutStrategy out{.pos = s.pos(), .present = s.present()};
  out.type = s.String("type");
  MapReader r = s.Map("rollingUpdate");
  out.rolling_update = {.pos = r.pos(), .present = r.present()};
  out.rolling_update.max_surge = r.Int("maxSurge");
  if (workers) out.rolling_update.max_unavailable = r.Int("maxUnavailable");
  r.Finish();
  s.Finish();
  return out;
}

}  // namespace internal

namespace {

using internal::ReadMetadata;

// Reads apiVersion/kind/metadata and hands `spec` to the kind's reader.
template <typename T>
T ReadObject(MapReader& root, const ObjectHeader& header, void (*read_spec)(MapReader&, T&)) {
  T object{};
  object.header = header;
  ReadMetadata(root, object.header.metadata);
  MapReader spec = root.Map("spec");
  read_spec(spec, object);
  spec.Finish();
  root.Ignore("status");
  return object;
}

constexpr const char* kKindsHelp =
    "Cluster, VSphereDatacenterConfig, VSphereMachineConfig, GitOpsConfig or FluxConfig";

}  // namespace

ClusterSpec ParseSpec(const std::vector<YamlDocument>& docs, Diagnostics& diags) {
  ClusterSpec out;
  for (const YamlDocument& doc : docs) {
    diags.SetObject("", "");
    if (doc.root.IsNull()) continue;
    if (!doc.root.IsMap()) {
      diags.Error(doc.root.pos, "",
                  "document must be a Kubernetes-style object (a map), got " +
                      std::string(doc.root.Describe()),
                  "start each document with apiVersion, kind, metadata and spec");
      continue;
    }
    MapReader root(&doc.root, "", doc.root.pos, diags);
    ObjectHeader header{.pos = doc.root.pos};
    header.api_version = root.String("apiVersion");
    header.kind = root.String("kind");
    // Peek at the name so diagnostics of this document carry it.
    for (size_t i = 0; i + 1 < doc.root.children.size(); i += 2) {
      const YamlNode& value = doc.root.children[i + 1];
      if (doc.root.children[i].value != "metadata" || !value.IsMap()) continue;
      for (size_t j = 0; j + 1 < value.children.size(); j += 2) {
        if (value.children[j].value == "name")
          diags.SetObject(header.kind.value, value.children[j + 1].value);
      }
    }
    if (!header.kind.set) {
      diags.Error(header.kind.pos, "kind", "missing kind",
                  std::string("set kind to one of ") + kKindsHelp);
      continue;
    }
    if (!header.api_version.set) {
      diags.Error(header.api_version.pos, "apiVersion", "missing apiVersion",
                  std::string("set apiVersion: ") + kApiVersion);
    } else if (header.api_version.value != kApiVersion) {
      diags.Error(header.api_version.pos, "apiVersion",
                  "apiVersion \"" + header.api_version.value + "\" is not " + kApiVersion +
                      "; this file is not an EKS Anywhere cluster spec, or a document of another "
                      "kind slipped in",
                  std::string("use apiVersion: ") + kApiVersion +
                      " or remove this document from the spec file");
      continue;
    }
    const std::string& kind = header.kind.value;
    if (kind == "Cluster") {
      out.clusters.push_back(ReadObject<Cluster>(root, header, internal::ReadClusterSpec));
    } else if (kind == "VSphereDatacenterConfig") {
      out.datacenters.push_back(
          ReadObject<VSphereDatacenterConfig>(root, header, internal::ReadDatacenterSpec));
    } else if (kind == "VSphereMachineConfig") {
      out.machines.push_back(
          ReadObject<VSphereMachineConfig>(root, header, internal::ReadMachineSpec));
    } else if (kind == "GitOpsConfig") {
      GitOpsObject g = ReadObject<GitOpsObject>(root, header, internal::ReadGitOpsConfigSpec);
      out.gitops.push_back(std::move(g));
    } else if (kind == "FluxConfig") {
      out.gitops.push_back(ReadObject<GitOpsObject>(root, header, internal::ReadFluxConfigSpec));
    } else if (kind == "OIDCConfig" || kind == "AWSIamConfig" ||
               kind == "TinkerbellDatacenterConfig" || kind == "DockerDatacenterConfig" ||
               kind == "NutanixDatacenterConfig" || kind == "CloudStackDatacenterConfig" ||
               kind == "SnowDatacenterConfig") {
      diags.Error(header.kind.pos, "kind",
                  "kind " + kind +
                      " is an EKS Anywhere kind that eksa does not support yet "
                      "(eksa provisions vSphere clusters)",
                  "remove this document, and the reference to it from the Cluster");
      continue;
    } else {
      std::string suggestion =
          Suggest(kind, {"Cluster", "VSphereDatacenterConfig", "VSphereMachineConfig",
                         "GitOpsConfig", "FluxConfig"});
      diags.Error(header.kind.pos, "kind",
                  "unknown kind \"" + kind + "\"" +
                      (suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?"),
                  std::string("use one of ") + kKindsHelp);
      continue;
    }
    root.Finish();
  }
  diags.SetObject("", "");
  return out;
}

}  // namespace eksa::spec
