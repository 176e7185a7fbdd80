#pragma once
// The invariants the protocol decoder must keep on any input (shared by the mutation test and the
// libFuzzer target): it never crashes, a line longer than the bound is never returned, and a
// decoded message always passes validation again after a round trip through encode().

#include "LineFramer.h"
#include "MessageSchema.h"

#include <cstddef>
#include <cstdint>

namespace cordon::test {

inline bool protocolInvariantsHold(const std::uint8_t* data, std::size_t size)
{
    using namespace cordon::protocol;
    constexpr qsizetype bound = 4096;
    LineFramer framer(bound);
    // Feed in uneven chunks so that line boundaries fall everywhere.
    std::size_t offset = 0;
    std::size_t chunk = 1;
    while (offset < size) {
        const std::size_t n = std::min(chunk, size - offset);
        if (!framer.append(reinterpret_cast<const char*>(data) + offset, static_cast<qsizetype>(n)))
            return framer.failed();
        offset += n;
        chunk = chunk * 3 % 61 + 1;
        while (const auto line = framer.next()) {
            if (line->size() >= bound || line->contains('\n'))
                return false;
            for (const Direction direction : {Direction::ToHelper, Direction::FromHelper}) {
                QJsonObject message;
                std::optional<qint64> id;
                ProtocolError error;
                if (!MessageSchema::decode(*line, direction, &message, &id, &error)) {
                    if (error.message.isEmpty())
                        return false; // every refusal says why
                    continue;
                }
                QByteArray again = MessageSchema::encode(message);
                if (!again.endsWith('\n'))
                    return false;
                again.chop(1);
                QJsonObject reparsed;
                if (!MessageSchema::decode(again, direction, &reparsed, &id, &error) || reparsed != message)
                    return false;
            }
        }
    }
    return true;
}

} // namespace cordon::test
