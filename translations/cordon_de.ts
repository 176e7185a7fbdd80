<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../app/gui/editor/QtPathChooser.cpp" line="+15"/>
        <source>&amp;Choose</source>
        <translation>&amp;Auswählen</translation>
    </message>
</context>
<context>
    <name>cordon::gui::AdvancedPage</name>
    <message>
        <location filename="../app/gui/editor/AdvancedPage.cpp" line="+36"/>
        <source>one name or glob per line, e.g. LC_*</source>
        <translation>ein Name oder Muster pro Zeile, z. B. LC_*</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NAME=value, one per line</source>
        <translation>NAME=Wert, einer pro Zeile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one directory per line, e.g. ~/.local/bin</source>
        <translation>ein Ordner pro Zeile, z. B. ~/.local/bin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>workspace-relative paths, one per line</source>
        <translation>Pfade relativ zum Arbeitsordner, einer pro Zeile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protect the &amp;default list (.git/hooks, .envrc, .vscode, …)</source>
        <translation>&amp;Standardliste schützen (.git/hooks, .envrc, .vscode, …)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Let in:</source>
        <translation>&amp;Durchlassen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Set:</source>
        <translation>&amp;Setzen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;PATH first:</source>
        <translation>&amp;PATH zuerst:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Protected workspace paths (read-only inside)</source>
        <translation>Geschützte Pfade im Arbeitsordner (innen schreibgeschützt)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layers that may be missing on this machine</source>
        <translation>Schutzschichten, die auf diesem Rechner fehlen dürfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Land&amp;lock file rules</source>
        <translation>Land&amp;lock-Dateiregeln</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Landlock sco&amp;pes (Linux 6.12+)</source>
        <translation>Landlock-&amp;Bereiche (Linux 6.12+)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>c&amp;group limits</source>
        <translation>c&amp;group-Grenzen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cordon&apos;s own &amp;tools on PATH inside (/run/cordon/bin)</source>
        <translation>Cordons eigene &amp;Werkzeuge im PATH (/run/cordon/bin)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Always let in: TERM, LANG (built-in default); the rest %1</source>
        <translation>Immer durchgelassen: TERM, LANG (eingebauter Standard); der Rest %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>built-in default list</source>
        <translation>eingebaute Standardliste</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: every layer is required on this machine (forbidBestEffort)</source>
        <translation>%1: Auf diesem Rechner ist jede Schutzschicht Pflicht (forbidBestEffort)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: never let in: %2</source>
        <translation>%1: nie durchgelassen: %2</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&quot;%1&quot;: expected NAME=value</source>
        <translation>„%1“: NAME=Wert erwartet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is set twice; expected each variable once</source>
        <translation>%1 ist doppelt gesetzt; jede Variable darf nur einmal vorkommen</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ApprovalPopup</name>
    <message>
        <location filename="../app/gui/widgets/ApprovalPopup.cpp" line="+71"/>
        <source>An agent asks</source>
        <translation>Ein Agent fragt</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Asked by:</source>
        <translation>Gefragt von:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Just before, this session:</source>
        <translation>Kurz zuvor in dieser Sitzung:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Allow</source>
        <translation>Erlauben</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Deny</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Allow &amp;once</source>
        <translation>&amp;Einmal erlauben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow for this &amp;session</source>
        <translation>Für diese &amp;Sitzung erlauben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Always allow</source>
        <translation>&amp;Immer erlauben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow &amp;more time</source>
        <translation>&amp;Mehr Zeit geben</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deny a&amp;ll</source>
        <translation>A&amp;lle ablehnen</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>%1 asks for a secret:</source>
        <translation>%1 fragt nach einem Geheimnis:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 has reached its time limit and asks for more time.</source>
        <translation>%1 hat sein Zeitlimit erreicht und bittet um mehr Zeit.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 wants to connect to:</source>
        <translation>%1 möchte sich verbinden mit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More time</source>
        <translation>Mehr Zeit</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Profile %1 · workspace %2 · session %3</source>
        <translation>Profil %1 · Arbeitsordner %2 · Sitzung %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (pid %2)
