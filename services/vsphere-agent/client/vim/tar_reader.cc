#include "services/vsphere-agent/client/vim/tar_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"

namespace eksa::vsphere::vim {
namespace {

constexpr size_t kBlock = 512;

// Header field offsets and sizes (POSIX ustar; v7 and GNU share the first 257 bytes).
struct Field {
  size_t offset;
  size_t size;
};
constexpr Field kName{0, 100};
constexpr Field kSize{124, 12};
constexpr Field kChecksum{148, 8};
constexpr Field kType{156, 1};
constexpr Field kMagic{257, 6};
constexpr Field kPrefix{345, 155};

std::string_view FieldText(const char* header, Field f) {
  std::string_view s(header + f.offset, f.size);
  return s.substr(0, std::min(s.size(), s.find('\0')));
}

// Numeric fields are octal, space/NUL padded; GNU stores large sizes in base-256 (high bit set).
std::optional<uint64_t> ParseNumber(const char* header, Field f) {
  const auto* p = reinterpret_cast<const unsigned char*>(header + f.offset);
  if (p[0] & 0x80) {
    uint64_t v = p[0] & 0x7f;
    for (size_t i = 1; i < f.size; ++i) {
      if (v >> 56) return std::nullopt;
      v = (v << 8) | p[i];
    }
    return v;
  }
  uint64_t v = 0;
  size_t i = 0;
  while (i < f.size && p[i] == ' ') ++i;
  bool digits = false;
  for (; i < f.size && p[i] >= '0' && p[i] <= '7'; ++i) {
    if (v >> 60) return std::nullopt;
    v = v * 8 + (p[i] - '0');
    digits = true;
  }
  for (; i < f.size; ++i) {
    if (p[i] != ' ' && p[i] != '\0') return std::nullopt;
  }
  if (!digits) return std::nullopt;
  return v;
}

bool ChecksumOk(const char* header) {
  std::optional<uint64_t> want = ParseNumber(header, kChecksum);
  if (!want) return false;
  uint64_t sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    bool in_field = i >= kChecksum.offset && i < kChecksum.offset + kChecksum.size;
    sum += in_field ? ' ' : static_cast<unsigned char>(header[i]);
  }
  return sum == *want;
}

bool AllZero(const char* block) {
  return std::all_of(block, block + kBlock, [](char c) { return c == '\0'; });
}

uint64_t Padded(uint64_t size) { return (size + kBlock - 1) / kBlock * kBlock; }

std::string CleanName(std::string name) {
  while (name.rfind("./", 0) == 0) name.erase(0, 2);
  return name;
}

// Applies the records of a pax extended header ("<len> <key>=<value>\n" ...).
absl::Status ApplyPax(std::string_view records, std::optional<std::string>& path,
                      std::optional<uint64_t>& size) {
  while (!records.empty()) {
    size_t space = records.find(' ');
    uint64_t len = 0;
    if (space == std::string_view::npos ||
        !absl::SimpleAtoi(absl::string_view(records.data(), space), &len) || len <= space + 1 ||
        len > records.size()) {
      return absl::InvalidArgumentError("malformed pax extended header");
    }
    std::string_view record = records.substr(space + 1, len - space - 2);  // drop the '\n'
    records.remove_prefix(len);
    size_t eq = record.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = record.substr(0, eq), value = record.substr(eq + 1);
    if (key == "path") path = std::string(value);
    if (key == "size") {
      uint64_t v = 0;
      if (!absl::SimpleAtoi(AbslView(value), &v)) {
        return absl::InvalidArgumentError("malformed pax size record");
      }
      size = v;
    }
  }
  return absl::OkStatus();
}

// Reads `n` bytes at `offset` into `out`; false when the source is shorter.
using ReadAt = std::function<bool(uint64_t offset, size_t n, std::string& out)>;

absl::StatusOr<std::vector<TarEntry>> Index(uint64_t total, const ReadAt& read) {
  std::vector<TarEntry> entries;
  std::optional<std::string> long_name;
  std::optional<uint64_t> pax_size;
  std::string header;
  uint64_t pos = 0;
  while (pos + kBlock <= total) {
    if (!read(pos, kBlock, header)) break;
    if (AllZero(header.data())) break;  // end-of-archive marker
    if (!ChecksumOk(header.data())) {
      return absl::InvalidArgumentError(
          absl::StrCat("not a tar archive: bad header checksum at offset ", pos));
    }
    std::optional<uint64_t> size = ParseNumber(header.data(), kSize);
    std::string name(FieldText(header.data(), kName));
    if (!size) {
      return absl::InvalidArgumentError(
          absl::StrCat("tar member ", name, " at offset ", pos, ": bad size field"));
    }
    char type = header[kType.offset];
    uint64_t data = pos + kBlock;
    bool meta = type == 'x' || type == 'g' || type == 'L' || type == 'K';
    if (pax_size && !meta) {
      size = *pax_size;
    }
    if (data + *size > total) {
      return absl::InvalidArgumentError(
          absl::StrCat("tar member ", name, " at offset ", pos, " runs past the end of the file"));
    }
    if (type == 'L' || type == 'x') {
      std::string body;
      if (*size > (1u << 20) || !read(data, *size, body)) {
        return absl::InvalidArgumentError(
            absl::StrCat("tar extended header at offset ", pos, " is unreadable"));
      }
      if (type == 'L') {
        long_name = std::string(body.c_str());
      } else {
        absl::Status s = ApplyPax(body, long_name, pax_size);
        if (!s.ok()) return absl::InvalidArgumentError(absl::StrCat(s.message(), " at ", pos));
      }
    } else if (!meta) {  // 'g' global pax headers and 'K' long link names are not needed
      if (FieldText(header.data(), kMagic).rfind("ustar", 0) == 0) {
        std::string_view prefix = FieldText(header.data(), kPrefix);
        if (!prefix.empty()) name = absl::StrCat(AbslView(prefix), "/", name);
      }
      entries.push_back({CleanName(long_name.value_or(name)), type, data, *size});
      long_name.reset();
      pax_size.reset();
    }
    pos = data + Padded(*size);
  }
  return entries;
}

}  // namespace

absl::StatusOr<std::vector<TarEntry>> IndexTar(std::string_view data) {
  return Index(data.size(), [&](uint64_t offset, size_t n, std::string& out) {
    if (offset + n > data.size()) return false;
    out.assign(data.substr(offset, n));
    return true;
  });
}

absl::StatusOr<std::vector<TarEntry>> IndexTarFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("opening ", path, ": cannot read the file"));
  in.seekg(0, std::ios::end);
  auto total = static_cast<uint64_t>(in.tellg());
  absl::StatusOr<std::vector<TarEntry>> entries =
      Index(total, [&](uint64_t offset, size_t n, std::string& out) {
        out.resize(n);
        in.seekg(static_cast<std::streamoff>(offset));
        return static_cast<bool>(in.read(out.data(), static_cast<std::streamsize>(n)));
      });
  if (!entries.ok()) {
    return absl::Status(entries.status().code(),
                        absl::StrCat("reading ", path, ": ", entries.status().message()));
  }
  return entries;
}

}  // namespace eksa::vsphere::vim
