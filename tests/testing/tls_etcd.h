// A real one-member etcd (Debian's etcd-server, /usr/bin/etcd) with mutual TLS, for tests of code
// that talks to an external etcd cluster the way EKS-A's etcdadm sets one up.
#pragma once

#include <memory>
#include <string>

#include "tests/testing/process.h"

namespace eksa::testing {

inline constexpr char kEtcdBinary[] = "/usr/bin/etcd";

// "127.<second_octet>.x.y" from the PID: a test process's own loopback address, so concurrent
// test processes (gtest_discover_tests runs each test as one) never share one.
std::string PidLoopbackIp(int second_octet);

// Starts member `name` serving https://`ip`:2379 (clients) and :2380 (peers) from files the
// caller wrote in `dir`: ca.crt (client and peer certificates must chain to it), server.crt and
// server.key (for `ip`); its data goes to `dir`/data. Waits up to 20 s for it to serve; on
// failure records a test failure with etcd's output and returns nullptr. The Process SIGKILLs
// and reaps etcd when destroyed.
std::unique_ptr<Process> StartTlsEtcd(const std::string& dir, const std::string& ip,
                                      const std::string& name);

}  // namespace eksa::testing
