// OvfPackage: an OVF to import, either a descriptor file with its files beside it ("x.ovf",
// "x-disk1.vmdk" in one directory) or an OVA (a tar holding the descriptor and the files; read by
// tar_reader.h without extracting). Files are streamed from where they are.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/vim/tar_reader.h"

namespace eksa::vsphere::vim {

// Where the bytes of one file of the package are: `size` bytes from `offset` of `path`.
struct FileSource {
  std::string path;
  uint64_t offset = 0;
  uint64_t size = 0;
};

// Reads a FileSource sequentially through one open stream. Not thread-safe.
class FileSourceReader {
 public:
  // kNotFound when the file cannot be opened.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<FileSourceReader>> Open(
      const FileSource& source);

  // Reads up to `n` bytes into `buffer`; how many (0 at the end). kUnavailable on a short read
  // (the file shrank).
  [[nodiscard]] absl::StatusOr<size_t> Read(char* buffer, size_t n);
  // Bytes read so far.
  uint64_t position() const { return position_; }

 private:
  explicit FileSourceReader(FileSource source) : source_(std::move(source)) {}

  FileSource source_;
  std::ifstream in_;
  uint64_t position_ = 0;
};

class OvfPackage {
 public:
  // Opens `path`: a ".ova" (or any tar: the first member ending in ".ovf" is the descriptor) or
  // an ".ovf" file. kNotFound when it cannot be read; kInvalidArgument for a tar without a
  // descriptor or a descriptor larger than 16 MiB.
  [[nodiscard]] static absl::StatusOr<OvfPackage> Open(const std::string& path);

  // The OVF descriptor's XML.
  const std::string& descriptor() const { return descriptor_; }

  // The hrefs of the descriptor's References/File elements, in order (the disks and other files
  // an import uploads). kInvalidArgument when the descriptor is not XML.
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ReferencedFiles() const;

  // The file a descriptor <File ovf:href="…"> names (an OvfFileItem.path), relative to the
  // package. kNotFound when the package has no such file; kInvalidArgument for an href that
  // leaves the package ("../x", "/etc/passwd").
  [[nodiscard]] absl::StatusOr<FileSource> Find(std::string_view href) const;

 private:
  std::string descriptor_;
  std::string dir_;                // .ovf: its directory
  std::string ova_;                // .ova: the archive
  std::vector<TarEntry> members_;  // .ova: its regular members
};

}  // namespace eksa::vsphere::vim
