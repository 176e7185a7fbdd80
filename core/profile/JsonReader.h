#pragma once
// Strict reading of a JSON document with errors a person can act on: each names the file, the
// location (a JSON pointer such as /limits/memory, or line:column for a syntax error) and what
// was expected. Errors are collected rather than stopping at the first, so `profile validate`
// lists them all. Shared by the profile parser and the managed-policy loader.

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <initializer_list>
#include <optional>

namespace cordon {

class JsonReader final {
public:
    explicit JsonReader(QString fileName);

    // Parses the whole document, which must be an object. False on a syntax error or another
    // top-level type (recorded).
    [[nodiscard]] bool parseDocument(const QByteArray& bytes, QJsonObject* root);

    // Records "FILE: POINTER: MESSAGE".
    void error(const QString& pointer, const QString& message);
    // Records "FILE: POINTER: EXPECTED, got VALUE".
    void expected(const QString& pointer, const QString& expectation, const QJsonValue& got);

    // Every key of `object` must be in `allowed`; every key of `required` present.
    void checkKeys(const QJsonObject& object, const QString& pointer, std::initializer_list<const char*> allowed,
        std::initializer_list<const char*> required = {});

    // Typed getters: absent keys give nullopt without error; a wrong type records an error.
    std::optional<QString> string(const QJsonObject& object, const QString& pointer, const char* key);
    std::optional<QStringList> stringList(const QJsonObject& object, const QString& pointer, const char* key);
    std::optional<QJsonObject> object(const QJsonObject& object, const QString& pointer, const char* key);
    std::optional<bool> boolean(const QJsonObject& object, const QString& pointer, const char* key);

    static QString child(const QString& pointer, const QString& key);
    static QString child(const QString& pointer, qsizetype index);
    static QString describe(const QJsonValue& value);

    const QString& fileName() const { return m_fileName; }
    const QStringList& errors() const { return m_errors; }
    bool hasErrors() const { return !m_errors.isEmpty(); }

private:
    QString m_fileName;
    QStringList m_errors;
};

} // namespace cordon
