#include "Limits.h"

#include "ByteSize.h"
#include "Duration.h"

#include <QCoreApplication>

#include <cmath>

namespace cordon {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordon", text);
}

bool parseCount(const QString& text, qint64* out)
{
    if (text.isEmpty() || text.size() > 12)
        return false;
    for (QChar c : text)
        if (c < u'0' || c > u'9')
            return false;
    bool ok = false;
    *out = text.toLongLong(&ok);
    return ok;
}

bool parseCpu(double cpus, qint64* milli)
{
    if (!std::isfinite(cpus) || cpus <= 0.0 || cpus > 1024.0)
        return false;
    *milli = std::llround(cpus * 1000.0);
    return *milli >= 1;
}

QString boundsMessage(LimitKey key)
{
    switch (key) {
    case LimitKey::Timeout: return tr("expected a duration between 1s and 366d");
    case LimitKey::Memory: return tr("expected a size between 16M and 1T");
    case LimitKey::Pids: return tr("expected an integer between 8 and 4194304");
    case LimitKey::Cpu: return tr("expected a number of CPUs above 0 and at most 1024, like 0.5 or 2");
    case LimitKey::OpenFiles: return tr("expected an integer between 16 and 1048576");
    case LimitKey::FileSize: return tr("expected a size between 1M and 1P");
    case LimitKey::TmpSize: return tr("expected a size between 1M and 1T");
    }
    return {};
}

} // namespace

bool Limits::isEmpty() const
{
    for (const auto& v : m_values)
        if (v)
            return false;
    return true;
}

QString Limits::jsonKey(LimitKey key)
{
    switch (key) {
    case LimitKey::Timeout: return QStringLiteral("timeout");
    case LimitKey::Memory: return QStringLiteral("memory");
    case LimitKey::Pids: return QStringLiteral("pids");
    case LimitKey::Cpu: return QStringLiteral("cpu");
    case LimitKey::OpenFiles: return QStringLiteral("openFiles");
    case LimitKey::FileSize: return QStringLiteral("fileSize");
    case LimitKey::TmpSize: return QStringLiteral("tmpSize");
    }
    return {};
}

QString Limits::optionName(LimitKey key)
{
    switch (key) {
    case LimitKey::Timeout: return QStringLiteral("--timeout");
    case LimitKey::Memory: return QStringLiteral("--memory");
    case LimitKey::Pids: return QStringLiteral("--pids");
    case LimitKey::Cpu: return QStringLiteral("--cpu");
    case LimitKey::OpenFiles: return QStringLiteral("--open-files");
    case LimitKey::FileSize: return QStringLiteral("--file-size");
    case LimitKey::TmpSize: return QStringLiteral("--tmp-size");
    }
    return {};
}

std::optional<LimitKey> Limits::fromJsonKey(const QString& key)
{
    for (int i = 0; i < kLimitKeyCount; ++i)
        if (jsonKey(keyAt(i)) == key)
            return keyAt(i);
    return std::nullopt;
}

bool Limits::checkBounds(LimitKey key, qint64 v, QString* expected)
{
    constexpr qint64 M = 1LL << 20;
    bool ok = false;
    switch (key) {
    case LimitKey::Timeout: ok = v >= 1 && v <= 366LL * 86400; break;
    case LimitKey::Memory: ok = v >= 16 * M && v <= (1LL << 40); break;
    case LimitKey::Pids: ok = v >= 8 && v <= 4194304; break;
    case LimitKey::Cpu: ok = v >= 1 && v <= 1024 * 1000; break;
    case LimitKey::OpenFiles: ok = v >= 16 && v <= (1LL << 20); break;
    case LimitKey::FileSize: ok = v >= M && v <= (1LL << 50); break;
    case LimitKey::TmpSize: ok = v >= M && v <= (1LL << 40); break;
    }
    if (!ok)
        *expected = boundsMessage(key);
    return ok;
}

bool Limits::parseText(LimitKey key, const QString& text, qint64* out, QString* expected)
{
    qint64 v = 0;
    switch (key) {
    case LimitKey::Timeout:
        if (!Duration::parse(text, &v, expected))
            return false;
        break;
    case LimitKey::Memory:
    case LimitKey::FileSize:
    case LimitKey::TmpSize:
        if (!ByteSize::parse(text, &v, expected))
            return false;
        break;
    case LimitKey::Pids:
    case LimitKey::OpenFiles:
        if (!parseCount(text, &v)) {
            *expected = tr("expected a whole number like 1024");
            return false;
        }
        break;
    case LimitKey::Cpu: {
        bool ok = false;
        const double cpus = text.toDouble(&ok);
        if (!ok || !parseCpu(cpus, &v)) {
            *expected = boundsMessage(key);
            return false;
        }
        break;
    }
    }
    if (!checkBounds(key, v, expected))
        return false;
    *out = v;
    return true;
}

bool Limits::parseJson(LimitKey key, const QJsonValue& value, qint64* out, QString* expected)
{
    switch (key) {
    case LimitKey::Timeout:
    case LimitKey::Memory:
    case LimitKey::FileSize:
    case LimitKey::TmpSize:
        if (!value.isString()) {
            *expected = key == LimitKey::Timeout ? tr("expected a duration like 30s, 10m, 2h or 1d")
                                                 : tr("expected a size like 512M or 4G");
            return false;
        }
        return parseText(key, value.toString(), out, expected);
    case LimitKey::Pids:
    case LimitKey::OpenFiles: {
        const double d = value.toDouble(-1.0);
        if (!value.isDouble() || d != std::floor(d) || d < 0 || d > 1e12) {
            *expected = tr("expected a whole number like 1024");
            return false;
        }
        const auto v = static_cast<qint64>(d);
        if (!checkBounds(key, v, expected))
            return false;
        *out = v;
        return true;
    }
    case LimitKey::Cpu: {
        qint64 v = 0;
        if (!value.isDouble() || !parseCpu(value.toDouble(), &v)) {
            *expected = boundsMessage(key);
            return false;
        }
        if (!checkBounds(key, v, expected))
            return false;
        *out = v;
        return true;
    }
    }
    return false;
}

QString Limits::format(LimitKey key, qint64 v)
{
    switch (key) {
    case LimitKey::Timeout: return Duration::format(v);
    case LimitKey::Memory:
    case LimitKey::FileSize:
    case LimitKey::TmpSize: return ByteSize::format(v);
    case LimitKey::Pids:
    case LimitKey::OpenFiles: return QString::number(v);
    case LimitKey::Cpu: return QString::number(static_cast<double>(v) / 1000.0);
    }
    return {};
}

QJsonValue Limits::toJson(LimitKey key, qint64 v)
{
    switch (key) {
    case LimitKey::Pids:
    case LimitKey::OpenFiles: return QJsonValue(static_cast<double>(v));
    case LimitKey::Cpu: return QJsonValue(static_cast<double>(v) / 1000.0);
    default: return QJsonValue(format(key, v));
    }
}

} // namespace cordon