%3</source>
        <translation>%1 (PID %2)
%3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Only this &amp;host: %1</source>
        <translation>Nur dieser &amp;Host: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any host in &amp;this domain: %1</source>
        <translation>Jeder Host in dieser &amp;Domain: %1</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>(no events seen yet)</source>
        <translation>(noch keine Ereignisse)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>1 of %1</source>
        <translation>1 von %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Denied automatically in %1</source>
        <translation>Automatische Ablehnung in %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::EventPresentation</name>
    <message>
        <location filename="../app/gui/models/EventPresentation.cpp" line="+22"/>
        <source>Launch</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Program started</source>
        <translation>Programm gestartet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network allowed</source>
        <translation>Netzwerk erlaubt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network denied</source>
        <translation>Netzwerk abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network asked</source>
        <translation>Netzwerk angefragt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret asked</source>
        <translation>Geheimnis angefragt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret granted</source>
        <translation>Geheimnis gewährt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret denied</source>
        <translation>Geheimnis abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Limit warning</source>
        <translation>Grenzwert-Warnung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped by a limit</source>
        <translation>Durch Grenzwert gestoppt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exit</source>
        <translation>Beendet</translation>
    </message>
</context>
<context>
    <name>cordon::gui::FieldMarks</name>
    <message>
        <location filename="../app/gui/editor/FieldMarks.cpp" line="+107"/>
        <source>set by your organization</source>
        <translation>von Ihrer Organisation festgelegt</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+12"/>
        <source>built-in default</source>
        <translation>eingebauter Standard</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>from this profile (%1)</source>
        <translation>aus diesem Profil (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the command line (%1)</source>
        <translation>von der Befehlszeile (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a saved &quot;always&quot; answer (%1)</source>
        <translation>eine gespeicherte „Immer“-Antwort (%1)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>this profile</source>
        <translation>dieses Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the command line</source>
        <translation>die Befehlszeile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a saved &quot;always&quot; answer</source>
        <translation>eine gespeicherte „Immer“-Antwort</translation>
    </message>
</context>
<context>
    <name>cordon::gui::FilesPage</name>
    <message>
        <location filename="../app/gui/editor/FilesPage.cpp" line="+55"/>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paths: absolute (/data), in your home (~/.config/x) or in the workspace (build/cache). read: read-only inside; write: read-write; hidden: made inaccessible. F2 edits a cell.</source>
        <translation>Pfade: absolut (/data), im Benutzerordner (~/.config/x) oder im Arbeitsordner (build/cache). Lesen: innen schreibgeschützt; Schreiben: lesen und schreiben; Verborgen: unzugänglich. F2 bearbeitet eine Zelle.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <location line="+60"/>
        <location line="+16"/>
        <source>edited here</source>
        <translation>hier bearbeitet</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Choose a file or folder</source>
        <translation>Datei oder Ordner wählen</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Row %1 (%2): %3</source>
        <translation>Zeile %1 (%2): %3</translation>
    </message>
</context>
<context>
    <name>cordon::gui::GeneralPage</name>
    <message>
        <location filename="../app/gui/editor/GeneralPage.cpp" line="+22"/>
        <source>my-agent</source>
        <translation>mein-agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1-64 characters of a-z, 0-9 and &apos;-&apos;; also the file name of the profile</source>
        <translation>1–64 Zeichen aus a–z, 0–9 und „-“; auch der Dateiname des Profils</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>My agent</source>
        <translation>Mein Agent</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the program and its arguments, e.g. claude --verbose</source>
        <translation>das Programm und seine Argumente, z. B. claude --verbose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run when no command is given at launch. Quote arguments that contain spaces.</source>
        <translation>Wird ausgeführt, wenn beim Start kein Befehl angegeben ist. Argumente mit Leerzeichen in Anführungszeichen setzen.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Display name:</source>
        <translation>&amp;Anzeigename:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Icon:</source>
        <translation>&amp;Symbol:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Command:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;escription:</source>
        <translation>B&amp;eschreibung:</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+2"/>
        <source>Where these values come from: %1</source>
        <translation>Herkunft dieser Werte: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new profile, not saved yet</source>
        <translation>Ein neues, noch nicht gespeichertes Profil</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>expected the program and its arguments</source>
        <translation>Programm und Argumente erwartet</translation>
    </message>
</context>
<context>
    <name>cordon::gui::GrantModel</name>
    <message>
        <location filename="../app/gui/models/GrantModel.cpp" line="+86"/>
        <source>For this session</source>
        <translation>Für diese Sitzung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Always</source>
        <translation>Immer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile %1</source>
        <translation>Profil %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The profile</source>
        <translation>Das Profil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Allowed</source>
        <translation>Erlaubt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For how long</source>
        <translation>Wie lange</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies to</source>
        <translation>Gilt für</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>Von</translation>
    </message>
</context>
<context>
    <name>cordon::gui::HelperConnection</name>
    <message>
        <location filename="../app/gui/connection/HelperConnection.cpp" line="+14"/>
        <source>Not connected to cordon-helper.</source>
        <translation>Keine Verbindung zu cordon-helper.</translation>
    </message>
</context>
<context>
    <name>cordon::gui::LimitsPage</name>
    <message>
        <location filename="../app/gui/editor/LimitsPage.cpp" line="+23"/>
        <source>&amp;Time:</source>
        <translation>&amp;Zeit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>a duration: 30s, 10m, 2h, 1d (1s to 366d)</source>
        <translation>eine Dauer: 30s, 10m, 2h, 1d (1s bis 366d)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Memory:</source>
        <translation>&amp;Speicher:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a size: 512M, 4G (16M to 1T)</source>
        <translation>eine Größe: 512M, 4G (16M bis 1T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Processes:</source>
        <translation>&amp;Prozesse:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tasks at once (8 to 4194304)</source>
        <translation>gleichzeitige Tasks (8 bis 4194304)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;CPUs:</source>
        <translation>&amp;CPUs:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a number of CPUs: 0.5, 2 (up to 1024)</source>
        <translation>eine Anzahl CPUs: 0.5, 2 (bis 1024)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open files:</source>
        <translation>&amp;Offene Dateien:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>16 to 1048576</source>
        <translation>16 bis 1048576</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File size:</source>
        <translation>Datei&amp;größe:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>largest file the agent may write (1M to 1024T)</source>
        <translation>größte Datei, die der Agent schreiben darf (1M bis 1024T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporary &amp;space:</source>
        <translation>Temporärer &amp;Platz:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1G (default)</source>
        <translation>1G (Standard)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>size of /tmp and the home inside (1M to 1T)</source>
        <translation>Größe von /tmp und des Benutzerordners innen (1M bis 1T)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Time, memory, processes, CPU</source>
        <translation>Zeit, Speicher, Prozesse, CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files and temporary space</source>
        <translation>Dateien und temporärer Platz</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>changed here</source>
        <translation>hier geändert</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Limits</source>
        <translation>Grenzen</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>In effect: %1, %2</source>
        <translation>Wirksam: %1, %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In effect: no limit</source>
        <translation>Wirksam: keine Grenze</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at most %1: %2</source>
        <translation>höchstens %1: %2</translation>
    </message>
</context>
<context>
    <name>cordon::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/widgets/MainWindow.cpp" line="+92"/>
        <source>Cordon</source>
        <translation>Cordon</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Sessions</source>
        <translation>&amp;Sitzungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Timeline</source>
        <translation>&amp;Zeitleiste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Grants</source>
        <translation>&amp;Freigaben</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+427"/>
        <location line="+9"/>
        <source>Profiles</source>
        <translation>Profile</translation>
    </message>
    <message>
        <location line="-423"/>
        <source>&amp;Workspace:</source>
        <translation>&amp;Arbeitsordner:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the project folder</source>
        <translation>Projektordner wählen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Launch</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;New…</source>
        <translation>&amp;Neu …</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+559"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <location line="-557"/>
        <source>Se&amp;ttings…</source>
        <translation>Ein&amp;stellungen …</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>No sessions yet.
Pick a profile, choose its workspace and press Launch.</source>
        <translation>Noch keine Sitzungen.
Wählen Sie ein Profil und seinen Arbeitsordner und klicken Sie auf „Starten“.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>St&amp;op</source>
        <translation>St&amp;oppen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop &amp;all</source>
        <translation>&amp;Alle stoppen</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Filter by host, program, secret…</source>
        <translation>Nach Host, Programm, Geheimnis filtern …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Follow</source>
        <translation>&amp;Mitverfolgen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show new events as they happen and keep the newest in view.</source>
        <translation>Neue Ereignisse sofort zeigen und das neueste im Blick behalten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save every event matching the filter as JSON Lines.</source>
        <translation>Alle Ereignisse, die zum Filter passen, als JSON Lines speichern.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Select an event to see all of it.</source>
        <translation>Wählen Sie ein Ereignis, um es vollständig zu sehen.</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Exporting… %n event(s)</source>
        <translation>
            <numerusform>Export läuft … %n Ereignis</numerusform>
            <numerusform>Export läuft … %n Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Nothing has been allowed beyond the profiles.
What you allow for a session or always shows here, and can be revoked.</source>
        <translation>Über die Profile hinaus wurde nichts erlaubt.
Was Sie für eine Sitzung oder für immer erlauben, erscheint hier und lässt sich widerrufen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Revoke</source>
        <translation>&amp;Widerrufen</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The grant could not be revoked: %1</source>
        <translation>Die Freigabe konnte nicht widerrufen werden: %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <location line="+19"/>
        <source>Workspace for %1</source>
        <translation>Arbeitsordner für %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 opened in a terminal.</source>
        <translation>%1 in einem Terminal geöffnet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No terminal</source>
        <translation>Kein Terminal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1

Launch %2 without a terminal? You will not be able to type into it. Its output goes to the session&apos;s output log: output/SESSION.log in the helper&apos;s state directory (~/.local/state/cordon/output/ for your own helper).

Settings lets you choose a terminal emulator.</source>
        <translation>%1

%2 ohne Terminal starten? Sie können dann nichts eingeben. Die Ausgabe landet im Ausgabeprotokoll der Sitzung: output/SITZUNG.log im Zustandsordner des Helpers (~/.local/state/cordon/output/ bei Ihrem eigenen Helper).

In den Einstellungen können Sie einen Terminal-Emulator wählen.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Launching %1…</source>
        <translation>%1 wird gestartet …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Launch</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 could not be launched:
%2</source>
        <translation>%1 konnte nicht gestartet werden:
%2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 launched.</source>
        <translation>%1 gestartet.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Restart Cordon?</source>
        <translation>Cordon neu starten?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart Cordon now in the new language? Running sessions keep running: they belong to cordon-helper, not to this window.</source>
        <translation>Cordon jetzt in der neuen Sprache neu starten? Laufende Sitzungen laufen weiter: Sie gehören zu cordon-helper, nicht zu diesem Fenster.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Stop all</source>
        <translation>Alle stoppen</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>Stop all %n running session(s)?</source>
        <translation>
            <numerusform>Die laufende Sitzung stoppen?</numerusform>
            <numerusform>Alle %n laufenden Sitzungen stoppen?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Your organization&apos;s policy cannot be read, so profiles cannot be edited:
%1</source>
        <translation>Die Richtlinie Ihrer Organisation ist nicht lesbar, daher lassen sich Profile nicht bearbeiten:
%1</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+6"/>
        <source>Export timeline</source>
        <translation>Zeitleiste exportieren</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot export to %1: %2</source>
        <translation>Export nach %1 nicht möglich: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Quit Cordon</source>
        <translation>Cordon beenden</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n session(s) still running. Stop them before quitting?
Sessions you keep go on running; Cordon shows them again when you start it.</source>
        <translation>
            <numerusform>%n Sitzung läuft noch. Vor dem Beenden stoppen?
Behaltene Sitzungen laufen weiter; Cordon zeigt sie beim nächsten Start wieder an.</numerusform>
            <numerusform>%n Sitzungen laufen noch. Vor dem Beenden stoppen?
Behaltene Sitzungen laufen weiter; Cordon zeigt sie beim nächsten Start wieder an.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+48"/>
        <source>All sessions</source>
        <translation>Alle Sitzungen</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting cordon-helper…</source>
        <translation>cordon-helper wird gestartet …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting to cordon-helper…</source>
        <translation>Verbindung zu cordon-helper wird hergestellt …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not connected to cordon-helper; retrying…</source>
        <translation>Keine Verbindung zu cordon-helper; neuer Versuch …</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Loading events…</source>
        <translation>Ereignisse werden geladen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No events in the last minutes; new ones appear here as they happen.</source>
        <translation>Keine Ereignisse in den letzten Minuten; neue erscheinen hier, sobald sie auftreten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No events match.</source>
        <translation>Keine passenden Ereignisse.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Showing the latest %n event(s); older ones stay in the journal.</source>
        <translation>
            <numerusform>Das neueste Ereignis wird angezeigt; ältere bleiben im Journal.</numerusform>
            <numerusform>Die neuesten %n Ereignisse werden angezeigt; ältere bleiben im Journal.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Events shown: %1</source>
        <translation>Angezeigte Ereignisse: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;View…</source>
        <translation>&amp;Anzeigen …</translation>
    </message>
</context>
<context>
    <name>cordon::gui::NetworkPage</name>
    <message>
        <location filename="../app/gui/editor/NetworkPage.cpp" line="+35"/>
        <source>&amp;Allowed hosts</source>
        <translation>&amp;Erlaubte Hosts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Denied hosts</source>
        <translation>&amp;Abgelehnte Hosts</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Denied by your organization</source>
        <translation>Von Ihrer Organisation abgelehnt</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Test a host</source>
        <translation>Host testen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>host or host:port, e.g. api.example.com:443</source>
        <translation>Host oder Host:Port, z. B. api.example.com:443</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Questions about other hosts</source>
        <translation>Fragen zu anderen Hosts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>60s (default)</source>
        <translation>60s (Standard)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long a question waits for an answer (1s to 1h); no answer is a deny</source>
        <translation>Wie lange eine Frage auf Antwort wartet (1s bis 1h); keine Antwort gilt als Ablehnung</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default (deny at once)</source>
        <translation>Standard (sofort ablehnen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deny at once</source>
        <translation>Sofort ablehnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait for an answer</source>
        <translation>Auf Antwort warten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happens to a question while no Cordon window is open to answer it</source>
        <translation>Was mit einer Frage geschieht, solange kein Cordon-Fenster zum Antworten offen ist</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default (offered)</source>
        <translation>Standard (angeboten)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offered</source>
        <translation>Angeboten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not offered</source>
        <translation>Nicht angeboten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whether &quot;Always allow&quot; is offered, and answers saved earlier apply</source>
        <translation>Ob „Immer erlauben“ angeboten wird und früher gespeicherte Antworten gelten</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ask &amp;timeout:</source>
        <translation>Frage-&amp;Zeitlimit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With no window &amp;open:</source>
        <translation>Ohne &amp;offenes Fenster:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;Al&amp;ways allow&quot;:</source>
        <translation>„&amp;Immer erlauben“:</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+4"/>
        <location line="+4"/>
        <location line="+61"/>
        <source>changed here</source>
        <translation>hier geändert</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>host:port or *.domain</source>
        <translation>Host:Port oder *.domain</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Each entry: %1</source>
        <translation>Jeder Eintrag: %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1: these hosts are denied in every sandbox, whatever the lists above say</source>
        <translation>%1: Diese Hosts sind in jeder Sandbox abgelehnt, unabhängig von den Listen oben</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+3"/>
        <location line="+2"/>
        <source>In effect: %1, %2</source>
        <translation>Wirksam: %1, %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offered</source>
        <translation>angeboten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not offered</source>
        <translation>nicht angeboten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>at most %1: %2</source>
        <translation>höchstens %1: %2</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Not a port: expected a number from 1 to 65535</source>
        <translation>Kein Port: Zahl von 1 bis 65535 erwartet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cordon would refuse this name: %1</source>
        <translation>Cordon würde diesen Namen ablehnen: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+3"/>
        <source>from this profile</source>
        <translation>aus diesem Profil</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Allow %1: rule %2, %3</source>
        <translation>%1 erlauben: Regel %2, %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deny %1: rule %2, %3</source>
        <translation>%1 ablehnen: Regel %2, %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deny %1: no rule matches, and %2 forbids questions (%3)</source>
        <translation>%1 ablehnen: Keine Regel passt, und %2 verbietet Fragen (%3)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask for %1: no rule matches, so Cordon asks you</source>
        <translation>Nachfragen bei %1: Keine Regel passt, also fragt Cordon Sie</translation>
    </message>
</context>
<context>
    <name>cordon::gui::PathRuleTableModel</name>
    <message>
        <location filename="../app/gui/editor/PathRuleTableModel.cpp" line="+31"/>
        <source>read</source>
        <translation>lesen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>write</source>
        <translation>schreiben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hidden</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>protected</source>
        <translation>geschützt</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>; not applied: %1</source>
        <translation>; nicht angewendet: %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comes from</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>edited here</source>
        <translation>hier bearbeitet</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ProfileEditorDialog</name>
    <message>
        <location filename="../app/gui/editor/ProfileEditorDialog.cpp" line="+50"/>
        <source>New profile</source>
        <translation>Neues Profil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Profile %1</source>
        <translation>Profil %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Your profile: %1</source>
        <translation>Ihr Profil: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A built-in profile. &quot;Save as my own&quot; saves your copy, which is used instead of it.</source>
        <translation>Ein eingebautes Profil. „Als eigenes speichern“ speichert Ihre Kopie, die dann stattdessen verwendet wird.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: this profile can be launched as it is, not changed</source>
        <translation>%1: Dieses Profil kann so gestartet, aber nicht geändert werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Managed: %1</source>
        <translation>Verwaltet: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new profile, not saved yet</source>
        <translation>Ein neues, noch nicht gespeichertes Profil</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&amp;Save as my own</source>
        <translation>Als &amp;eigenes speichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close</source>
        <translation>S&amp;chließen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>your organization manages a profile named &quot;%1&quot; (%2); choose another name</source>
        <translation>Ihre Organisation verwaltet ein Profil namens „%1“ (%2); wählen Sie einen anderen Namen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>you already have a profile named &quot;%1&quot; (%2); choose another name</source>
        <translation>Sie haben bereits ein Profil namens „%1“ (%2); wählen Sie einen anderen Namen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Something on this page needs fixing</source>
        <translation>Auf dieser Seite muss etwas korrigiert werden</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ready to save to %1</source>
        <translation>Bereit zum Speichern nach %1</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n problem(s) to fix before saving. First: %1</source>
        <translation>
            <numerusform>%n Problem vor dem Speichern zu beheben: %1</numerusform>
            <numerusform>%n Probleme vor dem Speichern zu beheben. Zuerst: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fix the marked fields first</source>
        <translation>Korrigieren Sie zuerst die markierten Felder</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The profile cannot be saved: %1</source>
        <translation>Das Profil kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+5"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ProfileListModel</name>
    <message>
        <location filename="../app/gui/models/ProfileListModel.cpp" line="+56"/>
        <source>Managed</source>
        <translation>Verwaltet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yours</source>
        <translation>Eigenes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built-in</source>
        <translation>Eingebaut</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 — locked by your organization: it can be launched, not changed.</source>
        <translation>%1 – von Ihrer Organisation gesperrt: Es kann gestartet, aber nicht geändert werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — managed by your organization: it can be launched, not changed.</source>
        <translation>%1 – von Ihrer Organisation verwaltet: Es kann gestartet, aber nicht geändert werden.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
</context>
<context>
    <name>cordon::gui::RequestNotifier</name>
    <message>
        <location filename="../app/gui/widgets/RequestNotifier.cpp" line="+33"/>
        <source>%1 asks for the secret %2</source>
        <translation>%1 fragt nach dem Geheimnis %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 asks for more time</source>
        <translation>%1 bittet um mehr Zeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 wants to connect to %2</source>
        <translation>%1 möchte sich mit %2 verbinden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asked by %1 in %2</source>
        <translation>Gefragt von %1 in %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deny</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow once</source>
        <translation>Einmal erlauben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SecretsPage</name>
    <message>
        <location filename="../app/gui/editor/SecretsPage.cpp" line="+30"/>
        <source>A&amp;dd secret</source>
        <translation>Geheimnis &amp;hinzufügen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>GITHUB_TOKEN</source>
        <translation>GITHUB_TOKEN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an environment variable</source>
        <translation>eine Umgebungsvariable</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a file</source>
        <translation>eine Datei</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the keyring (Secret Service)</source>
        <translation>der Schlüsselbund (Secret Service)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a variable of Cordon&apos;s environment</source>
        <translation>eine Variable aus Cordons Umgebung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>~/.config/tool/token or /absolute/path</source>
        <translation>~/.config/tool/token oder /absoluter/pfad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bro&amp;wse…</source>
        <translation>Dur&amp;chsuchen …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>attribute=value, one per line, e.g. service=github</source>
        <translation>Attribut=Wert, eines pro Zeile, z. B. service=github</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>as a variable, at launch</source>
        <translation>als Variable, beim Start</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>as a file in /run/cordon/secrets</source>
        <translation>als Datei in /run/cordon/secrets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>when the agent asks (cordon-request)</source>
        <translation>wenn der Agent fragt (cordon-request)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the same as the name</source>
        <translation>wie der Name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1h (default)</source>
        <translation>1h (Standard)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long a delivery holds before it is asked again (1s to 30d)</source>
        <translation>Wie lange eine Übergabe gilt, bevor erneut gefragt wird (1s bis 30d)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Default (not offered)</source>
        <translation>Standard (nicht angeboten)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Offered</source>
        <translation>Angeboten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not offered</source>
        <translation>Nicht angeboten</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;From:</source>
        <translation>&amp;Quelle:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Variable:</source>
        <translation>&amp;Variable:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F&amp;ile:</source>
        <translation>Dat&amp;ei:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyring:</source>
        <translation>&amp;Schlüsselbund:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;eliver:</source>
        <translation>&amp;Übergabe:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Variable &amp;inside:</source>
        <translation>Variable &amp;innen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Holds for:</source>
        <translation>&amp;Gültig für:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;&amp;Always&quot;:</source>
        <translation>„&amp;Immer“:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Secrets:</source>
        <translation>&amp;Geheimnisse:</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Secrets</source>
        <translation>Geheimnisse</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+192"/>
        <source>(no name)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <location line="-173"/>
        <location line="+75"/>
        <source>changed here</source>
        <translation>hier geändert</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Choose the file that holds the secret</source>
        <translation>Datei wählen, die das Geheimnis enthält</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&quot;%1&quot;: expected attribute=value</source>
        <translation>„%1“: Attribut=Wert erwartet</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Also to fix: %1</source>
        <translation>Ebenfalls zu korrigieren: %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SessionModel</name>
    <message>
        <location filename="../app/gui/models/SessionModel.cpp" line="+156"/>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping</source>
        <translation>Wird gestoppt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min %2 s</source>
        <translation>%1 Min. %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Ended (%1)</source>
        <translation>Beendet (%1)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workspace</source>
        <translation>Arbeitsordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Elapsed</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SettingsDialog</name>
    <message>
        <location filename="../app/gui/dialogs/SettingsDialog.cpp" line="+20"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A new language applies when Cordon restarts; Cordon offers to restart at once.</source>
        <translation>Eine neue Sprache gilt nach einem Neustart von Cordon; Cordon bietet an, sofort neu zu starten.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Automatic ($TERMINAL, else the first one found)</source>
        <translation>Automatisch ($TERMINAL, sonst das erste gefundene)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None: run without a terminal</source>
        <translation>Keins: ohne Terminal ausführen</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Terminal:</source>
        <translation>&amp;Terminal:</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Agents start without a terminal: you cannot type into them, and their output goes to the session&apos;s output log.</source>
        <translation>Agenten starten ohne Terminal: Sie können nichts eingeben, und ihre Ausgabe landet im Ausgabeprotokoll der Sitzung.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No terminal emulator found: agents will start without a terminal.</source>
        <translation>Kein Terminal-Emulator gefunden: Agenten starten ohne Terminal.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agents open in: %1</source>
        <translation>Agenten öffnen sich in: %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SocketHelperConnection</name>
    <message>
        <location filename="../app/gui/connection/SocketHelperConnection.cpp" line="+93"/>
        <source>cordon-helper refused this app: %1</source>
        <translation>cordon-helper hat diese App abgewiesen: %1</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No cordon-helper is running and none is installed next to this app.</source>
        <translation>Es läuft kein cordon-helper, und neben dieser App ist keiner installiert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot start cordon-helper: XDG_RUNTIME_DIR is not set.</source>
        <translation>cordon-helper kann nicht gestartet werden: XDG_RUNTIME_DIR ist nicht gesetzt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot start cordon-helper: %1</source>
        <translation>cordon-helper kann nicht gestartet werden: %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TerminalLauncher</name>
    <message>
        <location filename="../app/gui/terminal/TerminalLauncher.cpp" line="+118"/>
        <source>Running agents in a terminal is turned off in Settings.</source>
        <translation>Das Ausführen von Agenten in einem Terminal ist in den Einstellungen abgeschaltet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No terminal emulator was found (tried $TERMINAL, %1).</source>
        <translation>Es wurde kein Terminal-Emulator gefunden (versucht: $TERMINAL, %1).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cordonctl was found neither next to Cordon nor in PATH.</source>
        <translation>cordonctl wurde weder neben Cordon noch im PATH gefunden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 could not be started.</source>
        <translation>%1 konnte nicht gestartet werden.</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TimelineExporter</name>
    <message>
        <location filename="../app/gui/models/TimelineExporter.cpp" line="+24"/>
        <source>An export is already running.</source>
        <translation>Es läuft bereits ein Export.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Export cancelled.</source>
        <translation>Export abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <location line="+35"/>
        <source>%n event(s) exported.</source>
        <translation>
            <numerusform>%n Ereignis exportiert.</numerusform>
            <numerusform>%n Ereignisse exportiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cordon::gui::TimelineModel</name>
    <message>
        <location filename="../app/gui/models/TimelineModel.cpp" line="+278"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
</context>
<context>
    <name>cordon::gui::Translations</name>
    <message>
        <location filename="../app/gui/i18n/Translations.cpp" line="+10"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TrayIcon</name>
    <message>
        <location filename="../app/gui/widgets/TrayIcon.cpp" line="+18"/>
        <source>&amp;Launch</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Show Cordon</source>
        <translation>Cordon &amp;anzeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;top all sessions</source>
        <translation>Alle Sitzungen s&amp;toppen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message numerus="yes">
        <location line="+71"/>
        <source>Cordon: %n request(s) waiting for your answer</source>
        <translation>
            <numerusform>Cordon: %n Anfrage wartet auf Ihre Antwort</numerusform>
            <numerusform>Cordon: %n Anfragen warten auf Ihre Antwort</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Cordon: %n session(s) running</source>
        <translation>
            <numerusform>Cordon: %n Sitzung aktiv</numerusform>
            <numerusform>Cordon: %n Sitzungen aktiv</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cordon: no session running</source>
        <translation>Cordon: keine Sitzung aktiv</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+43"/>
        <source>Cordon: sandboxes for local AI agents</source>
        <translation>Cordon: Sandboxes für lokale KI-Agenten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start in the tray, without the main window.</source>
        <translation>Im Infobereich starten, ohne Hauptfenster.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Do not start cordon-helper when none is running.</source>
        <translation>cordon-helper nicht starten, wenn keiner läuft.</translation>
    </message>
</context>
</TS>
