#include "server/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "server/asio.h"
#include "server/asio_ssl.h"

namespace qingling::server {
namespace {

std::unique_ptr<TlsContext> modernContext(asio::ssl::context::method method) {
  auto context = std::make_unique<TlsContext>(method);
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                       asio::ssl::context::single_dh_use);
  return context;
}

}  // namespace

std::variant<std::unique_ptr<TlsContext>, std::string> serverTlsContext(const std::string& certFile,
                                                                        const std::string& keyFile) {
  auto context = modernContext(asio::ssl::context::tls_server);
  beast::error_code ec;
  context->use_certificate_chain_file(certFile, ec);
  if (ec) {
    return "cannot use tls-cert " + certFile + ": " + ec.message() +
           " (a PEM file: the server's certificate, then its intermediates)";
  }
  context->use_private_key_file(keyFile, asio::ssl::context::pem, ec);
  // Asio took the error off OpenSSL's queue into `ec`: its value is the OpenSSL error code.
  if (ec && ec.category() == asio::error::get_ssl_category() &&
      ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
    return "tls-key " + keyFile + " is not the key of the certificate in tls-cert " + certFile +
           "; give the key the certificate was made for";
  }
  if (ec) return "cannot use tls-key " + keyFile + ": " + ec.message() + " (an unencrypted PEM key)";
  return context;
}

std::variant<std::unique_ptr<TlsContext>, std::string> clientTlsContext(const std::string& caFile) {
  auto context = modernContext(asio::ssl::context::tls_client);
  beast::error_code ec;
  if (caFile.empty()) {
    context->set_default_verify_paths(ec);
  } else {
    context->load_verify_file(caFile, ec);
  }
  if (ec) {
    return "cannot load the CA certificates " + (caFile.empty() ? "of the system" : caFile) + ": " + ec.message();
  }
  context->set_verify_mode(asio::ssl::verify_peer);
  return context;
}

}  // namespace qingling::server
