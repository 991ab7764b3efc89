// TLS for client connections (issue 6, confidentiality): the server's context, made from the certificate chain
// and private key named in the config, and the client's, which trusts the system's CAs or one CA file and checks
// that the certificate names the host it dialled. TLS 1.2 at least; the defaults of Debian's OpenSSL 3 otherwise.
// Asio moves OpenSSL's errors into error codes (category ssl) whose message is OpenSSL's reason.
#pragma once

#include <memory>
#include <string>
#include <variant>

namespace boost::asio::ssl {
class context;
}

namespace qingling::server {

using TlsContext = boost::asio::ssl::context;

// The context serving `certFile` (PEM, the server's certificate first, then its intermediates) with `keyFile`
// (PEM). Or what is wrong, naming the file: unreadable, not PEM, or a key that does not belong to the certificate.
std::variant<std::unique_ptr<TlsContext>, std::string> serverTlsContext(const std::string& certFile,
                                                                        const std::string& keyFile);

// The context a client verifies the server with: `caFile` (PEM) if given, else the system's trust store. Or why
// the certificates cannot be loaded, naming the file.
std::variant<std::unique_ptr<TlsContext>, std::string> clientTlsContext(const std::string& caFile);

}  // namespace qingling::server
