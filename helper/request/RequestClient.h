#pragma once
// cordon-request's side of "Requests from inside" (docs/proxy.md): the agent asks Cordon for
// something by itself, over the same path as its egress. The sandbox's only way to Cordon's
// proxy is the in-sandbox bridge on 127.0.0.1:PORT (PORT from HTTP_PROXY, which the launch spec
// sets to exactly http://127.0.0.1:PORT); the bridge prepends its CORDON-PEER line, so the
// proxy learns which process asked. The client sends one line, "CORDON-REQUEST secret NAME\n",
// and reads one line back: "OK /run/cordon/secrets/NAME" (the helper has written the value into
// that file, bound read-only inside) or "DENIED REASON". The value never crosses the proxy.
// Plain C++ and libc: the program runs inside sandboxes of any distribution, so it is linked
// statically where the toolchain allows.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cordon::request {

class RequestClient final {
public:
    static constexpr std::size_t maxName = 64;
    static constexpr std::size_t maxSecretBytes = 64 * 1024;
    static constexpr std::size_t maxReplyBytes = 1024;
    static constexpr std::string_view secretDirectory = "/run/cordon/secrets/";
    // The proxy's ask timeout decides how long a request waits (a person may be answering a
    // pop-up); this only keeps a wedged connection from holding the agent for ever.
    static constexpr int replyTimeoutSeconds = 3600 + 60;

    // [A-Za-z_][A-Za-z0-9_]{0,63}, as the proxy and profiles require.
    static bool isValidName(std::string_view name);
    // The bridge port from a proxy variable's value: exactly "http://127.0.0.1:PORT" (one
    // trailing "/" tolerated), PORT 1..65535 in decimal without sign or leading zero.
    static bool portFromProxyUrl(std::string_view url, std::uint16_t* port, std::string* error);

    enum class Outcome {
        Granted,  // *detail: the path
        Denied,   // *detail: the proxy's reason
        NoProxy,  // *detail: why no connection was made (errno text)
        Protocol, // *detail: what was wrong with the reply
    };
    // Connects to 127.0.0.1:port, sends the request line, waits for the one reply line.
    static Outcome requestSecret(std::uint16_t port, std::string_view name, std::string* detail);
    // The granted secret: PATH opened with O_NOFOLLOW, a regular file of at most maxSecretBytes.
    static bool readSecret(const std::string& path, std::string* value, std::string* error);
    // For messages: the bytes of an untrusted string with controls and non-ASCII as \xNN.
    static std::string printable(std::string_view text);
};

} // namespace cordon::request
