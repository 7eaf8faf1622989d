#include "services/vsphere-agent/client/vim/ovf_package.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <pugixml.hpp>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/vim/inventory_path.h"

namespace eksa::vsphere::vim {
namespace {

constexpr uint64_t kMaxDescriptor = 16 << 20;

absl::StatusOr<std::string> ReadRange(const std::string& path, uint64_t offset, uint64_t size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("opening ", path, ": cannot read the file"));
  std::string out(size, '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  if (!in.read(out.data(), static_cast<std::streamsize>(size))) {
    return absl::UnavailableError(absl::StrCat("reading ", path, ": short read"));
  }
  return out;
}

// Whether `href` is a plain relative name inside the package.
bool Contained(std::string_view href) {
  if (href.empty() || href.front() == '/') return false;
  for (const std::string& part : SplitPath(href)) {
    if (part == "..") return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<FileSourceReader>> FileSourceReader::Open(const FileSource& source) {
  std::unique_ptr<FileSourceReader> r(new FileSourceReader(source));
  r->in_.open(source.path, std::ios::binary);
  if (!r->in_) {
    return absl::NotFoundError(absl::StrCat("opening ", source.path, ": cannot read the file"));
  }
  r->in_.seekg(static_cast<std::streamoff>(source.offset));
  return r;
}

absl::StatusOr<size_t> FileSourceReader::Read(char* buffer, size_t n) {
  if (position_ >= source_.size) return 0;
  size_t want = static_cast<size_t>(std::min<uint64_t>(n, source_.size - position_));
  if (!in_.read(buffer, static_cast<std::streamsize>(want))) {
    return absl::UnavailableError(
        absl::StrCat("reading ", source_.path, " at ", source_.offset + position_, ": short read"));
  }
  position_ += want;
  return want;
}

absl::StatusOr<OvfPackage> OvfPackage::Open(const std::string& path) {
  OvfPackage p;
  if (absl::EndsWithIgnoreCase(path, ".ovf")) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
      return absl::NotFoundError(absl::StrCat("opening ", path, ": no such file"));
    }
    if (static_cast<uint64_t>(st.st_size) > kMaxDescriptor) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": descriptor larger than 16 MiB"));
    }
    absl::StatusOr<std::string> text = ReadRange(path, 0, static_cast<uint64_t>(st.st_size));
    if (!text.ok()) return text.status();
    p.descriptor_ = *std::move(text);
    size_t slash = path.rfind('/');
    p.dir_ = slash == std::string::npos ? "." : path.substr(0, slash);
    return p;
  }
  absl::StatusOr<std::vector<TarEntry>> entries = IndexTarFile(path);
  if (!entries.ok()) return entries.status();
  const TarEntry* descriptor = nullptr;
  for (const TarEntry& e : *entries) {
    if (!e.IsRegularFile()) continue;
    p.members_.push_back(e);
    if (descriptor == nullptr && absl::EndsWithIgnoreCase(e.name, ".ovf")) descriptor = &e;
  }
  if (descriptor == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": no .ovf descriptor in the archive"));
  }
  if (descriptor->size > kMaxDescriptor) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": descriptor larger than 16 MiB"));
  }
  absl::StatusOr<std::string> text = ReadRange(path, descriptor->offset, descriptor->size);
  if (!text.ok()) return text.status();
  p.descriptor_ = *std::move(text);
  p.ova_ = path;
  return p;
}

absl::StatusOr<std::vector<std::string>> OvfPackage::ReferencedFiles() const {
  pugi::xml_document doc;
  if (!doc.load_buffer(descriptor_.data(), descriptor_.size())) {
    return absl::InvalidArgumentError("the OVF descriptor is not XML");
  }
  std::vector<std::string> hrefs;
  // Matched by local name: OVF 1.x and 2.x use different namespace URIs and any prefix.
  pugi::xml_node envelope = doc.document_element();
  for (pugi::xml_node file : soap::Children(soap::Child(envelope, "References"), "File")) {
    for (pugi::xml_attribute a : file.attributes()) {
      std::string_view name = a.name();
      if (name == "href" || (name.size() > 5 && name.substr(name.size() - 5) == ":href")) {
        hrefs.emplace_back(a.value());
      }
    }
  }
  return hrefs;
}

absl::StatusOr<FileSource> OvfPackage::Find(std::string_view href) const {
  if (!Contained(href)) {
    return absl::InvalidArgumentError(
        absl::StrCat("OVF file \"", AbslView(href), "\" is outside the package"));
  }
  if (ova_.empty()) {
    std::string path = absl::StrCat(dir_, "/", AbslView(href));
    struct stat st {};
    if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return absl::NotFoundError(absl::StrCat("OVF file ", path, " not found"));
    }
    return FileSource{path, 0, static_cast<uint64_t>(st.st_size)};
  }
  std::string want = JoinPath(SplitPath(href)).substr(1);
  for (const TarEntry& m : members_) {
    if (JoinPath(SplitPath(m.name)).substr(1) == want) return FileSource{ova_, m.offset, m.size};
  }
  return absl::NotFoundError(absl::StrCat("OVF file \"", AbslView(href), "\" not found in ", ova_));
}

}  // namespace eksa::vsphere::vim
