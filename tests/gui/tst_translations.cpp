// The translations (issue 4, "Translations"): every .ts of translations/ is complete (no
// unfinished, vanished or empty translation, every plural form the language has, the same %1..%9
// as the source), and each compiled .qm, embedded in the app, translates known strings through
// the very classes that show them.

#include "EventPresentation.h"
#include "SessionModel.h"
#include "TerminalLauncher.h"
#include "Translations.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace cordon::gui;

namespace {

QString tsPath(const QString& language)
{
    return QStringLiteral(CORDON_TRANSLATIONS_DIR "/cordon_%1.ts").arg(language);
}

// %1..%99 (and %n) a text uses.
QSet<QString> placeholders(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    QSet<QString> out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(0));
    return out;
}

struct Message {
    QString context;
    QString source;
    bool numerus = false;
    QString type;
    QString translation;  // non-numerus
    QStringList forms;    // numerus
};

QList<Message> readTs(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> out;
    QXmlStreamReader xml(&file);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            m = Message{context, {}, xml.attributes().value(QLatin1String("numerus")) == u"yes", {}, {}, {}};
        } else if (name == u"source") {
            m.source = xml.readElementText();
        } else if (name == u"translation") {
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!m.numerus) {
                m.translation = xml.readElementText();
                out.append(m);
            }
        } else if (name == u"numerusform") {
            m.forms.append(xml.readElementText());
            if (!out.isEmpty() && out.constLast().source == m.source && out.constLast().context == m.context)
                out.last().forms = m.forms;
            else
                out.append(m);
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

} // namespace

