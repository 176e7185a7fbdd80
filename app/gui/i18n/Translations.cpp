#include "Translations.h"

#include <QLibraryInfo>
#include <QTranslator>

namespace cordon::gui {

QList<Translations::Language> Translations::available()
{
    return {{QString(), tr("System default")}, {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("de"), QStringLiteral("Deutsch")}, {QStringLiteral("fr"), QStringLiteral("Français")},
        {QStringLiteral("es"), QStringLiteral("Español")}, {QStringLiteral("ja"), QStringLiteral("日本語")}};
}

QLocale Translations::localeFor(const QString& code)
{
    return code.isEmpty() ? QLocale::system() : QLocale(code);
}

Translations::Translations() = default;
Translations::~Translations()
{
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
}

bool Translations::install(const QString& code)
{
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
    m_app.reset();
    m_qt.reset();

    const QLocale locale = localeFor(code);
    QLocale::setDefault(locale);
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        m_qt = std::move(qt);
    }
    // QTranslator::load(QLocale, ...) walks the locale's UI languages (de_AT, de, ...) and the
    // system's list, so "de_AT" finds cordon_de.qm.
    auto app = std::make_unique<QTranslator>();
    bool found = app->load(locale, QStringLiteral("cordon"), QStringLiteral("_"), QStringLiteral(":/cordon/i18n"));
    // A language Cordon does not speak falls back to English, whose catalogue holds the plural
    // forms ("1 session", "2 sessions") the source strings spell "%n session(s)".
    if (!found && !app->load(catalogue(QStringLiteral("en"))))
        return false;
    QCoreApplication::installTranslator(app.get());
    m_app = std::move(app);
    return found;
}

} // namespace cordon::gui
