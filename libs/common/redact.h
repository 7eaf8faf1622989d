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
//
// Pattern details (a key is a run of [A-Za-z0-9_.-], optionally quoted, matched
// case-insensitively when it *contains* one of the secret words, so `client_secret`,
// `x-api-key` and `EKSA_VSPHERE_PASSWORD` all count):
//  - a quoted value is masked up to its closing quote (backslash escapes honoured);
//  - an unquoted value after `=` (or after a quoted key) ends at whitespace or one of `&;,"'}]`;
//  - an unquoted value after `key:` runs to the end of the line (YAML, HTTP headers);
//  - `Bearer` needs a token of at least 8 token68 characters; `Basic` needs base64 that decodes
//    to `user:pass`, so prose such as "basic setup" is left alone;
//  - GitHub tokens are masked whole (prefix included) when at least 16 characters follow the
//    prefix; PEM blocks keep their BEGIN/END lines and lose the body (to the end of the text
//    when the END line is missing).
// Every mechanism is a single left-to-right scan: time is linear in the text (times the number
// of registered secrets). Over-redaction is preferred to a leak.
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

// Whether `key` names a secret (the key rule above: contains password, token, secret, …), so a
// structured field such as {"password", "hunter2"} is masked whole by the logger.
bool IsSecretKey(std::string_view key);

}  // namespace eksa
