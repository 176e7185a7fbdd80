// JsonText: whatever bytes a sandbox puts in a path or an argument, the output is valid JSON and
// valid UTF-8, with nothing a terminal would act on. Checked against Qt's strict decoders (the
// JSON parser and a stateless UTF-8 decoder that reports errors), and against the Unicode
// standard's "maximal subpart" replacement examples (Table 3-8).

#include "JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>
#include <QTest>

using cordon::confine::JsonText;

namespace {

std::string encode(const std::string& bytes)
{
    std::string out;
    JsonText::appendString(out, bytes);
    return out;
}

// The string back through a strict JSON parser, or a null QString on a parse error.
QString decode(const std::string& json)
{
    const QByteArray doc = "[" + QByteArray::fromStdString(json) + "]";
    QJsonParseError error{};
    const QJsonDocument d = QJsonDocument::fromJson(doc, &error);
    if (error.error != QJsonParseError::NoError)
        return QString();
    return d.array().at(0).toString();
}

bool isValidUtf8(const std::string& s)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    (void)utf8(QByteArray::fromStdString(s));
    return !utf8.hasError();
}

} // namespace

class TestJsonText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void escapes_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("plain") << QByteArray("/usr/bin/git") << QByteArray("\"/usr/bin/git\"");
        QTest::newRow("quote and backslash") << QByteArray("a\"b\\c") << QByteArray("\"a\\\"b\\\\c\"");
        QTest::newRow("newline tab cr") << QByteArray("a\nb\tc\rd") << QByteArray("\"a\\nb\\tc\\rd\"");
        QTest::newRow("escape sequence") << QByteArray("\x1b[2J") << QByteArray("\"\\u001b[2J\"");
        QTest::newRow("bell and DEL") << QByteArray("\x07\x7f") << QByteArray("\"\\u0007\\u007f\"");
        QTest::newRow("C1 CSI") << QByteArray("\xc2\x9b"
                                              "31m")
                                << QByteArray("\"\\u009b31m\"");
        QTest::newRow("two-byte") << QByteArray("caf\xc3\xa9") << QByteArray("\"caf\xc3\xa9\"");
        QTest::newRow("four-byte") << QByteArray("\xf0\x9f\x98\x80") << QByteArray("\"\xf0\x9f\x98\x80\"");
        QTest::newRow("lone continuation") << QByteArray("\x80") << QByteArray("\"\xef\xbf\xbd\"");
        QTest::newRow("0xff") << QByteArray("\xff") << QByteArray("\"\xef\xbf\xbd\"");
        QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QByteArray("\"\xef\xbf\xbd\xef\xbf\xbd\"");
        QTest::newRow("overlong three") << QByteArray("\xe0\x80\xaf")
                                        << QByteArray("\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80")
                                   << QByteArray("\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
        QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80")
                                        << QByteArray("\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
        // A truncated sequence is one maximal subpart: one replacement, then what follows.
        QTest::newRow("truncated three") << QByteArray("\xe2\x82"
                                                       "A")
                                         << QByteArray("\"\xef\xbf\xbd"
                                                       "A\"");
        QTest::newRow("truncated at end") << QByteArray("x\xf0\x9f\x98") << QByteArray("\"x\xef\xbf\xbd\"");
        QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("\"a\\u0000b\"");
    }

    void escapes()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, json);
        const std::string out = encode(input.toStdString());
        QCOMPARE(QByteArray::fromStdString(out), json);
        QVERIFY(isValidUtf8(out));
        QVERIFY(!decode(out).isNull());
    }

    // The Unicode standard's own example (§3.9, Table 3-8): 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64
    // becomes a, FFFD, FFFD, FFFD, b, FFFD, c, FFFD, FFFD, d.
    void maximalSubpartExample()
    {
        const std::string in = "\x61\xf1\x80\x80\xe1\x80\xc2\x62\x80\x63\x80\xbf\x64";
        QCOMPARE(decode(encode(in)), QStringLiteral("a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd"));
    }

    // Every byte value and every pair: the output always parses and is always UTF-8.
    void everyShortInputIsValid()
    {
        for (int a = 0; a < 256; ++a) {
            for (int b = 0; b < 256; b += 3) {
                std::string in;
                in.push_back(static_cast<char>(a));
                in.push_back(static_cast<char>(b));
                in.push_back(static_cast<char>(0xa0));
                const std::string out = encode(in);
                if (!isValidUtf8(out) || decode(out).isNull())
                    QFAIL(qPrintable(
                        QStringLiteral("bytes %1 %2 gave %3").arg(a).arg(b).arg(QString::fromLatin1(out.c_str()))));
            }
        }
    }

    void arrays()
    {
        std::string out;
        JsonText::appendStringArray(out, {"git", "commit", "-m", "a \"quoted\" message"});
        QCOMPARE(
            QByteArray::fromStdString(out), QByteArray("[\"git\",\"commit\",\"-m\",\"a \\\"quoted\\\" message\"]"));
        out.clear();
        JsonText::appendStringArray(out, {});
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("[]"));
    }
};

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
