// InertText (core/util): what the sandbox wrote is shown, never acted on by a terminal or misread
// in a widget. Used by cordonctl and the desktop app alike.

#include "InertText.h"

#include <QTest>

using cordon::InertText;

class TestInertText final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plainTextUnchanged_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("host") << QStringLiteral("api.example.com:443");
        QTest::newRow("argv") << QStringLiteral("curl -sS https://example.com/a?b=c&d");
        QTest::newRow("unicode") << QStringLiteral("bücher.example 日本語 😀");
        QTest::newRow("empty") << QString();
    }
    void plainTextUnchanged()
    {
        QFETCH(QString, text);
        QCOMPARE(InertText::render(text), text);
        QVERIFY(InertText::isInert(text));
    }

    void escapes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ESC CSI") << QStringLiteral("a\x1b[2Jb") << QStringLiteral("a\\x1B[2Jb");
        QTest::newRow("newline, CR, tab") << QStringLiteral("x\ny\rz\t") << QStringLiteral("x\\x0Ay\\x0Dz\\x09");
        QTest::newRow("NUL and BEL") << QString(QStringLiteral("a%1b\x07")).arg(QChar(0))
                                     << QStringLiteral("a\\x00b\\x07");
        QTest::newRow("DEL") << QStringLiteral("a\x7f") << QStringLiteral("a\\x7F");
        QTest::newRow("C1 CSI") << QString(QChar(0x9b)) + QStringLiteral("31m") << QStringLiteral("\\x9B31m");
        QTest::newRow("backslash") << QStringLiteral("C:\\x1B") << QStringLiteral("C:\\\\x1B");
        QTest::newRow("RLO (Trojan Source)")
            << QString(QChar(0x202e)) + QStringLiteral("moc.elgoog") << QStringLiteral("U+202Emoc.elgoog");
        QTest::newRow("isolates") << QString(QChar(0x2066)) + QStringLiteral("x") + QString(QChar(0x2069))
                                  << QStringLiteral("U+2066xU+2069");
        QTest::newRow("LRM RLM ALM") << QString(QChar(0x200e)) + QString(QChar(0x200f)) + QString(QChar(0x061c))
                                     << QStringLiteral("U+200EU+200FU+061C");
        QTest::newRow("zero width") << QStringLiteral("ex") + QString(QChar(0x200b)) + QStringLiteral("ample")
                                    << QStringLiteral("exU+200Bample");
        QTest::newRow("BOM") << QString(QChar(0xfeff)) << QStringLiteral("U+FEFF");
        QTest::newRow("no-break space") << QStringLiteral("a") + QString(QChar(0xa0)) + QStringLiteral("b")
                                        << QStringLiteral("aU+00A0b");
        QTest::newRow("line separator") << QString(QChar(0x2028)) << QStringLiteral("U+2028");
        QTest::newRow("hangul filler") << QString(QChar(0x3164)) << QStringLiteral("U+3164");
        QTest::newRow("unpaired surrogate")
            << QString(QChar(0xd800)) + QStringLiteral("x") << QStringLiteral("U+D800x");
        QTest::newRow("tag character") << QString::fromUcs4(U"a\U000E0041") << QStringLiteral("aU+E0041");
        // Unassigned today, perhaps a format character tomorrow.
        QTest::newRow("unassigned") << QString(QChar(0x0378)) << QStringLiteral("U+0378");
        QTest::newRow("unassigned plane 3") << QString::fromUcs4(U"\U0003FFFD") << QStringLiteral("U+3FFFD");
        for (char16_t c : {u'\u202A', u'\u202B', u'\u202C', u'\u202D', u'\u2067', u'\u2068'})
            QTest::addRow("bidi U+%04X", static_cast<uint>(c))
                << QString(QChar(c)) << QStringLiteral("U+%1").arg(static_cast<uint>(c), 4, 16).toUpper();
    }
    void escapes()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(InertText::render(text), expected);
        QVERIFY(!InertText::isInert(text));
    }

    // Whatever goes in, nothing a terminal acts on comes out.
    void outputHasNoControls()
    {
        QString all;
        for (char32_t c = 0; c < 0x3000; ++c)
            all.append(QString::fromUcs4(&c, 1));
        const QString out = InertText::render(all);
        for (QChar ch : out) {
            QVERIFY2(ch.unicode() >= 0x20 && ch.unicode() != 0x7f && !(ch.unicode() >= 0x80 && ch.unicode() <= 0x9f),
                qPrintable(QString::number(ch.unicode(), 16)));
            QVERIFY(ch.category() != QChar::Other_Format);
        }
    }

    void truncation()
    {
        QCOMPARE(InertText::render(QStringLiteral("abcdef"), 6), QStringLiteral("abcdef"));
        QCOMPARE(InertText::render(QStringLiteral("abcdefg"), 6), QStringLiteral("abcde") + QChar(0x2026));
        // An escape is never split: it goes whole or not at all.
        QCOMPARE(InertText::render(QStringLiteral("abc\x1b"), 6), QStringLiteral("abc") + QChar(0x2026));
        QCOMPARE(InertText::render(QStringLiteral("ab\x1bxyz"), 7), QStringLiteral("ab\\x1B") + QChar(0x2026));
        // A surrogate pair stays a pair.
        QCOMPARE(InertText::render(QStringLiteral("a😀😀"), 4), QStringLiteral("a😀") + QChar(0x2026));
        QCOMPARE(InertText::render(QStringLiteral("abc"), 0), QString());
        QCOMPARE(InertText::render(QStringLiteral("abcdefghij"), 5), QStringLiteral("abcd\u2026"));
        QCOMPARE(InertText::render(QStringLiteral("abcde"), 5), QStringLiteral("abcde"));
        QCOMPARE(InertText::render(QStringLiteral("ab\x1b"), 4), QStringLiteral("ab\u2026"));
        QCOMPARE(InertText::render(QStringLiteral("abc"), -1), QStringLiteral("abc"));
    }
};

QTEST_GUILESS_MAIN(TestInertText)
#include "tst_inerttext.moc"
