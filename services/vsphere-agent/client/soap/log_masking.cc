#include "services/vsphere-agent/client/soap/log_masking.h"

#include "libs/common/redact.h"

namespace eksa::vsphere::soap {

std::string MaskGuestInfoValues(std::string_view xml) {
  constexpr std::string_view kMention = "guestinfo.", kOpen = "<value", kClose = "</value>";
  std::string out;
  out.reserve(xml.size());
  size_t pos = 0;
  while (true) {
    const size_t mention = xml.find(kMention, pos);
    if (mention == std::string_view::npos) break;
    const size_t open = xml.find(kOpen, mention);
    const size_t text = open == std::string_view::npos ? open : xml.find('>', open);
    if (text == std::string_view::npos) break;
    out.append(xml.substr(pos, text + 1 - pos));
    out.append("(masked)");
    const size_t close = xml.find(kClose, text);
    if (close == std::string_view::npos) return out;  // cut short (a truncated log): drop the rest
    pos = close;
  }
  out.append(xml.substr(pos));
  return out;
}

std::string MaskSessionCookieHeader(std::string_view xml) {
  constexpr std::string_view kOpen = "<vcSessionCookie>", kClose = "</vcSessionCookie>";
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t open = xml.find(kOpen, pos);
    if (open == std::string_view::npos) break;
    out.append(xml.substr(pos, open + kOpen.size() - pos));
    out.append("(masked)");
    const size_t close = xml.find(kClose, open + kOpen.size());
    if (close == std::string_view::npos) return out;  // cut short: drop the rest
    pos = close;
  }
  out.append(xml.substr(pos));
  return out;
}

std::string BodyForLog(std::string_view xml) {
  return Redact(MaskSessionCookieHeader(MaskGuestInfoValues(xml)));
}

}  // namespace eksa::vsphere::soap
