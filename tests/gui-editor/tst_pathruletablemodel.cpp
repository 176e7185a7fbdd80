// The Files page's model under QAbstractItemModelTester (CONVENTIONS.md: every model is), and its
// rules: locked rows are neither editable nor removable, edits become this profile's.

#include "PathRuleTableModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace cordon;
using namespace cordon::gui;

class TestPathRuleTableModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modelTester()
    {
        PathRuleTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({{QStringLiteral("~/.claude"), PathAccess::Write, {Source::Profile, QStringLiteral("p.json")},
                           false, {}, {}},
            {QStringLiteral("~/.ssh"), PathAccess::Hide, {Source::Organization, QStringLiteral("/m/10.json")}, true, {},
                {}}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(PathRuleTableModel::ColumnCount));
        QCOMPARE(model.index(0, PathRuleTableModel::AccessColumn).data().toString(), QStringLiteral("write"));
        QCOMPARE(model.index(0, PathRuleTableModel::AccessColumn).data(Qt::EditRole).toInt(), int(PathAccess::Write));
        const int row = model.appendRow({QStringLiteral("build"), PathAccess::Read, {}, false, {}, {}});
        QCOMPARE(row, 2);
        QVERIFY(model.setData(model.index(row, PathRuleTableModel::AccessColumn), int(PathAccess::Hide)));
        QCOMPARE(model.rows().at(row).access, PathAccess::Hide);
        QVERIFY(!model.setData(model.index(row, PathRuleTableModel::AccessColumn), int(PathAccess::Protect)));
        QVERIFY(!model.setData(model.index(row, PathRuleTableModel::SourceColumn), QStringLiteral("x")));
        model.setError(row, QStringLiteral("bad"));
        QCOMPARE(model.index(row, 0).data(PathRuleTableModel::ErrorRole).toString(), QStringLiteral("bad"));
        model.clearErrors();
        QVERIFY(model.index(row, 0).data(PathRuleTableModel::ErrorRole).toString().isEmpty());
        QVERIFY(model.removeRows(row, 1));
        QCOMPARE(model.rowCount(), 2);
    }

    void lockedRowsStay()
    {
        PathRuleTableModel model;
        model.setRows({{QStringLiteral("~/.ssh"), PathAccess::Hide,
            {Source::Organization, QStringLiteral("/m/10.json")}, true, {}, {}}});
        QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsEditable));
        QVERIFY(!model.setData(model.index(0, 0), QStringLiteral("~/x")));
        QVERIFY(!model.removeRows(0, 1));
        QVERIFY(model.index(0, PathRuleTableModel::SourceColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("organization")));
        QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).isNull());
    }
};

QTEST_MAIN(TestPathRuleTableModel)
#include "tst_pathruletablemodel.moc"
