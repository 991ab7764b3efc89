// TLS for client connections (issue 6, confidentiality) through the real qinglingd started with --tls-cert and
// --tls-key: a client that trusts the certificate's CA works as over plaintext (commands, queries with progress
// frames, the CLI); one that does not trust it, or dials a name the certificate does not carry, is refused before
// a request leaves it; a plaintext client is cut off with a hint; a certificate or key the server cannot use stops
// its start naming the file. Certificates are made per test with the openssl command (scripts/setup installs it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

// A self-signed certificate (its own CA) for `names` (an openssl subjectAltName list) with its key, in `dir`.
struct Certificate {
  std::string cert;
  std::string key;
};

Certificate makeCertificate(const TempDir& dir, const std::string& stem, const std::string& names) {
  Certificate made{dir.path() + "/" + stem + ".pem", dir.path() + "/" + stem + ".key"};
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
      " -subj /CN=qingling-test -addext subjectAltName=" +
      names + " -keyout " + made.key + " -out " + made.cert + " 2>" + dir.path() + "/openssl.err";
  if (std::system(command.c_str()) != 0) {
    std::ifstream err(dir.path() + "/openssl.err");
    throw std::runtime_error("openssl could not make a certificate: " +
                             std::string(std::istreambuf_iterator<char>(err), {}));
  }
  return made;
}

class TlsTest : public ::testing::Test {
 protected:
  ServerProcess startWith(const Certificate& served, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"--tls-cert", served.cert, "--tls-key", served.key};
    args.insert(args.end(), more.begin(), more.end());
    return ServerProcess(args);
  }
  Client tlsClient(const ServerProcess& server, const std::string& caFile, const std::string& host = "127.0.0.1") {
    return Client(host, server.port(), server.adminToken(), ClientTls{.enabled = true, .caFile = caFile});
  }

  TempDir certs_;
  Certificate local_ = makeCertificate(certs_, "local", "IP:127.0.0.1,DNS:localhost");
  Certificate stranger_ = makeCertificate(certs_, "stranger", "DNS:elsewhere.example");
};

TEST_F(TlsTest, ATrustingClientCommandsAndQueriesWithProgressOverTls) {
  ServerProcess server = startWith(local_, {"--progress-after-ms", "0"});
  Client admin = tlsClient(server, local_.cert);
  const uint64_t before = head(admin).position;
  Reply registered = registerUnit(admin, "gov", "qingling", "unit-gov");
  EXPECT_TRUE(registered->getBody().isAppended()) << describe(registered);
  EXPECT_GT(head(admin).position, before) << "the command was recorded";

  size_t progressFrames = 0;
  Reply answer = admin.call(
      [](Body body) {
        auto q = body.initQuery();
        q.setWantProgress(true);
        q.getBody().initHazardLedger().setUnit("gov");
      },
      [&](schema::ReplayProgress::Reader) { ++progressFrames; });
  EXPECT_TRUE(answer->getBody().isProjection()) << describe(answer);
  EXPECT_GE(progressFrames, 1u) << "progress frames travel through TLS too";

  Client byName = tlsClient(server, local_.cert, "localhost");
  EXPECT_TRUE(byName.call([](Body body) { body.setStatus(); })->getBody().isStatus());
}

TEST_F(TlsTest, TheCliConnectsWithTlsCa) {
  ServerProcess server = startWith(local_);
  CliResult status = runCli(server, {"--tls-ca", local_.cert, "status"});
  EXPECT_EQ(status.exitCode, 0) << status.output;
  CliResult plain = runCli(server, {"status"});
  EXPECT_EQ(plain.exitCode, 3) << plain.output;
  EXPECT_NE(plain.output.find("--tls-ca"), std::string::npos) << "the refusal hints at TLS: " << plain.output;
}

TEST_F(TlsTest, AClientThatDoesNotTrustTheCertificateIsRefusedBeforeItsTokenLeaves) {
  ServerProcess server = startWith(local_);
  try {
    tlsClient(server, stranger_.cert);
    FAIL() << "a certificate from an untrusted CA was accepted";
  } catch (const ClientError& e) {
    EXPECT_NE(std::string(e.what()).find("certificate verify failed"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(tlsClient(server, local_.cert).call([](Body body) { body.setStatus(); })->getBody().isStatus())
      << "the server serves on";
}

TEST_F(TlsTest, ACaFileThatCannotBeReadIsNamed) {
  ServerProcess server = startWith(local_);
  const std::string missing = certs_.path() + "/no-such-ca.pem";
  try {
    tlsClient(server, missing);
    FAIL() << "a missing CA file was accepted";
  } catch (const ClientError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot load the CA certificates " + missing), std::string::npos) << e.what();
  }
}

TEST_F(TlsTest, ACertificateForAnotherNameIsRefused) {
  ServerProcess server = startWith(stranger_);
  try {
    tlsClient(server, stranger_.cert);  // trusted, but made for elsewhere.example, not 127.0.0.1
    FAIL() << "a certificate for another host was accepted";
  } catch (const ClientError& e) {
    EXPECT_NE(std::string(e.what()).find("certificate verify failed"), std::string::npos) << e.what();
  }
}

TEST_F(TlsTest, APlaintextClientIsCutOffAndAppendsNothing) {
  ServerProcess server = startWith(local_);
  Client trusting = tlsClient(server, local_.cert);
  const uint64_t before = head(trusting).position;
  Client plain = server.admin();
  try {
    appendNotes(plain, "plain-stream", store::ExpectedVersion::anyVersion(), "plain-1", {"sent in the clear"});
    FAIL() << "a plaintext request was answered by a TLS server";
  } catch (const ClientError& e) {
    EXPECT_NE(std::string(e.what()).find("--tls-ca"), std::string::npos) << e.what();
  }
  EXPECT_EQ(head(trusting).position, before);
}

TEST_F(TlsTest, ATlsClientOfAPlaintextServerIsToldTheHandshakeFailed) {
  ServerProcess server;
  try {
    tlsClient(server, local_.cert);
    FAIL() << "TLS to a plaintext server succeeded";
  } catch (const ClientError& e) {
    EXPECT_NE(std::string(e.what()).find("TLS handshake"), std::string::npos) << e.what();
  }
}

TEST_F(TlsTest, ACertificateOrKeyTheServerCannotUseStopsItsStartNamingTheFile) {
  auto startFails = [](std::vector<std::string> args, const std::string& expected) {
    ServerProcess server(std::move(args), false);
    try {
      server.start();
      ADD_FAILURE() << "qinglingd started with " << expected;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  const std::string missing = certs_.path() + "/missing.pem";
  startFails({"--tls-cert", missing, "--tls-key", local_.key}, "cannot use tls-cert " + missing);
  startFails({"--tls-cert", local_.cert, "--tls-key", stranger_.key}, "is not the key of the certificate");
  startFails({"--tls-cert", local_.cert}, "--tls-key go together");
}

}  // namespace
}  // namespace qingling::server::testing
