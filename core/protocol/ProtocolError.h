#pragma once
// The error codes of the helper protocol (docs/protocol.md, "Helper to client"). The wire names
// are stable; clients switch on them.

#include <QString>

namespace cordon::protocol {

enum class ErrorCode {
    BadJson,
    TooLarge,
    UnknownType,
    Invalid,
    HelloFirst,
    Version,
    NotAllowed,
    NotFound,
    AlreadyDecided,
    LaunchFailed,
    Busy,
    Internal,
};

QString errorCodeName(ErrorCode code);

struct ProtocolError {
    ErrorCode code = ErrorCode::Invalid;
    QString message;
};

} // namespace cordon::protocol
