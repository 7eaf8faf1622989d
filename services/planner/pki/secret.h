// Secret: a string that holds key material or a token and never shows it by accident.
//
// Printing a Secret (operator<<, DebugString, gtest failure output, AbslStringify) yields
// "<redacted N bytes>"; the value is reachable only through Reveal(), so every place that writes
// a key or token out is greppable. The buffer is wiped (OPENSSL_cleanse) when the Secret is
// destroyed, assigned over or moved from.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

namespace eksa::planner::pki {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret& other) = default;
  Secret(Secret&& other) noexcept;
  Secret& operator=(const Secret& other);
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  // The value itself. Call only where the secret is written to its destination (a file, a
  // userdata document); never pass the result to a logger or an error message.
  const std::string& Reveal() const { return value_; }

  bool empty() const { return value_.empty(); }
  std::size_t size() const { return value_.size(); }

  // "<redacted N bytes>": safe for logs and test output.
  std::string DebugString() const;

  // Constant-time comparison of the values.
  friend bool operator==(const Secret& a, const Secret& b);

  friend std::ostream& operator<<(std::ostream& os, const Secret& s) {
    return os << s.DebugString();
  }
  template <typename Sink>
  friend void AbslStringify(Sink& sink, const Secret& s) {
    sink.Append(s.DebugString());
  }

 private:
  void Wipe();

  std::string value_;
};

}  // namespace eksa::planner::pki
