#pragma once
// What the timeline shows: one session or all, some kinds or all, a text. Sent to the helper as
// the `history` filter (so that a filter over a million events is the journal's work, not a full
// load), and applied to live pushes with the same meaning.

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cordon::gui {

struct TimelineQuery {
    QString session;   // empty: every session
    QStringList kinds; // empty: every kind
    QString text;      // empty: no text filter; else case-insensitive, in the subject

    bool operator==(const TimelineQuery&) const = default;
    // Adds the filter fields to a `history` request.
    void addTo(QJsonObject* request) const;
    bool matches(const QJsonObject& event) const;
};

} // namespace cordon::gui
