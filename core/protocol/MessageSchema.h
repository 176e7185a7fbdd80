#pragma once
// The shape of every protocol message (docs/protocol.md): which types exist in which direction,
// which fields each has, which are required, and their JSON types. Decoding is strict: an unknown
// type, an unknown field, a missing required field or a wrong type is refused with a message that
// names the field (CONVENTIONS.md: decoders reject unknown versions and unknown fields loudly).
// Value ranges that depend on meaning (a decision's word, a limit's syntax) are checked by the
// code that acts on them; this checks the envelope.

#include "ProtocolError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace cordon::protocol {

inline constexpr int kProtocolVersion = 1;
inline constexpr qint64 kMaxRequestId = 9007199254740992LL; // 2^53: exact in a JSON double

enum class Direction {
    ToHelper,   // requests from a client
    FromHelper, // replies and pushes
};

class MessageSchema final {
public:
    // Parses one line (without its newline) into an object and checks it against the schema of its
    // direction. On failure, *error says why; *id is set when the line had a usable "id", so that
    // the error reply can carry it.
    [[nodiscard]] static bool decode(const QByteArray& line, Direction direction, QJsonObject* message,
        std::optional<qint64>* id, ProtocolError* error);
    // Checks an object already parsed (e.g. one about to be sent: tests assert that everything we
    // send passes our own decoder).
    [[nodiscard]] static bool validate(const QJsonObject& message, Direction direction, ProtocolError* error);
    // The line to send: compact JSON plus '\n'.
    static QByteArray encode(const QJsonObject& message);
    // Reads the "id" of a request, when it is a whole number in 1..2^53.
    static std::optional<qint64> requestId(const QJsonObject& message);
};

} // namespace cordon::protocol
