// Redaction of secrets before text reaches logs, events, errors or the store.
//
// Two mechanisms, both applied by Redact():
//  - registered values: RegisterSecret("s3cr3t") makes every later occurrence of that exact string
//    print as "*****" (for passwords and tokens read from the environment or config);
//  - patterns: values of well-known secret keys in `key=value`, `key: value` and JSON
//    `"key":"value"` forms (password, passwd, token, secret, apikey/api_key, authorization,
//    private_key/privatekey, EKSA_VSPHERE_PASSWORD, EKSA_GITHUB_TOKEN, …), `Bearer <token>`,
//    `Basic <b64>`, URL userinfo (`https://user:pass@host` → `https://user:*****@host`), GitHub
//    tokens (ghp_…, gho_…, ghs_…, github_pat_…) and PEM private-key blocks.
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace eksa {

inline constexpr std::string_view kRedacted = "*****";

// Remembers `secret` so Redact() masks it. Strings shorter than 4 characters are ignored (they
// would mask ordinary text).
void RegisterSecret(std::string_view secret);

// Forgets every registered secret (tests).
void ClearRegisteredSecrets();

// Returns `text` with every registered secret and every recognised secret pattern masked.
std::string Redact(std::string_view text);

}  // namespace eksa
