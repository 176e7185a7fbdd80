#include "TrayIcon.h"

#include "ProfileListModel.h"

#include <QAction>
#include <QFont>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSystemTrayIcon>

namespace cordon::gui {

TrayIcon::TrayIcon(ProfileListModel* profiles, QObject* parent)
    : QObject(parent), m_profiles(profiles), m_tray(new QSystemTrayIcon(this)), m_menu(new QMenu)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_quickLaunchMenu = m_menu->addMenu(tr("&Launch"));
    m_quickLaunchMenu->setObjectName(QStringLiteral("quickLaunchMenu"));
    m_menu->addSeparator();
    QAction* showAction = m_menu->addAction(tr("&Show Cordon"));
    showAction->setObjectName(QStringLiteral("showAction"));
    connect(showAction, &QAction::triggered, this, &TrayIcon::showRequested);
    QAction* stopAll = m_menu->addAction(tr("S&top all sessions"));
    stopAll->setObjectName(QStringLiteral("stopAllAction"));
    connect(stopAll, &QAction::triggered, this, &TrayIcon::stopAllRequested);
    m_menu->addSeparator();
    QAction* quit = m_menu->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT showRequested();
    });
    connect(m_profiles, &QAbstractItemModel::modelReset, this, &TrayIcon::rebuildQuickLaunch);
    rebuildQuickLaunch();
    setCounts(0, 0);
}

TrayIcon::~TrayIcon()
{
    delete m_menu; // a context menu is not owned by the tray icon
}

void TrayIcon::show()
{
    m_tray->show();
}

void TrayIcon::rebuildQuickLaunch()
{
    m_quickLaunchMenu->clear();
    for (int row = 0; row < m_profiles->rowCount(); ++row) {
        const QModelIndex index = m_profiles->index(row, ProfileListModel::NameColumn);
        const QString name = index.data(ProfileListModel::RawRole).toString();
        QAction* action = m_quickLaunchMenu->addAction(
            index.data(Qt::DecorationRole).value<QIcon>(), index.data(Qt::DisplayRole).toString());
        connect(action, &QAction::triggered, this, [this, name] { Q_EMIT launchRequested(name); });
    }
    m_quickLaunchMenu->setEnabled(!m_quickLaunchMenu->isEmpty());
}

QIcon TrayIcon::iconFor(State state, int running)
{
    switch (state) {
    case State::Pending: return QIcon(QStringLiteral(":/cordon/icons/tray-pending.svg"));
    case State::Idle: return QIcon(QStringLiteral(":/cordon/icons/tray-idle.svg"));
    case State::Running: break;
    }
    const QIcon base(QStringLiteral(":/cordon/icons/tray-running.svg"));
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap = base.pixmap(size, size);
        if (running > 1 && size >= 22) {
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            const qreal d = size * 0.55;
            const QRectF badge(size - d, size - d, d, d);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(0x1c, 0x71, 0xd8));
            painter.drawEllipse(badge);
            QFont font;
            font.setBold(true);
            font.setPixelSize(qMax(8, static_cast<int>(d * 0.7)));
            painter.setFont(font);
            painter.setPen(Qt::white);
            painter.drawText(badge, Qt::AlignCenter, running > 9 ? QStringLiteral("9+") : QString::number(running));
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

void TrayIcon::setCounts(int running, int pending)
{
    m_state = pending > 0 ? State::Pending : running > 0 ? State::Running : State::Idle;
    if (pending > 0)
        m_toolTip = tr("Cordon: %n request(s) waiting for your answer", nullptr, pending);
    else if (running > 0)
        m_toolTip = tr("Cordon: %n session(s) running", nullptr, running);
    else
        m_toolTip = tr("Cordon: no session running");
    m_icon = iconFor(m_state, running);
    m_tray->setIcon(m_icon);
    m_tray->setToolTip(m_toolTip);
}

} // namespace cordon::gui
