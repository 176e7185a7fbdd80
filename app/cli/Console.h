#pragma once
// cordonctl's standard output and error streams and its one way of failing (docs/cli.md):
//   cordonctl: <what went wrong>
//   <what to do about it>
// followed by one of Cordon's exit codes.

#include "ExitCode.h"

#include <QString>
#include <QTextStream>

namespace cordon::cli {

class Console final {
public:
    static QTextStream& out();
    static QTextStream& err();
    // Prints the message and the code's standard advice; returns the code as an int.
    static int fail(ExitCode code, const QString& message);
    // The same with advice of its own (empty: none).
    static int fail(ExitCode code, const QString& message, const QString& advice);
    // "cordonctl: <message>" on stderr, nothing else.
    static void notice(const QString& message);
};

} // namespace cordon::cli
