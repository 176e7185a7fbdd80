#include "LineFramer.h"

namespace cordon::protocol {

bool LineFramer::append(const char* data, qsizetype size)
{
    if (m_failed)
        return false;
    // Compact before growing, so a long-lived connection does not keep every line it ever got.
    if (m_start > 0 && m_start == m_buffer.size()) {
        m_buffer.clear();
        m_start = 0;
    } else if (m_start > 64 * 1024 && m_start > m_buffer.size() / 2) {
        m_buffer.remove(0, m_start);
        m_start = 0;
    }
    m_buffer.append(data, size);
    // The pending line is everything after the last newline; bound it now rather than when its
    // newline finally comes.
    const qsizetype lastNewline = m_buffer.lastIndexOf('\n');
    const qsizetype pendingStart = lastNewline < m_start ? m_start : lastNewline + 1;
    if (m_buffer.size() - pendingStart >= m_max) {
        m_failed = true;
        return false;
    }
    return true;
}

std::optional<QByteArray> LineFramer::next()
{
    if (m_failed)
        return std::nullopt;
    const qsizetype newline = m_buffer.indexOf('\n', m_start + m_scanned);
    if (newline < 0) {
        m_scanned = m_buffer.size() - m_start;
        return std::nullopt;
    }
    if (newline + 1 - m_start > m_max) {
        m_failed = true;
        return std::nullopt;
    }
    QByteArray line = m_buffer.mid(m_start, newline - m_start);
    m_start = newline + 1;
    m_scanned = 0;
    return line;
}

} // namespace cordon::protocol
