#include "libs/spec/spec.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "libs/spec/defaults.h"
#include "libs/spec/parse.h"
#include "libs/spec/validate.h"

namespace eksa::spec {

LoadResult LoadSpec(std::string_view file_name, std::string_view text, const ParseLimits& limits) {
  LoadResult result{.spec = {}, .diagnostics = Diagnostics(std::string(file_name))};
  Diagnostics& diags = result.diagnostics;
  std::vector<YamlDocument> docs = ParseYaml(text, diags, limits);
  if (diags.HasErrors()) return result;
  bool any = false;
  for (const YamlDocument& d : docs) any |= !d.root.IsNull();
  if (!any) {
    diags.Error({}, "", "file has no YAML documents",
                "write a cluster spec, e.g. with `eksa generate clusterconfig NAME --provider "
                "vsphere > NAME.yaml`");
    return result;
  }
  result.spec = ParseSpec(docs, diags);
  const size_t parse_diagnostics = diags.items().size();
  ApplyDefaults(result.spec, diags);
  Validate(result.spec, diags);
  diags.RemoveRepeatedErrors(parse_diagnostics);  // e.g. no "is required" after a type error
  diags.SortByPosition();
  return result;
}

LoadResult LoadSpecFile(const std::string& path, const ParseLimits& limits) {
  auto fail = [&](std::string message, std::string remediation) {
    LoadResult r{.spec = {}, .diagnostics = Diagnostics(path)};
    r.diagnostics.Error({}, "", std::move(message), std::move(remediation));
    return r;
  };
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    return fail(std::string("cannot read the file: ") + std::strerror(errno),
                "check the path given to -f");
  }
  if (!S_ISREG(st.st_mode)) {
    return fail("not a regular file", "pass the cluster spec YAML file to -f");
  }
  if (static_cast<size_t>(st.st_size) > limits.max_bytes) {
    return fail("file is " + std::to_string(st.st_size) +
                    " bytes; eksa reads cluster specs of at "
                    "most " +
                    std::to_string(limits.max_bytes) + " bytes",
                "pass the cluster spec file itself (a few KiB), not an archive or a log");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(std::string("cannot open the file: ") + std::strerror(errno),
                "check the file's permissions");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return LoadSpec(path, text.str(), limits);
}

}  // namespace eksa::spec
