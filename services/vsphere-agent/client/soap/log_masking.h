// What SOAP bodies look like in logs. Beyond eksa::Redact (registered secrets, passwords, tokens),
// the values of guestinfo.* extraConfig options are masked: a machine's guestinfo.userdata holds
// its private keys and bootstrap token (base64, so Redact's patterns cannot see them), and it
// travels in CloneVM_Task/ReconfigVM_Task requests and comes back in property reads.
#pragma once

#include <string>
#include <string_view>

namespace eksa::vsphere::soap {

// `xml` with the text of the first <value …>…</value> element after each "guestinfo." mention
// replaced by "(masked)"; a value cut short (a body truncated for the log) is masked to the end.
// Over-masks rather than under-masks (a "guestinfo." in a property path masks the next value
// too); linear in the size of `xml`.
std::string MaskGuestInfoValues(std::string_view xml);

// `xml` with the text of every <vcSessionCookie>…</vcSessionCookie> element (the vim25 session
// cookie in the SOAP header of SPBM requests, a credential) replaced by "(masked)"; an element
// cut short is masked to the end. vim25 bodies have none and come back unchanged.
std::string MaskSessionCookieHeader(std::string_view xml);

// What the client logs of a body: MaskGuestInfoValues, MaskSessionCookieHeader, then
// eksa::Redact.
std::string BodyForLog(std::string_view xml);

}  // namespace eksa::vsphere::soap
