#include "SqlStatement.h"

#include <sqlite3.h>

#include <utility>

namespace cordon {

SqlStatement::~SqlStatement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

SqlStatement::SqlStatement(SqlStatement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_stmt(std::exchange(other.m_stmt, nullptr))
{ }

SqlStatement& SqlStatement::operator=(SqlStatement&& other) noexcept
{
    if (this != &other) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

bool SqlStatement::prepare(sqlite3* db, const char* sql, QString* error)
{
    if (m_stmt) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
    m_db = db;
    // SQLITE_PREPARE_PERSISTENT: these statements live as long as the connection.
    const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(db));
        if (m_stmt) {
            sqlite3_finalize(m_stmt);
            m_stmt = nullptr;
        }
        return false;
    }
    return true;
}

bool SqlStatement::bindText(int index, const QString& text)
{
    return bindBlobText(index, text.toUtf8());
}

bool SqlStatement::bindBlobText(int index, const QByteArray& utf8)
{
    // SQLITE_TRANSIENT: SQLite copies the bytes, the QByteArray may go away after this call.
    return sqlite3_bind_text64(m_stmt, index, utf8.constData(), static_cast<sqlite3_uint64>(utf8.size()),
               SQLITE_TRANSIENT, SQLITE_UTF8) == SQLITE_OK;
}

bool SqlStatement::bindInt64(int index, qint64 value)
{
    return sqlite3_bind_int64(m_stmt, index, value) == SQLITE_OK;
}

bool SqlStatement::bindOptionalInt64(int index, std::optional<qint64> value)
{
    return value ? bindInt64(index, *value) : bindNull(index);
}

bool SqlStatement::bindNull(int index)
{
    return sqlite3_bind_null(m_stmt, index) == SQLITE_OK;
}

SqlStatement::Step SqlStatement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return Step::Row;
    if (rc == SQLITE_DONE)
        return Step::Done;
    return Step::Error;
}

void SqlStatement::reset()
{
    if (!m_stmt)
        return;
    // The result of reset repeats the last step's error, already reported by step().
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

qint64 SqlStatement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

bool SqlStatement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

QString SqlStatement::columnText(int column) const
{
    return QString::fromUtf8(columnUtf8(column));
}

QByteArray SqlStatement::columnUtf8(int column) const
{
    // Text first, then its length in bytes: the documented order (sqlite3_column_blob docs).
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    const int bytes = sqlite3_column_bytes(m_stmt, column);
    if (!text)
        return QByteArray();
    return QByteArray(text, bytes);
}

QString SqlStatement::lastError() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("statement not prepared");
}

} // namespace cordon
