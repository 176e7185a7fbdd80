#pragma once
// Splits a byte stream into protocol lines (one JSON object per line, docs/protocol.md
// "Framing"), with a hard bound on a line's length so that a peer cannot make us buffer without
// limit. Once a line is too long the stream cannot be resynchronised: the framer stays failed.

#include <QByteArray>

#include <optional>

namespace cordon::protocol {

class LineFramer final {
public:
    static constexpr qsizetype kMaxLineBytes = 1024 * 1024; // including the newline

    explicit LineFramer(qsizetype maxLineBytes = kMaxLineBytes) : m_max(maxLineBytes) {}

    // Appends received bytes. Returns false (and fails for good) when the pending, unterminated
    // line is already longer than the bound.
    [[nodiscard]] bool append(const char* data, qsizetype size);
    // The next complete line without its '\n', or nullopt when none is complete yet.
    std::optional<QByteArray> next();
    bool failed() const { return m_failed; }
    qsizetype buffered() const { return m_buffer.size() - m_start; }

private:
    QByteArray m_buffer;
    qsizetype m_start = 0;   // first byte not yet returned
    qsizetype m_scanned = 0; // bytes after m_start already searched for '\n'
    qsizetype m_max;
    bool m_failed = false;
};

} // namespace cordon::protocol
