#include "Console.h"

#include <QCoreApplication>

#include <cstdio>

namespace cordon::cli {

QTextStream& Console::out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream& Console::err()
{
    static QTextStream s(stderr);
    return s;
}

int Console::fail(ExitCode code, const QString& message)
{
    const char* advice = exitCodeAdvice(code);
    return fail(
        code, message, advice && *advice ? QCoreApplication::translate("cordon-exit-codes", advice) : QString());
}

int Console::fail(ExitCode code, const QString& message, const QString& advice)
{
    out().flush();
    err() << "cordonctl: " << message << '\n';
    if (!advice.isEmpty())
        err() << advice << '\n';
    err().flush();
    return toInt(code);
}

void Console::notice(const QString& message)
{
    out().flush();
    err() << "cordonctl: " << message << '\n';
    err().flush();
}

} // namespace cordon::cli
