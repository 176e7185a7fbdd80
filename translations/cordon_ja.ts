<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../app/gui/editor/QtPathChooser.cpp" line="+15"/>
        <source>&amp;Choose</source>
        <translation>選択(&amp;C)</translation>
    </message>
</context>
<context>
    <name>cordon::gui::AdvancedPage</name>
    <message>
        <location filename="../app/gui/editor/AdvancedPage.cpp" line="+36"/>
        <source>one name or glob per line, e.g. LC_*</source>
        <translation>1 行に 1 つの名前またはパターン（例: LC_*）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NAME=value, one per line</source>
        <translation>NAME=値（1 行に 1 つ）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one directory per line, e.g. ~/.local/bin</source>
        <translation>1 行に 1 つのディレクトリ（例: ~/.local/bin）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>workspace-relative paths, one per line</source>
        <translation>ワークスペースからの相対パス（1 行に 1 つ）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protect the &amp;default list (.git/hooks, .envrc, .vscode, …)</source>
        <translation>既定のリストを保護する（.git/hooks、.envrc、.vscode など）(&amp;D)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Environment</source>
        <translation>環境変数</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Let in:</source>
        <translation>引き継ぐ(&amp;L):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Set:</source>
        <translation>設定(&amp;S):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;PATH first:</source>
        <translation>PATH の先頭(&amp;P):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Protected workspace paths (read-only inside)</source>
        <translation>保護するワークスペースのパス（内部では読み取り専用）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layers that may be missing on this machine</source>
        <translation>このマシンで欠けていてもよい保護層</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Land&amp;lock file rules</source>
        <translation>Landlock ファイル規則(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Landlock sco&amp;pes (Linux 6.12+)</source>
        <translation>Landlock スコープ（Linux 6.12 以降）(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>c&amp;group limits</source>
        <translation>cgroup の制限(&amp;G)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cordon&apos;s own &amp;tools on PATH inside (/run/cordon/bin)</source>
        <translation>Cordon のツールを内部の PATH に置く（/run/cordon/bin）(&amp;T)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Advanced</source>
        <translation>詳細</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Always let in: TERM, LANG (built-in default); the rest %1</source>
        <translation>常に引き継ぐもの: TERM、LANG（組み込みの既定値）。その他は %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>built-in default list</source>
        <translation>組み込みの既定リスト</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: every layer is required on this machine (forbidBestEffort)</source>
        <translation>%1: このマシンではすべての保護層が必須です（forbidBestEffort）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: never let in: %2</source>
        <translation>%1: 引き継がないもの: %2</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&quot;%1&quot;: expected NAME=value</source>
        <translation>「%1」: NAME=値 の形式で入力してください</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is set twice; expected each variable once</source>
        <translation>%1 が 2 回設定されています。各変数は 1 回だけ指定してください</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Line %1: %2</source>
        <translation>%1 行目: %2</translation>
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
        <translation>エージェントからの確認</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Asked by:</source>
        <translation>要求元:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Just before, this session:</source>
        <translation>このセッションの直前の動き:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Allow</source>
        <translation>許可</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Deny</source>
        <translation>拒否(&amp;D)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Allow &amp;once</source>
        <translation>今回だけ許可(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow for this &amp;session</source>
        <translation>このセッション中は許可(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Always allow</source>
        <translation>常に許可(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow &amp;more time</source>
        <translation>時間を延長(&amp;M)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deny a&amp;ll</source>
        <translation>すべて拒否(&amp;L)</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>%1 asks for a secret:</source>
        <translation>%1 がシークレットを求めています:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 has reached its time limit and asks for more time.</source>
        <translation>%1 が制限時間に達し、延長を求めています。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 wants to connect to:</source>
        <translation>%1 が接続しようとしています:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More time</source>
        <translation>時間の延長</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Profile %1 · workspace %2 · session %3</source>
        <translation>プロファイル %1 · ワークスペース %2 · セッション %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (pid %2)
%3</source>
        <translation>%1（PID %2）
%3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Only this &amp;host: %1</source>
        <translation>このホストのみ(&amp;H): %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any host in &amp;this domain: %1</source>
        <translation>このドメインの全ホスト(&amp;T): %1</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>(no events seen yet)</source>
        <translation>（まだイベントはありません）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>1 of %1</source>
        <translation>%1 件中 1 件目</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Denied automatically in %1</source>
        <translation>あと %1 で自動的に拒否</translation>
    </message>
</context>
<context>
    <name>cordon::gui::EventPresentation</name>
    <message>
        <location filename="../app/gui/models/EventPresentation.cpp" line="+22"/>
        <source>Launch</source>
        <translation>起動</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Program started</source>
        <translation>プログラム開始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network allowed</source>
        <translation>ネットワーク許可</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network denied</source>
        <translation>ネットワーク拒否</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network asked</source>
        <translation>ネットワーク確認</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret asked</source>
        <translation>シークレット要求</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret granted</source>
        <translation>シークレット許可</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret denied</source>
        <translation>シークレット拒否</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decision</source>
        <translation>判断</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Limit warning</source>
        <translation>制限の警告</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped by a limit</source>
        <translation>制限により停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exit</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>cordon::gui::FieldMarks</name>
    <message>
        <location filename="../app/gui/editor/FieldMarks.cpp" line="+107"/>
        <source>set by your organization</source>
        <translation>組織により設定</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+12"/>
        <source>built-in default</source>
        <translation>組み込みの既定値</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>from this profile (%1)</source>
        <translation>このプロファイルから（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the command line (%1)</source>
        <translation>コマンドラインから（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a saved &quot;always&quot; answer (%1)</source>
        <translation>保存済みの「常に」の回答（%1）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>this profile</source>
        <translation>このプロファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the command line</source>
        <translation>コマンドライン</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a saved &quot;always&quot; answer</source>
        <translation>保存済みの「常に」の回答</translation>
    </message>
</context>
<context>
    <name>cordon::gui::FilesPage</name>
    <message>
        <location filename="../app/gui/editor/FilesPage.cpp" line="+55"/>
        <source>&amp;Add</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>参照(&amp;B)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paths: absolute (/data), in your home (~/.config/x) or in the workspace (build/cache). read: read-only inside; write: read-write; hidden: made inaccessible. F2 edits a cell.</source>
        <translation>パス: 絶対パス（/data）、ホーム内（~/.config/x）、またはワークスペース内（build/cache）。読み取り: 内部では読み取り専用、書き込み: 読み書き可、非表示: アクセス不可。F2 でセルを編集します。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Files</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location line="+60"/>
        <location line="+16"/>
        <source>edited here</source>
        <translation>ここで編集</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Choose a file or folder</source>
        <translation>ファイルまたはフォルダーを選択</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Row %1 (%2): %3</source>
        <translation>%1 行目（%2）: %3</translation>
    </message>
</context>
<context>
    <name>cordon::gui::GeneralPage</name>
    <message>
        <location filename="../app/gui/editor/GeneralPage.cpp" line="+22"/>
        <source>my-agent</source>
        <translation>my-agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1-64 characters of a-z, 0-9 and &apos;-&apos;; also the file name of the profile</source>
        <translation>a-z、0-9、「-」で 1〜64 文字。プロファイルのファイル名にもなります</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>My agent</source>
        <translation>マイエージェント</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the program and its arguments, e.g. claude --verbose</source>
        <translation>プログラムと引数（例: claude --verbose）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run when no command is given at launch. Quote arguments that contain spaces.</source>
        <translation>起動時にコマンドを指定しなかったときに実行されます。空白を含む引数は引用符で囲んでください。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Display name:</source>
        <translation>表示名(&amp;D):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Icon:</source>
        <translation>アイコン(&amp;I):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Command:</source>
        <translation>コマンド(&amp;C):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;escription:</source>
        <translation>説明(&amp;E):</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>General</source>
        <translation>全般</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+2"/>
        <source>Where these values come from: %1</source>
        <translation>これらの値の出どころ: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new profile, not saved yet</source>
        <translation>新しいプロファイル（未保存）</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>expected the program and its arguments</source>
        <translation>プログラムと引数を入力してください</translation>
    </message>
</context>
<context>
    <name>cordon::gui::GrantModel</name>
    <message>
        <location filename="../app/gui/models/GrantModel.cpp" line="+86"/>
        <source>For this session</source>
        <translation>このセッション中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Always</source>
        <translation>常に</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Session %1</source>
        <translation>セッション %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile %1</source>
        <translation>プロファイル %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The profile</source>
        <translation>プロファイル</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Allowed</source>
        <translation>許可したもの</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For how long</source>
        <translation>期間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies to</source>
        <translation>対象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>許可した人</translation>
    </message>
</context>
<context>
    <name>cordon::gui::HelperConnection</name>
    <message>
        <location filename="../app/gui/connection/HelperConnection.cpp" line="+14"/>
        <source>Not connected to cordon-helper.</source>
        <translation>cordon-helper に接続していません。</translation>
    </message>
</context>
<context>
    <name>cordon::gui::LimitsPage</name>
    <message>
        <location filename="../app/gui/editor/LimitsPage.cpp" line="+23"/>
        <source>&amp;Time:</source>
        <translation>時間(&amp;T):</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <source>no limit</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>a duration: 30s, 10m, 2h, 1d (1s to 366d)</source>
        <translation>時間の長さ: 30s、10m、2h、1d（1s〜366d）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Memory:</source>
        <translation>メモリ(&amp;M):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a size: 512M, 4G (16M to 1T)</source>
        <translation>サイズ: 512M、4G（16M〜1T）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Processes:</source>
        <translation>プロセス(&amp;P):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tasks at once (8 to 4194304)</source>
        <translation>同時タスク数（8〜4194304）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;CPUs:</source>
        <translation>CPU(&amp;C):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a number of CPUs: 0.5, 2 (up to 1024)</source>
        <translation>CPU 数: 0.5、2（最大 1024）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open files:</source>
        <translation>開けるファイル数(&amp;O):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>16 to 1048576</source>
        <translation>16〜1048576</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File size:</source>
        <translation>ファイルサイズ(&amp;F):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>largest file the agent may write (1M to 1024T)</source>
        <translation>エージェントが書き込める最大ファイルサイズ（1M〜1024T）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporary &amp;space:</source>
        <translation>一時領域(&amp;S):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1G (default)</source>
        <translation>1G（既定）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>size of /tmp and the home inside (1M to 1T)</source>
        <translation>内部の /tmp とホームのサイズ（1M〜1T）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Time, memory, processes, CPU</source>
        <translation>時間・メモリ・プロセス・CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files and temporary space</source>
        <translation>ファイルと一時領域</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>changed here</source>
        <translation>ここで変更</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Limits</source>
        <translation>制限</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>In effect: %1, %2</source>
        <translation>適用中: %1、%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In effect: no limit</source>
        <translation>適用中: 制限なし</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at most %1: %2</source>
        <translation>最大 %1: %2</translation>
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
        <translation>セッション(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Timeline</source>
        <translation>タイムライン(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Grants</source>
        <translation>許可一覧(&amp;G)</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+427"/>
        <location line="+9"/>
        <source>Profiles</source>
        <translation>プロファイル</translation>
    </message>
    <message>
        <location line="-423"/>
        <source>&amp;Workspace:</source>
        <translation>ワークスペース(&amp;W):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the project folder</source>
        <translation>プロジェクトのフォルダーを選択</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>参照(&amp;B)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Launch</source>
        <translation>起動(&amp;L)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;New…</source>
        <translation>新規(&amp;N)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+559"/>
        <source>&amp;Edit…</source>
        <translation>編集(&amp;E)…</translation>
    </message>
    <message>
        <location line="-557"/>
        <source>Se&amp;ttings…</source>
        <translation>設定(&amp;T)…</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>No sessions yet.
Pick a profile, choose its workspace and press Launch.</source>
        <translation>まだセッションはありません。
プロファイルとワークスペースを選んで「起動」を押してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop &amp;all</source>
        <translation>すべて停止(&amp;A)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>All kinds</source>
        <translation>すべての種類</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Filter by host, program, secret…</source>
        <translation>ホスト、プログラム、シークレットで絞り込み…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Follow</source>
        <translation>追従(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show new events as they happen and keep the newest in view.</source>
        <translation>新しいイベントをすぐに表示し、最新のものを表示し続けます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save every event matching the filter as JSON Lines.</source>
        <translation>フィルターに一致するすべてのイベントを JSON Lines で保存します。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Select an event to see all of it.</source>
        <translation>イベントを選択すると全体が表示されます。</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Exporting… %n event(s)</source>
        <translation>
            <numerusform>エクスポート中… %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export failed: %1</source>
        <translation>エクスポートに失敗しました: %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Nothing has been allowed beyond the profiles.
What you allow for a session or always shows here, and can be revoked.</source>
        <translation>プロファイル以外に許可したものはありません。
セッション中または常に許可したものがここに表示され、取り消せます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Revoke</source>
        <translation>取り消し(&amp;R)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Revoke</source>
        <translation>取り消し</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The grant could not be revoked: %1</source>
        <translation>許可を取り消せませんでした: %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <location line="+19"/>
        <source>Workspace for %1</source>
        <translation>%1 のワークスペース</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 opened in a terminal.</source>
        <translation>%1 を端末で開きました。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No terminal</source>
        <translation>端末がありません</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1

Launch %2 without a terminal? You will not be able to type into it. Its output goes to the session&apos;s output log: output/SESSION.log in the helper&apos;s state directory (~/.local/state/cordon/output/ for your own helper).

Settings lets you choose a terminal emulator.</source>
        <translation>%1

%2 を端末なしで起動しますか？ 入力はできません。出力はセッションの出力ログ（helper の状態ディレクトリ内の output/SESSION.log、自分の helper なら ~/.local/state/cordon/output/）に保存されます。

端末エミュレーターは「設定」で選べます。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Launching %1…</source>
        <translation>%1 を起動しています…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Launch</source>
        <translation>起動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 could not be launched:
%2</source>
        <translation>%1 を起動できませんでした:
%2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 launched.</source>
        <translation>%1 を起動しました。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Restart Cordon?</source>
        <translation>Cordon を再起動しますか?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart Cordon now in the new language? Running sessions keep running: they belong to cordon-helper, not to this window.</source>
        <translation>新しい言語で Cordon を今すぐ再起動しますか? 実行中のセッションはそのまま続きます。セッションはこのウィンドウではなく cordon-helper に属しています。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Stop all</source>
        <translation>すべて停止</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>Stop all %n running session(s)?</source>
        <translation>
            <numerusform>実行中の %n 個のセッションをすべて停止しますか？</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Your organization&apos;s policy cannot be read, so profiles cannot be edited:
%1</source>
        <translation>組織のポリシーを読み込めないため、プロファイルを編集できません:
%1</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+6"/>
        <source>Export timeline</source>
        <translation>タイムラインをエクスポート</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot export to %1: %2</source>
        <translation>%1 にエクスポートできません: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Quit Cordon</source>
        <translation>Cordon を終了</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n session(s) still running. Stop them before quitting?
Sessions you keep go on running; Cordon shows them again when you start it.</source>
        <translation>
            <numerusform>%n 個のセッションが実行中です。終了する前に停止しますか？
残したセッションは実行を続け、次に Cordon を起動したときに再び表示されます。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+48"/>
        <source>All sessions</source>
        <translation>すべてのセッション</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Connected to %1</source>
        <translation>%1 に接続済み</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting cordon-helper…</source>
        <translation>cordon-helper を起動しています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting to cordon-helper…</source>
        <translation>cordon-helper に接続しています…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not connected to cordon-helper; retrying…</source>
        <translation>cordon-helper に接続していません。再試行しています…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Loading events…</source>
        <translation>イベントを読み込んでいます…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No events in the last minutes; new ones appear here as they happen.</source>
        <translation>ここ数分のイベントはありません。新しいイベントはここに表示されます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No events match.</source>
        <translation>一致するイベントはありません。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Showing the latest %n event(s); older ones stay in the journal.</source>
        <translation>
            <numerusform>最新の %n 件のイベントを表示しています。それより古いものはジャーナルに残っています。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Events shown: %1</source>
        <translation>表示中のイベント: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;View…</source>
        <translation>表示(&amp;V)…</translation>
    </message>
</context>
<context>
    <name>cordon::gui::NetworkPage</name>
    <message>
        <location filename="../app/gui/editor/NetworkPage.cpp" line="+35"/>
        <source>&amp;Allowed hosts</source>
        <translation>許可するホスト(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Denied hosts</source>
        <translation>拒否するホスト(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Denied by your organization</source>
        <translation>組織により拒否</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Test a host</source>
        <translation>ホストをテスト</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>host or host:port, e.g. api.example.com:443</source>
        <translation>ホストまたはホスト:ポート（例: api.example.com:443）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Host:</source>
        <translation>ホスト(&amp;H):</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Questions about other hosts</source>
        <translation>その他のホストについての確認</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>60s (default)</source>
        <translation>60s（既定）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long a question waits for an answer (1s to 1h); no answer is a deny</source>
        <translation>確認が回答を待つ時間（1s〜1h）。回答がなければ拒否されます</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default (deny at once)</source>
        <translation>既定（すぐに拒否）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deny at once</source>
        <translation>すぐに拒否</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait for an answer</source>
        <translation>回答を待つ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happens to a question while no Cordon window is open to answer it</source>
        <translation>回答できる Cordon のウィンドウがないときの確認の扱い</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default (offered)</source>
        <translation>既定（表示する）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offered</source>
        <translation>表示する</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not offered</source>
        <translation>表示しない</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whether &quot;Always allow&quot; is offered, and answers saved earlier apply</source>
        <translation>「常に許可」を表示し、保存済みの回答を適用するかどうか</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ask &amp;timeout:</source>
        <translation>確認のタイムアウト(&amp;T):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With no window &amp;open:</source>
        <translation>ウィンドウがないとき(&amp;O):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;Al&amp;ways allow&quot;:</source>
        <translation>「常に許可」(&amp;W):</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+4"/>
        <location line="+4"/>
        <location line="+61"/>
        <source>changed here</source>
        <translation>ここで変更</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>host:port or *.domain</source>
        <translation>ホスト:ポート または *.ドメイン</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Each entry: %1</source>
        <translation>各項目: %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1: these hosts are denied in every sandbox, whatever the lists above say</source>
        <translation>%1: 上のリストにかかわらず、これらのホストはすべてのサンドボックスで拒否されます</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+3"/>
        <location line="+2"/>
        <source>In effect: %1, %2</source>
        <translation>適用中: %1、%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offered</source>
        <translation>表示する</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not offered</source>
        <translation>表示しない</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>at most %1: %2</source>
        <translation>最大 %1: %2</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Not a port: expected a number from 1 to 65535</source>
        <translation>ポートではありません。1〜65535 の数値を入力してください</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cordon would refuse this name: %1</source>
        <translation>Cordon はこの名前を受け付けません: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+3"/>
        <source>from this profile</source>
        <translation>このプロファイルから</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Allow %1: rule %2, %3</source>
        <translation>%1 を許可: 規則 %2、%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deny %1: rule %2, %3</source>
        <translation>%1 を拒否: 規則 %2、%3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deny %1: no rule matches, and %2 forbids questions (%3)</source>
        <translation>%1 を拒否: 一致する規則がなく、%2 が確認を禁止しています（%3）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask for %1: no rule matches, so Cordon asks you</source>
        <translation>%1 は確認: 一致する規則がないため、Cordon があなたに確認します</translation>
    </message>
</context>
<context>
    <name>cordon::gui::PathRuleTableModel</name>
    <message>
        <location filename="../app/gui/editor/PathRuleTableModel.cpp" line="+31"/>
        <source>read</source>
        <translation>読み取り</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>write</source>
        <translation>書き込み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hidden</source>
        <translation>非表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>protected</source>
        <translation>保護</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>; not applied: %1</source>
        <translation>。適用されません: %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Path</source>
        <translation>パス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access</source>
        <translation>アクセス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comes from</source>
        <translation>出どころ</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>edited here</source>
        <translation>ここで編集</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ProfileEditorDialog</name>
    <message>
        <location filename="../app/gui/editor/ProfileEditorDialog.cpp" line="+50"/>
        <source>New profile</source>
        <translation>新しいプロファイル</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Profile %1</source>
        <translation>プロファイル %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Your profile: %1</source>
        <translation>あなたのプロファイル: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A built-in profile. &quot;Save as my own&quot; saves your copy, which is used instead of it.</source>
        <translation>組み込みのプロファイルです。「自分用に保存」でコピーを保存すると、以後はそちらが使われます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: this profile can be launched as it is, not changed</source>
        <translation>%1: このプロファイルはそのまま起動できますが、変更はできません</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Managed: %1</source>
        <translation>管理対象: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new profile, not saved yet</source>
        <translation>新しいプロファイル（未保存）</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&amp;Save as my own</source>
        <translation>自分用に保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close</source>
        <translation>閉じる(&amp;C)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>your organization manages a profile named &quot;%1&quot; (%2); choose another name</source>
        <translation>組織が「%1」という名前のプロファイルを管理しています（%2）。別の名前を選んでください</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>you already have a profile named &quot;%1&quot; (%2); choose another name</source>
        <translation>「%1」という名前のプロファイルはすでにあります（%2）。別の名前を選んでください</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Something on this page needs fixing</source>
        <translation>このページに修正が必要な項目があります</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ready to save to %1</source>
        <translation>%1 に保存できます</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n problem(s) to fix before saving. First: %1</source>
        <translation>
            <numerusform>保存する前に修正が必要な問題が %n 件あります。最初の問題: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fix the marked fields first</source>
        <translation>先に印の付いた項目を修正してください</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The profile cannot be saved: %1</source>
        <translation>プロファイルを保存できません: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot create %1</source>
        <translation>%1 を作成できません</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+5"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ProfileListModel</name>
    <message>
        <location filename="../app/gui/models/ProfileListModel.cpp" line="+56"/>
        <source>Managed</source>
        <translation>管理対象</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yours</source>
        <translation>あなたの</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built-in</source>
        <translation>組み込み</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 — locked by your organization: it can be launched, not changed.</source>
        <translation>%1 — 組織によりロックされています。起動はできますが、変更はできません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — managed by your organization: it can be launched, not changed.</source>
        <translation>%1 — 組織が管理しています。起動はできますが、変更はできません。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Profile</source>
        <translation>プロファイル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Source</source>
        <translation>出どころ</translation>
    </message>
</context>
<context>
    <name>cordon::gui::RequestNotifier</name>
    <message>
        <location filename="../app/gui/widgets/RequestNotifier.cpp" line="+33"/>
        <source>%1 asks for the secret %2</source>
        <translation>%1 がシークレット %2 を求めています</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 asks for more time</source>
        <translation>%1 が時間の延長を求めています</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 wants to connect to %2</source>
        <translation>%1 が %2 に接続しようとしています</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asked by %1 in %2</source>
        <translation>%2 の %1 からの要求</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deny</source>
        <translation>拒否</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow once</source>
        <translation>今回だけ許可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>表示</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SecretsPage</name>
    <message>
        <location filename="../app/gui/editor/SecretsPage.cpp" line="+30"/>
        <source>A&amp;dd secret</source>
        <translation>シークレットを追加(&amp;D)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;move</source>
        <translation>削除(&amp;M)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>GITHUB_TOKEN</source>
        <translation>GITHUB_TOKEN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an environment variable</source>
        <translation>環境変数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a file</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the keyring (Secret Service)</source>
        <translation>キーリング（Secret Service）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a variable of Cordon&apos;s environment</source>
        <translation>Cordon の環境変数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>~/.config/tool/token or /absolute/path</source>
        <translation>~/.config/tool/token または /絶対/パス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bro&amp;wse…</source>
        <translation>参照(&amp;W)…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>attribute=value, one per line, e.g. service=github</source>
        <translation>属性=値（1 行に 1 つ、例: service=github）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>as a variable, at launch</source>
        <translation>起動時に変数として</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>as a file in /run/cordon/secrets</source>
        <translation>/run/cordon/secrets 内のファイルとして</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>when the agent asks (cordon-request)</source>
        <translation>エージェントが要求したとき（cordon-request）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the same as the name</source>
        <translation>名前と同じ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1h (default)</source>
        <translation>1h（既定）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long a delivery holds before it is asked again (1s to 30d)</source>
        <translation>再確認までの受け渡しの有効期間（1s〜30d）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Default (not offered)</source>
        <translation>既定（表示しない）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Offered</source>
        <translation>表示する</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not offered</source>
        <translation>表示しない</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;From:</source>
        <translation>取得元(&amp;F):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Variable:</source>
        <translation>変数(&amp;V):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F&amp;ile:</source>
        <translation>ファイル(&amp;I):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyring:</source>
        <translation>キーリング(&amp;K):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;eliver:</source>
        <translation>受け渡し(&amp;E):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Variable &amp;inside:</source>
        <translation>内部の変数名(&amp;I):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Holds for:</source>
        <translation>有効期間(&amp;H):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;&amp;Always&quot;:</source>
        <translation>「常に」(&amp;A):</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Secrets:</source>
        <translation>シークレット(&amp;S):</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Secrets</source>
        <translation>シークレット</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+192"/>
        <source>(no name)</source>
        <translation>（名前なし）</translation>
    </message>
    <message>
        <location line="-173"/>
        <location line="+75"/>
        <source>changed here</source>
        <translation>ここで変更</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Choose the file that holds the secret</source>
        <translation>シークレットを含むファイルを選択</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&quot;%1&quot;: expected attribute=value</source>
        <translation>「%1」: 属性=値 の形式で入力してください</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Also to fix: %1</source>
        <translation>ほかにも修正が必要: %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SessionModel</name>
    <message>
        <location filename="../app/gui/models/SessionModel.cpp" line="+156"/>
        <source>Starting</source>
        <translation>起動中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ended</source>
        <translation>終了</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 h %2 min</source>
        <translation>%1時間%2分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min %2 s</source>
        <translation>%1分%2秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s</source>
        <translation>%1秒</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Ended (%1)</source>
        <translation>終了（%1）</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Profile</source>
        <translation>プロファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workspace</source>
        <translation>ワークスペース</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>開始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Elapsed</source>
        <translation>経過時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests</source>
        <translation>要求</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SettingsDialog</name>
    <message>
        <location filename="../app/gui/dialogs/SettingsDialog.cpp" line="+20"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A new language applies when Cordon restarts; Cordon offers to restart at once.</source>
        <translation>新しい言語は Cordon の再起動後に適用されます。すぐに再起動することもできます。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Automatic ($TERMINAL, else the first one found)</source>
        <translation>自動（$TERMINAL、なければ最初に見つかったもの）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None: run without a terminal</source>
        <translation>なし: 端末なしで実行</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Terminal:</source>
        <translation>端末(&amp;T):</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Agents start without a terminal: you cannot type into them, and their output goes to the session&apos;s output log.</source>
        <translation>エージェントは端末なしで起動します。入力はできず、出力はセッションの出力ログに保存されます。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No terminal emulator found: agents will start without a terminal.</source>
        <translation>端末エミュレーターが見つかりません。エージェントは端末なしで起動します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agents open in: %1</source>
        <translation>エージェントを開く端末: %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SocketHelperConnection</name>
    <message>
        <location filename="../app/gui/connection/SocketHelperConnection.cpp" line="+93"/>
        <source>cordon-helper refused this app: %1</source>
        <translation>cordon-helper がこのアプリを拒否しました: %1</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No cordon-helper is running and none is installed next to this app.</source>
        <translation>cordon-helper が実行されておらず、このアプリと同じ場所にもインストールされていません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot start cordon-helper: XDG_RUNTIME_DIR is not set.</source>
        <translation>cordon-helper を起動できません: XDG_RUNTIME_DIR が設定されていません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot start cordon-helper: %1</source>
        <translation>cordon-helper を起動できません: %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TerminalLauncher</name>
    <message>
        <location filename="../app/gui/terminal/TerminalLauncher.cpp" line="+118"/>
        <source>Running agents in a terminal is turned off in Settings.</source>
        <translation>「設定」で端末での実行がオフになっています。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No terminal emulator was found (tried $TERMINAL, %1).</source>
        <translation>端末エミュレーターが見つかりませんでした（試したもの: $TERMINAL、%1）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cordonctl was found neither next to Cordon nor in PATH.</source>
        <translation>cordonctl が Cordon と同じ場所にも PATH にも見つかりません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 could not be started.</source>
        <translation>%1 を起動できませんでした。</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TimelineExporter</name>
    <message>
        <location filename="../app/gui/models/TimelineExporter.cpp" line="+24"/>
        <source>An export is already running.</source>
        <translation>すでにエクスポート中です。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Export cancelled.</source>
        <translation>エクスポートを取り消しました。</translation>
    </message>
    <message numerus="yes">
        <location line="+35"/>
        <source>%n event(s) exported.</source>
        <translation>
            <numerusform>%n 件のイベントをエクスポートしました。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cordon::gui::TimelineModel</name>
    <message>
        <location filename="../app/gui/models/TimelineModel.cpp" line="+278"/>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session</source>
        <translation>セッション</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
</context>
<context>
    <name>cordon::gui::Translations</name>
    <message>
        <location filename="../app/gui/i18n/Translations.cpp" line="+10"/>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TrayIcon</name>
    <message>
        <location filename="../app/gui/widgets/TrayIcon.cpp" line="+18"/>
        <source>&amp;Launch</source>
        <translation>起動(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Show Cordon</source>
        <translation>Cordon を表示(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;top all sessions</source>
        <translation>すべてのセッションを停止(&amp;T)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message numerus="yes">
        <location line="+71"/>
        <source>Cordon: %n request(s) waiting for your answer</source>
        <translation>
            <numerusform>Cordon: %n 件の要求が回答を待っています</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Cordon: %n session(s) running</source>
        <translation>
            <numerusform>Cordon: %n 個のセッションを実行中</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cordon: no session running</source>
        <translation>Cordon: 実行中のセッションはありません</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+43"/>
        <source>Cordon: sandboxes for local AI agents</source>
        <translation>Cordon: ローカル AI エージェントのためのサンドボックス</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start in the tray, without the main window.</source>
        <translation>メインウィンドウを開かず、トレイで起動します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Do not start cordon-helper when none is running.</source>
        <translation>cordon-helper が実行されていなくても起動しません。</translation>
    </message>
</context>
</TS>
