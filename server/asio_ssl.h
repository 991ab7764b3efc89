// Asio's and Beast's TLS streams, for the few files that speak TLS (server/tls.h keeps them out of the rest).
#pragma once

#include "server/asio.h"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