class TestTranslations final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tsComplete_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("pluralForms");
        QTest::addColumn<bool>("pluralOnly");
        QTest::newRow("en") << QStringLiteral("en") << 2 << true;
        QTest::newRow("de") << QStringLiteral("de") << 2 << false;
        QTest::newRow("fr") << QStringLiteral("fr") << 2 << false;
        QTest::newRow("es") << QStringLiteral("es") << 2 << false;
        QTest::newRow("ja") << QStringLiteral("ja") << 1 << false;
    }
    void tsComplete()
    {
        QFETCH(QString, language);
        QFETCH(int, pluralForms);
        QFETCH(bool, pluralOnly);
        QString error;
        const QList<Message> messages = readTs(tsPath(language), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() >= (pluralOnly ? 5 : 300));
        int numerus = 0;
        for (const Message& m : messages) {
            const QByteArray where = (m.context + QStringLiteral(": ") + m.source).toUtf8();
            QVERIFY2(m.type.isEmpty(), where + " is " + m.type.toUtf8());
            QVERIFY2(!pluralOnly || m.numerus, where + " belongs in the translated files only");
            if (!m.numerus) {
                QVERIFY2(!m.translation.trimmed().isEmpty(), where + " has an empty translation");
                QVERIFY2(placeholders(m.translation) == placeholders(m.source), where + " -> " + m.translation.toUtf8());
                continue;
            }
            ++numerus;
            QVERIFY2(m.forms.size() == pluralForms, where + " needs " + QByteArray::number(pluralForms) + " forms");
            QSet<QString> sourceArgs = placeholders(m.source);
            sourceArgs.remove(QStringLiteral("%n"));
            for (const QString& form : m.forms) {
                QVERIFY2(!form.trimmed().isEmpty(), where + " has an empty plural form");
                QSet<QString> formArgs = placeholders(form);
                formArgs.remove(QStringLiteral("%n")); // "1 session" may spell the one out
                QVERIFY2(formArgs == sourceArgs, where + " -> " + form.toUtf8());
            }
            // The plural form (the last) always shows the number.
            QVERIFY2(m.forms.constLast().contains(QStringLiteral("%n")), where);
        }
        QVERIFY(numerus >= 5);
    }

    // Each language's catalogue is embedded, and the classes that show a string find it.
    void qmTranslates_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("kindLabel");   // EventPresentation::kindLabel("net_deny")
        QTest::addColumn<QString>("running");     // SessionModel state "running"
        QTest::addColumn<QString>("noTerminal");  // TerminalLauncher, terminal turned off
        QTest::addColumn<QString>("threeRunning"); // TrayIcon, %n = 3
        QTest::addColumn<QString>("oneRunning");
        QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("Network denied") << QStringLiteral("Running")
                            << QStringLiteral("Running agents in a terminal is turned off in Settings.")
                            << QStringLiteral("Cordon: 3 sessions running") << QStringLiteral("Cordon: 1 session running");
        QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("Netzwerk abgelehnt") << QStringLiteral("Läuft")
                            << QStringLiteral("Das Ausführen von Agenten in einem Terminal ist in den Einstellungen "
                                              "abgeschaltet.")
                            << QStringLiteral("Cordon: 3 Sitzungen aktiv") << QStringLiteral("Cordon: 1 Sitzung aktiv");
        QTest::newRow("fr") << QStringLiteral("fr") << QStringLiteral("Réseau refusé") << QStringLiteral("En cours")
                            << QStringLiteral("L’exécution des agents dans un terminal est désactivée dans les "
                                              "paramètres.")
                            << QStringLiteral("Cordon : 3 sessions en cours")
                            << QStringLiteral("Cordon : 1 session en cours");
        QTest::newRow("es") << QStringLiteral("es") << QStringLiteral("Red denegada") << QStringLiteral("En marcha")
                            << QStringLiteral("La ejecución de agentes en un terminal está desactivada en Ajustes.")
                            << QStringLiteral("Cordon: 3 sesiones en marcha")
                            << QStringLiteral("Cordon: 1 sesión en marcha");
        QTest::newRow("ja") << QStringLiteral("ja") << QStringLiteral("ネットワーク拒否") << QStringLiteral("実行中")
                            << QStringLiteral("「設定」で端末での実行がオフになっています。")
                            << QStringLiteral("Cordon: 3 個のセッションを実行中")
                            << QStringLiteral("Cordon: 1 個のセッションを実行中");
    }
    void qmTranslates()
    {
        QFETCH(QString, language);
        QFETCH(QString, kindLabel);
        QFETCH(QString, running);
        QFETCH(QString, noTerminal);
        QFETCH(QString, threeRunning);
        QFETCH(QString, oneRunning);
        QVERIFY(QFile::exists(Translations::catalogue(language)));
        Translations translations;
        QVERIFY(translations.install(language));
        QCOMPARE(EventPresentation::kindLabel(QStringLiteral("net_deny")), kindLabel);
        QCOMPARE(SessionModel::tr("Running"), running);
        TerminalLauncher launcher;
        launcher.setPreferred(TerminalLauncher::noTerminal());
        QString error;
        QVERIFY(!launcher.launch(QStringLiteral("shell"), QStringLiteral("/tmp"), {}, &error));
        QCOMPARE(error, noTerminal);
        const char* tray = "cordon::gui::TrayIcon";
        QCOMPARE(QCoreApplication::translate(tray, "Cordon: %n session(s) running", nullptr, 3), threeRunning);
        QCOMPARE(QCoreApplication::translate(tray, "Cordon: %n session(s) running", nullptr, 1), oneRunning);
    }

    // A test that cannot fail is a defect: without a catalogue the source text comes back.
    void withoutCatalogueSourceComes()
    {
        QCOMPARE(EventPresentation::kindLabel(QStringLiteral("net_deny")), QStringLiteral("Network denied"));
        QCOMPARE(QCoreApplication::translate("cordon::gui::TrayIcon", "Cordon: %n session(s) running", nullptr, 3),
            QStringLiteral("Cordon: 3 session(s) running"));
        // A language Cordon does not ship falls back to English (its plural forms).
        Translations translations;
        QVERIFY(!translations.install(QStringLiteral("sw")));
        QCOMPARE(QCoreApplication::translate("cordon::gui::TrayIcon", "Cordon: %n session(s) running", nullptr, 3),
            QStringLiteral("Cordon: 3 sessions running"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
