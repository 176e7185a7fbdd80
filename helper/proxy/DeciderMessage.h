#pragma once
// One line the decider (the helper daemon) sends the proxy, parsed:
//   answer  {"id":7,"decision":"deny"|"once"|"session"|"always","scope":"host"|"domain",
//            "pattern":"*.example.com:443","grant":12}      scope, pattern and grant optional
//   answer to a secret ask
//           {"id":8,"decision":"deny"|"once"|"session"|"always","path":"/run/cordon/secrets/NAME"}
//   grant   {"type":"grant","grant":12,"pattern":"host:port"}
//   revoke  {"type":"revoke","grant":12}
// The decider is trusted, but its lines are still checked: a line that is none of these is
// refused here (the caller ignores it with a notice), and an answer whose fields are wrong is
// turned into a deny of that one request rather than left to time out.

#include "HostNormalizer.h"
#include "HostPattern.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace cordon::proxy {

class DeciderMessage final {
public:
    enum class Type {
        Answer,
        Grant,
        Revoke
    };
    enum class Decision {
        Deny,
        Once,
        Session,
        Always
    };
    enum class Scope {
        Host,
        Domain
    };

    Type type = Type::Answer;
    std::int64_t id = 0; // answers only
    Decision decision = Decision::Deny;
    Scope scope = Scope::Host;
    QString pattern;       // as sent; empty when absent
    bool hasScope = false; // "scope" was present
    bool hasPath = false;  // "path" was present (answers to secret asks)
    bool hasPattern = false;
    bool hasGrant = false;
    QString path;           // as sent
    std::int64_t grant = 0; // 0: none
    QString problem;        // an answer with a usable id but wrong fields: why it became a deny

    // False with *error for a line that is not a message at all (not JSON, no usable id, an
    // unknown type, a grant or revoke without a grant id).
    [[nodiscard]] static bool parse(const QByteArray& line, DeciderMessage* out, QString* error);

    // The pattern an allowing answer remembers for (host, port): the one sent, else the exact
    // host:port asked (scope host) or "*.parent:port" (scope domain, parent of at least two
    // labels). It must parse as a HostPattern, be a wildcard exactly when the scope is domain,
    // and allow the very request it answers; otherwise false with *error.
    [[nodiscard]] bool rememberedPattern(
        const HostNormalizer::Host& host, int port, HostPattern* out, QString* error) const;

    // An answer to the secret ask for `name`: only decision and path are meaningful (scope,
    // pattern and grant belong to network answers and make it invalid), and an allowing answer
    // must name exactly /run/cordon/secrets/NAME; a deny may leave the path out. False with
    // *error otherwise; the caller then treats the answer as a deny.
    [[nodiscard]] bool checkSecretAnswer(const QString& name, QString* error) const;
    // A network answer must not carry a path (it answers another kind of ask).
    [[nodiscard]] bool checkNetAnswer(QString* error) const;
};

} // namespace cordon::proxy
