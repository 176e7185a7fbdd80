// Fuzz target for the parsers that read files a user, an administrator or a tool controls:
// profiles, managed-policy files and the grants files of "always" answers. Built with clang, it is a libFuzzer target
// (`clang++ ... -fsanitize=fuzzer,address`: run it with a corpus directory, e.g. tests/core/fixtures);
// otherwise it is a replay tool that feeds each file named on the command line through the parsers,
// which ctest does with the checked-in fixtures so the target never rots.

#include "AlwaysGrantStore.h"
#include "ManagedPolicyLoader.h"
#include "ProfileParser.h"

#include <QByteArray>
#include <QFile>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    cordon::Profile profile;
    QStringList errors;
    const bool parsed = cordon::ProfileParser::parse(bytes, QStringLiteral("fuzz.json"), &profile, &errors);
    // Invariant: a failure always says why; a success always has a valid name.
    if (parsed != errors.isEmpty())
        __builtin_trap();
    if (parsed && !cordon::Profile::isValidName(profile.name))
        __builtin_trap();
    cordon::ManagedPolicy managed;
    errors.clear();
    if (!cordon::ManagedPolicyLoader::parseFile(bytes, QStringLiteral("fuzz.json"), &managed, &errors) &&
        errors.isEmpty())
        __builtin_trap();
    cordon::AlwaysGrants grants;
    QString grantsError;
    if (!cordon::AlwaysGrantStore::parse(bytes, QStringLiteral("fuzz.json"), &grants, &grantsError)) {
        if (grantsError.isEmpty())
            __builtin_trap();
    } else {
        // Every answer read back carries a port, and what is written is read back the same.
        for (const auto& h : grants.networkAllow)
            if (h.port() == 0)
                __builtin_trap();
        cordon::AlwaysGrants again;
        if (!cordon::AlwaysGrantStore::parse(
                cordon::AlwaysGrantStore::serialize(grants), QStringLiteral("again.json"), &again, &grantsError) ||
            again.networkAllow.size() != grants.networkAllow.size() || again.secrets != grants.secrets)
            __builtin_trap();
    }
    return 0;
}

#ifndef CORDON_LIBFUZZER
int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        QFile file(QFile::decodeName(argv[i]));
        if (!file.open(QIODevice::ReadOnly))
            return 2;
        const QByteArray bytes = file.readAll();
        LLVMFuzzerTestOneInput(
            reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
    }
    return 0;
}
#endif
