// A minimal tar index reader, for OVA files (an OVA is a tar of the .ovf descriptor, an optional
// manifest and the disks).
//
// Only what OVAs use is supported: regular files in POSIX ustar (name + prefix), old v7 and GNU
// headers, GNU long names ('L' records) and pax extended headers ('x': `path` and `size` are
// honoured, other keys ignored; 'g' global headers and GNU 'K' long link names are skipped).
// Directories, links and other special entries are listed with their type so callers can skip them;
// their data is never read. The archive is indexed, not extracted: each entry records where its
// data starts, so a disk can be streamed straight from the OVA.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace eksa::vsphere::vim {

// One member of a tar archive.
struct TarEntry {
  std::string name;     // path inside the archive, as stored ("./" prefix removed)
  char type = '0';      // typeflag: '0' (or '\0') regular file, '5' directory, ...
  uint64_t offset = 0;  // byte offset of the member's data in the archive
  uint64_t size = 0;    // data size in bytes

  bool IsRegularFile() const { return type == '0' || type == '\0' || type == '7'; }
};

// Indexes the archive held in `data` (the whole file in memory; tests and small archives).
// kInvalidArgument when a header's checksum is wrong, a size field is not octal, or a member runs
// past the end of the data (the message names the member and its offset).
[[nodiscard]] absl::StatusOr<std::vector<TarEntry>> IndexTar(std::string_view data);

// Indexes the tar file at `path`, reading only the headers (seeks over the data).
// kNotFound when the file cannot be opened; otherwise the errors of IndexTar.
[[nodiscard]] absl::StatusOr<std::vector<TarEntry>> IndexTarFile(const std::string& path);

}  // namespace eksa::vsphere::vim
