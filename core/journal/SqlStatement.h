#pragma once
// A prepared SQLite statement, owned (finalized on destruction) and reused: the journal prepares
// each statement once and resets it between uses. Every value is bound, never spliced into SQL
// text: nothing an agent controls can change what a statement does.

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace cordon {

class SqlStatement final {
public:
    SqlStatement() = default;
    ~SqlStatement();
    SqlStatement(const SqlStatement&) = delete;
    SqlStatement& operator=(const SqlStatement&) = delete;
    SqlStatement(SqlStatement&& other) noexcept;
    SqlStatement& operator=(SqlStatement&& other) noexcept;

    // sql must be a constant: no part of it may come from outside.
    [[nodiscard]] bool prepare(sqlite3* db, const char* sql, QString* error);
    bool isPrepared() const { return m_stmt != nullptr; }

    // Parameters are 1-based, as in SQLite. Text is bound with its explicit length, so an
    // embedded NUL is stored, not a terminator.
    [[nodiscard]] bool bindText(int index, const QString& text);
    [[nodiscard]] bool bindBlobText(int index, const QByteArray& utf8);
    [[nodiscard]] bool bindInt64(int index, qint64 value);
    [[nodiscard]] bool bindOptionalInt64(int index, std::optional<qint64> value);
    [[nodiscard]] bool bindNull(int index);

    enum class Step {
        Row,
        Done,
        Error
    };
    Step step();
    // Makes the statement reusable and drops the bound values (so no stale value leaks into the
    // next use).
    void reset();

    qint64 columnInt64(int column) const;
    bool columnIsNull(int column) const;
    QString columnText(int column) const;
    QByteArray columnUtf8(int column) const;

    QString lastError() const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace cordon
