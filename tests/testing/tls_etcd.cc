#include "tests/testing/tls_etcd.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <vector>

#include "absl/time/time.h"

namespace eksa::testing {

std::string PidLoopbackIp(int second_octet) {
  return "127." + std::to_string(second_octet) + "." + std::to_string(getpid() / 250 % 250 + 1) +
         "." + std::to_string(getpid() % 250 + 1);
}

std::unique_ptr<Process> StartTlsEtcd(const std::string& dir, const std::string& ip,
                                      const std::string& name) {
  if (access(kEtcdBinary, X_OK) != 0) {
    ADD_FAILURE() << kEtcdBinary << " missing: run tests/testbed/install (Debian's etcd-server)";
    return nullptr;
  }
  const std::string d = dir + "/", url = "https://" + ip;
  auto etcd = std::make_unique<Process>(
      kEtcdBinary,
      std::vector<std::string>{
          "--name=" + name, "--data-dir=" + d + "data", "--listen-client-urls=" + url + ":2379",
          "--advertise-client-urls=" + url + ":2379", "--listen-peer-urls=" + url + ":2380",
          "--initial-advertise-peer-urls=" + url + ":2380",
          "--initial-cluster=" + name + "=" + url + ":2380", "--client-cert-auth",
          "--trusted-ca-file=" + d + "ca.crt", "--cert-file=" + d + "server.crt",
          "--key-file=" + d + "server.key", "--peer-client-cert-auth",
          "--peer-trusted-ca-file=" + d + "ca.crt", "--peer-cert-file=" + d + "server.crt",
          "--peer-key-file=" + d + "server.key"});
  if (!etcd->WaitForLine("ready to serve client requests", absl::Seconds(20))) {
    ADD_FAILURE() << "etcd " << name << " on " << ip << " did not start:\n" << etcd->Output();
    return nullptr;
  }
  return etcd;
}

}  // namespace eksa::testing
