<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en">
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../app/gui/editor/QtPathChooser.cpp" line="+15"/>
        <source>&amp;Choose</source>
        <translation>&amp;Elegir</translation>
    </message>
</context>
<context>
    <name>cordon::gui::AdvancedPage</name>
    <message>
        <location filename="../app/gui/editor/AdvancedPage.cpp" line="+36"/>
        <source>one name or glob per line, e.g. LC_*</source>
        <translation>un nombre o patrón por línea, p. ej. LC_*</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NAME=value, one per line</source>
        <translation>NOMBRE=valor, uno por línea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one directory per line, e.g. ~/.local/bin</source>
        <translation>una carpeta por línea, p. ej. ~/.local/bin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>workspace-relative paths, one per line</source>
        <translation>rutas relativas al espacio de trabajo, una por línea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protect the &amp;default list (.git/hooks, .envrc, .vscode, …)</source>
        <translation>Proteger la lista pre&amp;determinada (.git/hooks, .envrc, .vscode, …)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Environment</source>
        <translation>Entorno</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Let in:</source>
        <translation>&amp;Dejar pasar:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Set:</source>
        <translation>&amp;Establecer:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;PATH first:</source>
        <translation>&amp;PATH primero:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Protected workspace paths (read-only inside)</source>
        <translation>Rutas protegidas del espacio de trabajo (solo lectura dentro)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layers that may be missing on this machine</source>
        <translation>Capas que pueden faltar en este equipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Land&amp;lock file rules</source>
        <translation>Reglas de archivos de Land&amp;lock</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Landlock sco&amp;pes (Linux 6.12+)</source>
        <translation>Á&amp;mbitos de Landlock (Linux 6.12+)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>c&amp;group limits</source>
        <translation>Límites de c&amp;group</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cordon&apos;s own &amp;tools on PATH inside (/run/cordon/bin)</source>
        <translation>&amp;Herramientas de Cordon en el PATH dentro (/run/cordon/bin)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Advanced</source>
        <translation>Avanzado</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Always let in: TERM, LANG (built-in default); the rest %1</source>
        <translation>Siempre se dejan pasar: TERM, LANG (predeterminado integrado); el resto %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>built-in default list</source>
        <translation>lista predeterminada integrada</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: every layer is required on this machine (forbidBestEffort)</source>
        <translation>%1: todas las capas son obligatorias en este equipo (forbidBestEffort)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: never let in: %2</source>
        <translation>%1: nunca se dejan pasar: %2</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&quot;%1&quot;: expected NAME=value</source>
        <translation>«%1»: se esperaba NOMBRE=valor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is set twice; expected each variable once</source>
        <translation>%1 está definida dos veces; cada variable debe aparecer una sola vez</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Line %1: %2</source>
        <translation>Línea %1: %2</translation>
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
        <translation>Un agente pregunta</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Asked by:</source>
        <translation>Lo pide:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Just before, this session:</source>
        <translation>Justo antes, en esta sesión:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Allow</source>
        <translation>Permitir</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Deny</source>
        <translation>&amp;Denegar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Allow &amp;once</source>
        <translation>Permitir una &amp;vez</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow for this &amp;session</source>
        <translation>Permitir en esta &amp;sesión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Always allow</source>
        <translation>Permitir &amp;siempre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow &amp;more time</source>
        <translation>Dar &amp;más tiempo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deny a&amp;ll</source>
        <translation>Denegar t&amp;odo</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>%1 asks for a secret:</source>
        <translation>%1 pide un secreto:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 has reached its time limit and asks for more time.</source>
        <translation>%1 ha llegado a su límite de tiempo y pide más tiempo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 wants to connect to:</source>
        <translation>%1 quiere conectarse a:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More time</source>
        <translation>Más tiempo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Profile %1 · workspace %2 · session %3</source>
        <translation>Perfil %1 · espacio de trabajo %2 · sesión %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (pid %2)
%3</source>
        <translation>%1 (pid %2)
%3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Only this &amp;host: %1</source>
        <translation>Solo este &amp;host: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any host in &amp;this domain: %1</source>
        <translation>Cualquier host de este &amp;dominio: %1</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>(no events seen yet)</source>
        <translation>(todavía no hay eventos)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>1 of %1</source>
        <translation>1 de %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Denied automatically in %1</source>
        <translation>Se denegará automáticamente en %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::EventPresentation</name>
    <message>
        <location filename="../app/gui/models/EventPresentation.cpp" line="+22"/>
        <source>Launch</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Program started</source>
        <translation>Programa iniciado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network allowed</source>
        <translation>Red permitida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network denied</source>
        <translation>Red denegada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network asked</source>
        <translation>Red consultada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret asked</source>
        <translation>Secreto solicitado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret granted</source>
        <translation>Secreto concedido</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret denied</source>
        <translation>Secreto denegado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Limit warning</source>
        <translation>Aviso de límite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped by a limit</source>
        <translation>Detenido por un límite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exit</source>
        <translation>Salida</translation>
    </message>
</context>
<context>
    <name>cordon::gui::FieldMarks</name>
    <message>
        <location filename="../app/gui/editor/FieldMarks.cpp" line="+107"/>
        <source>set by your organization</source>
        <translation>establecido por su organización</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+12"/>
        <source>built-in default</source>
        <translation>predeterminado integrado</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>from this profile (%1)</source>
        <translation>de este perfil (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the command line (%1)</source>
        <translation>de la línea de órdenes (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a saved &quot;always&quot; answer (%1)</source>
        <translation>una respuesta «siempre» guardada (%1)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>this profile</source>
        <translation>este perfil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the command line</source>
        <translation>la línea de órdenes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a saved &quot;always&quot; answer</source>
        <translation>una respuesta «siempre» guardada</translation>
    </message>
</context>
<context>
    <name>cordon::gui::FilesPage</name>
    <message>
        <location filename="../app/gui/editor/FilesPage.cpp" line="+55"/>
        <source>&amp;Add</source>
        <translation>&amp;Añadir</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paths: absolute (/data), in your home (~/.config/x) or in the workspace (build/cache). read: read-only inside; write: read-write; hidden: made inaccessible. F2 edits a cell.</source>
        <translation>Rutas: absolutas (/data), en su carpeta personal (~/.config/x) o en el espacio de trabajo (build/cache). Lectura: solo lectura dentro; escritura: lectura y escritura; oculto: inaccesible. F2 edita una celda.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <location line="+60"/>
        <location line="+16"/>
        <source>edited here</source>
        <translation>editado aquí</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Choose a file or folder</source>
        <translation>Elegir un archivo o una carpeta</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Row %1 (%2): %3</source>
        <translation>Fila %1 (%2): %3</translation>
    </message>
</context>
<context>
    <name>cordon::gui::GeneralPage</name>
    <message>
        <location filename="../app/gui/editor/GeneralPage.cpp" line="+22"/>
        <source>my-agent</source>
        <translation>mi-agente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1-64 characters of a-z, 0-9 and &apos;-&apos;; also the file name of the profile</source>
        <translation>de 1 a 64 caracteres entre a-z, 0-9 y «-»; también es el nombre de archivo del perfil</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>My agent</source>
        <translation>Mi agente</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the program and its arguments, e.g. claude --verbose</source>
        <translation>el programa y sus argumentos, p. ej. claude --verbose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run when no command is given at launch. Quote arguments that contain spaces.</source>
        <translation>Se ejecuta cuando no se indica ninguna orden al iniciar. Ponga entre comillas los argumentos con espacios.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Display name:</source>
        <translation>Nombre &amp;visible:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Icon:</source>
        <translation>&amp;Icono:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Command:</source>
        <translation>&amp;Orden:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;escription:</source>
        <translation>D&amp;escripción:</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+2"/>
        <source>Where these values come from: %1</source>
        <translation>Origen de estos valores: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new profile, not saved yet</source>
        <translation>Un perfil nuevo, aún sin guardar</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>expected the program and its arguments</source>
        <translation>se esperaba el programa y sus argumentos</translation>
    </message>
</context>
<context>
    <name>cordon::gui::GrantModel</name>
    <message>
        <location filename="../app/gui/models/GrantModel.cpp" line="+86"/>
        <source>For this session</source>
        <translation>Para esta sesión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Always</source>
        <translation>Siempre</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Session %1</source>
        <translation>Sesión %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile %1</source>
        <translation>Perfil %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The profile</source>
        <translation>El perfil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>You</source>
        <translation>Usted</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Allowed</source>
        <translation>Permitido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For how long</source>
        <translation>Duración</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies to</source>
        <translation>Se aplica a</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>Por</translation>
    </message>
</context>
<context>
    <name>cordon::gui::HelperConnection</name>
    <message>
        <location filename="../app/gui/connection/HelperConnection.cpp" line="+14"/>
        <source>Not connected to cordon-helper.</source>
        <translation>Sin conexión con cordon-helper.</translation>
    </message>
</context>
<context>
    <name>cordon::gui::LimitsPage</name>
    <message>
        <location filename="../app/gui/editor/LimitsPage.cpp" line="+23"/>
        <source>&amp;Time:</source>
        <translation>&amp;Tiempo:</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <source>no limit</source>
        <translation>sin límite</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>a duration: 30s, 10m, 2h, 1d (1s to 366d)</source>
        <translation>una duración: 30s, 10m, 2h, 1d (de 1s a 366d)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Memory:</source>
        <translation>&amp;Memoria:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a size: 512M, 4G (16M to 1T)</source>
        <translation>un tamaño: 512M, 4G (de 16M a 1T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Processes:</source>
        <translation>&amp;Procesos:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tasks at once (8 to 4194304)</source>
        <translation>tareas a la vez (de 8 a 4194304)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;CPUs:</source>
        <translation>&amp;CPU:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a number of CPUs: 0.5, 2 (up to 1024)</source>
        <translation>un número de CPU: 0.5, 2 (hasta 1024)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open files:</source>
        <translation>Archivos &amp;abiertos:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>16 to 1048576</source>
        <translation>de 16 a 1048576</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File size:</source>
        <translation>Tamaño de a&amp;rchivo:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>largest file the agent may write (1M to 1024T)</source>
        <translation>archivo más grande que el agente puede escribir (de 1M a 1024T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporary &amp;space:</source>
        <translation>&amp;Espacio temporal:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1G (default)</source>
        <translation>1G (predeterminado)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>size of /tmp and the home inside (1M to 1T)</source>
        <translation>tamaño de /tmp y de la carpeta personal dentro (de 1M a 1T)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Time, memory, processes, CPU</source>
        <translation>Tiempo, memoria, procesos, CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files and temporary space</source>
        <translation>Archivos y espacio temporal</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>changed here</source>
        <translation>cambiado aquí</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Limits</source>
        <translation>Límites</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>In effect: %1, %2</source>
        <translation>En vigor: %1, %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In effect: no limit</source>
        <translation>En vigor: sin límite</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at most %1: %2</source>
        <translation>como máximo %1: %2</translation>
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
        <translation>&amp;Sesiones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Timeline</source>
        <translation>&amp;Cronología</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Grants</source>
        <translation>&amp;Permisos</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+427"/>
        <location line="+9"/>
        <source>Profiles</source>
        <translation>Perfiles</translation>
    </message>
    <message>
        <location line="-423"/>
        <source>&amp;Workspace:</source>
        <translation>Espacio de &amp;trabajo:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the project folder</source>
        <translation>Elija la carpeta del proyecto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Launch</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;New…</source>
        <translation>&amp;Nuevo…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+559"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <location line="-557"/>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Ajustes…</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>No sessions yet.
Pick a profile, choose its workspace and press Launch.</source>
        <translation>Todavía no hay sesiones.
Elija un perfil y su espacio de trabajo y pulse Iniciar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>St&amp;op</source>
        <translation>&amp;Detener</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop &amp;all</source>
        <translation>Detener &amp;todas</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>All kinds</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Filter by host, program, secret…</source>
        <translation>Filtrar por host, programa, secreto…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Follow</source>
        <translation>&amp;Seguir</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show new events as they happen and keep the newest in view.</source>
        <translation>Mostrar los eventos nuevos al momento y mantener a la vista el más reciente.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save every event matching the filter as JSON Lines.</source>
        <translation>Guardar todos los eventos que coinciden con el filtro como JSON Lines.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Select an event to see all of it.</source>
        <translation>Seleccione un evento para verlo completo.</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Exporting… %n event(s)</source>
        <translation>
            <numerusform>Exportando… %n evento</numerusform>
            <numerusform>Exportando… %n eventos</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export failed: %1</source>
        <translation>Error al exportar: %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Nothing has been allowed beyond the profiles.
What you allow for a session or always shows here, and can be revoked.</source>
        <translation>No se ha permitido nada más allá de los perfiles.
Lo que permita para una sesión o para siempre aparece aquí y se puede revocar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Revoke</source>
        <translation>&amp;Revocar</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Revoke</source>
        <translation>Revocar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The grant could not be revoked: %1</source>
        <translation>No se pudo revocar el permiso: %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <location line="+19"/>
        <source>Workspace for %1</source>
        <translation>Espacio de trabajo para %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 opened in a terminal.</source>
        <translation>%1 abierto en un terminal.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No terminal</source>
        <translation>Sin terminal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1

Launch %2 without a terminal? You will not be able to type into it. Its output goes to the session&apos;s output log: output/SESSION.log in the helper&apos;s state directory (~/.local/state/cordon/output/ for your own helper).

Settings lets you choose a terminal emulator.</source>
        <translation>%1

¿Iniciar %2 sin terminal? No podrá escribir en él. Su salida irá al registro de salida de la sesión: output/SESIÓN.log en la carpeta de estado del helper (~/.local/state/cordon/output/ para su propio helper).

En Ajustes puede elegir un emulador de terminal.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Launching %1…</source>
        <translation>Iniciando %1…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Launch</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 could not be launched:
%2</source>
        <translation>No se pudo iniciar %1:
%2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 launched.</source>
        <translation>%1 iniciado.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Restart Cordon?</source>
        <translation>¿Reiniciar Cordon?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart Cordon now in the new language? Running sessions keep running: they belong to cordon-helper, not to this window.</source>
        <translation>¿Reiniciar Cordon ahora en el nuevo idioma? Las sesiones en curso siguen: pertenecen a cordon-helper, no a esta ventana.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Stop all</source>
        <translation>Detener todas</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>Stop all %n running session(s)?</source>
        <translation>
            <numerusform>¿Detener la sesión en marcha?</numerusform>
            <numerusform>¿Detener las %n sesiones en marcha?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Your organization&apos;s policy cannot be read, so profiles cannot be edited:
%1</source>
        <translation>No se puede leer la política de su organización, así que no se pueden editar perfiles:
%1</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+6"/>
        <source>Export timeline</source>
        <translation>Exportar la cronología</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot export to %1: %2</source>
        <translation>No se puede exportar a %1: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Quit Cordon</source>
        <translation>Salir de Cordon</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n session(s) still running. Stop them before quitting?
Sessions you keep go on running; Cordon shows them again when you start it.</source>
        <translation>
            <numerusform>Todavía hay %n sesión en marcha. ¿Detenerla antes de salir?
Las sesiones que conserve siguen en marcha; Cordon las muestra de nuevo al iniciarse.</numerusform>
            <numerusform>Todavía hay %n sesiones en marcha. ¿Detenerlas antes de salir?
Las sesiones que conserve siguen en marcha; Cordon las muestra de nuevo al iniciarse.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+48"/>
        <source>All sessions</source>
        <translation>Todas las sesiones</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Connected to %1</source>
        <translation>Conectado a %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting cordon-helper…</source>
        <translation>Iniciando cordon-helper…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting to cordon-helper…</source>
        <translation>Conectando con cordon-helper…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not connected to cordon-helper; retrying…</source>
        <translation>Sin conexión con cordon-helper; reintentando…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Loading events…</source>
        <translation>Cargando eventos…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No events in the last minutes; new ones appear here as they happen.</source>
        <translation>No hay eventos en los últimos minutos; los nuevos aparecerán aquí.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No events match.</source>
        <translation>Ningún evento coincide.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Showing the latest %n event(s); older ones stay in the journal.</source>
        <translation>
            <numerusform>Se muestra el último evento; los anteriores siguen en el diario.</numerusform>
            <numerusform>Se muestran los últimos %n eventos; los anteriores siguen en el diario.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Events shown: %1</source>
        <translation>Eventos mostrados: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;View…</source>
        <translation>&amp;Ver…</translation>
    </message>
</context>
<context>
    <name>cordon::gui::NetworkPage</name>
    <message>
        <location filename="../app/gui/editor/NetworkPage.cpp" line="+35"/>
        <source>&amp;Allowed hosts</source>
        <translation>Hosts &amp;permitidos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Denied hosts</source>
        <translation>Hosts &amp;denegados</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Denied by your organization</source>
        <translation>Denegados por su organización</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Test a host</source>
        <translation>Probar un host</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>host or host:port, e.g. api.example.com:443</source>
        <translation>host o host:puerto, p. ej. api.example.com:443</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Questions about other hosts</source>
        <translation>Preguntas sobre otros hosts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>60s (default)</source>
        <translation>60s (predeterminado)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long a question waits for an answer (1s to 1h); no answer is a deny</source>
        <translation>Cuánto espera una pregunta su respuesta (de 1s a 1h); sin respuesta, se deniega</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default (deny at once)</source>
        <translation>Predeterminado (denegar en el acto)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deny at once</source>
        <translation>Denegar en el acto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait for an answer</source>
        <translation>Esperar una respuesta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happens to a question while no Cordon window is open to answer it</source>
        <translation>Qué pasa con una pregunta mientras no hay ninguna ventana de Cordon abierta para responderla</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default (offered)</source>
        <translation>Predeterminado (se ofrece)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offered</source>
        <translation>Se ofrece</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not offered</source>
        <translation>No se ofrece</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whether &quot;Always allow&quot; is offered, and answers saved earlier apply</source>
        <translation>Si se ofrece «Permitir siempre» y se aplican las respuestas guardadas</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ask &amp;timeout:</source>
        <translation>&amp;Tiempo de espera:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With no window &amp;open:</source>
        <translation>Sin ventana &amp;abierta:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;Al&amp;ways allow&quot;:</source>
        <translation>«Permitir &amp;siempre»:</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+4"/>
        <location line="+4"/>
        <location line="+61"/>
        <source>changed here</source>
        <translation>cambiado aquí</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>host:port or *.domain</source>
        <translation>host:puerto o *.dominio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Each entry: %1</source>
        <translation>Cada entrada: %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1: these hosts are denied in every sandbox, whatever the lists above say</source>
        <translation>%1: estos hosts se deniegan en todos los entornos aislados, digan lo que digan las listas de arriba</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+3"/>
        <location line="+2"/>
        <source>In effect: %1, %2</source>
        <translation>En vigor: %1, %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offered</source>
        <translation>se ofrece</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not offered</source>
        <translation>no se ofrece</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>at most %1: %2</source>
        <translation>como máximo %1: %2</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Not a port: expected a number from 1 to 65535</source>
        <translation>No es un puerto: se esperaba un número de 1 a 65535</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cordon would refuse this name: %1</source>
        <translation>Cordon rechazaría este nombre: %1</translation>
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
        <translation>de este perfil</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Allow %1: rule %2, %3</source>
        <translation>Permitir %1: regla %2, %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deny %1: rule %2, %3</source>
        <translation>Denegar %1: regla %2, %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deny %1: no rule matches, and %2 forbids questions (%3)</source>
        <translation>Denegar %1: ninguna regla coincide y %2 prohíbe las preguntas (%3)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask for %1: no rule matches, so Cordon asks you</source>
        <translation>Preguntar por %1: ninguna regla coincide, así que Cordon le pregunta</translation>
    </message>
</context>
<context>
    <name>cordon::gui::PathRuleTableModel</name>
    <message>
        <location filename="../app/gui/editor/PathRuleTableModel.cpp" line="+31"/>
        <source>read</source>
        <translation>lectura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>write</source>
        <translation>escritura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hidden</source>
        <translation>oculto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>protected</source>
        <translation>protegido</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>; not applied: %1</source>
        <translation>; no se aplica: %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Path</source>
        <translation>Ruta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access</source>
        <translation>Acceso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comes from</source>
        <translation>Origen</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>edited here</source>
        <translation>editado aquí</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ProfileEditorDialog</name>
    <message>
        <location filename="../app/gui/editor/ProfileEditorDialog.cpp" line="+50"/>
        <source>New profile</source>
        <translation>Perfil nuevo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Profile %1</source>
        <translation>Perfil %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Your profile: %1</source>
        <translation>Su perfil: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A built-in profile. &quot;Save as my own&quot; saves your copy, which is used instead of it.</source>
        <translation>Un perfil integrado. «Guardar como mío» guarda su copia, que se usará en su lugar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: this profile can be launched as it is, not changed</source>
        <translation>%1: este perfil se puede iniciar tal cual, no modificar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Managed: %1</source>
        <translation>Gestionado: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new profile, not saved yet</source>
        <translation>Un perfil nuevo, aún sin guardar</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&amp;Save as my own</source>
        <translation>&amp;Guardar como mío</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close</source>
        <translation>&amp;Cerrar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>your organization manages a profile named &quot;%1&quot; (%2); choose another name</source>
        <translation>su organización gestiona un perfil llamado «%1» (%2); elija otro nombre</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>you already have a profile named &quot;%1&quot; (%2); choose another name</source>
        <translation>ya tiene un perfil llamado «%1» (%2); elija otro nombre</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Something on this page needs fixing</source>
        <translation>Hay algo que corregir en esta página</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ready to save to %1</source>
        <translation>Listo para guardar en %1</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n problem(s) to fix before saving. First: %1</source>
        <translation>
            <numerusform>Hay %n problema que corregir antes de guardar: %1</numerusform>
            <numerusform>Hay %n problemas que corregir antes de guardar. El primero: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fix the marked fields first</source>
        <translation>Corrija primero los campos marcados</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The profile cannot be saved: %1</source>
        <translation>No se puede guardar el perfil: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot create %1</source>
        <translation>No se puede crear %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+5"/>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ProfileListModel</name>
    <message>
        <location filename="../app/gui/models/ProfileListModel.cpp" line="+56"/>
        <source>Managed</source>
        <translation>Gestionado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yours</source>
        <translation>Suyo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built-in</source>
        <translation>Integrado</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 — locked by your organization: it can be launched, not changed.</source>
        <translation>%1 — bloqueado por su organización: se puede iniciar, no modificar.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — managed by your organization: it can be launched, not changed.</source>
        <translation>%1 — gestionado por su organización: se puede iniciar, no modificar.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
</context>
<context>
    <name>cordon::gui::RequestNotifier</name>
    <message>
        <location filename="../app/gui/widgets/RequestNotifier.cpp" line="+33"/>
        <source>%1 asks for the secret %2</source>
        <translation>%1 pide el secreto %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 asks for more time</source>
        <translation>%1 pide más tiempo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 wants to connect to %2</source>
        <translation>%1 quiere conectarse a %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asked by %1 in %2</source>
        <translation>Lo pide %1 en %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deny</source>
        <translation>Denegar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow once</source>
        <translation>Permitir una vez</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SecretsPage</name>
    <message>
        <location filename="../app/gui/editor/SecretsPage.cpp" line="+30"/>
        <source>A&amp;dd secret</source>
        <translation>&amp;Añadir secreto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;move</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>GITHUB_TOKEN</source>
        <translation>GITHUB_TOKEN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an environment variable</source>
        <translation>una variable de entorno</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a file</source>
        <translation>un archivo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the keyring (Secret Service)</source>
        <translation>el llavero (Secret Service)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a variable of Cordon&apos;s environment</source>
        <translation>una variable del entorno de Cordon</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>~/.config/tool/token or /absolute/path</source>
        <translation>~/.config/tool/token o /ruta/absoluta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bro&amp;wse…</source>
        <translation>E&amp;xaminar…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>attribute=value, one per line, e.g. service=github</source>
        <translation>atributo=valor, uno por línea, p. ej. service=github</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>as a variable, at launch</source>
        <translation>como variable, al iniciar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>as a file in /run/cordon/secrets</source>
        <translation>como archivo en /run/cordon/secrets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>when the agent asks (cordon-request)</source>
        <translation>cuando el agente lo pide (cordon-request)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the same as the name</source>
        <translation>igual que el nombre</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1h (default)</source>
        <translation>1h (predeterminado)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long a delivery holds before it is asked again (1s to 30d)</source>
        <translation>Cuánto dura una entrega antes de volver a preguntar (de 1s a 30d)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Default (not offered)</source>
        <translation>Predeterminado (no se ofrece)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Offered</source>
        <translation>Se ofrece</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not offered</source>
        <translation>No se ofrece</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;From:</source>
        <translation>&amp;Origen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Variable:</source>
        <translation>&amp;Variable:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F&amp;ile:</source>
        <translation>Arc&amp;hivo:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyring:</source>
        <translation>&amp;Llavero:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;eliver:</source>
        <translation>E&amp;ntrega:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Variable &amp;inside:</source>
        <translation>Variable &amp;dentro:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Holds for:</source>
        <translation>&amp;Dura:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;&amp;Always&quot;:</source>
        <translation>«&amp;Siempre»:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Secrets:</source>
        <translation>&amp;Secretos:</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Secrets</source>
        <translation>Secretos</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+192"/>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <location line="-173"/>
        <location line="+75"/>
        <source>changed here</source>
        <translation>cambiado aquí</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Choose the file that holds the secret</source>
        <translation>Elegir el archivo que contiene el secreto</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&quot;%1&quot;: expected attribute=value</source>
        <translation>«%1»: se esperaba atributo=valor</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Also to fix: %1</source>
        <translation>También hay que corregir: %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SessionModel</name>
    <message>
        <location filename="../app/gui/models/SessionModel.cpp" line="+156"/>
        <source>Starting</source>
        <translation>Iniciando</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>En marcha</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping</source>
        <translation>Deteniéndose</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ended</source>
        <translation>Terminada</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Ended (%1)</source>
        <translation>Terminada (%1)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workspace</source>
        <translation>Espacio de trabajo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Elapsed</source>
        <translation>Transcurrido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests</source>
        <translation>Peticiones</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SettingsDialog</name>
    <message>
        <location filename="../app/gui/dialogs/SettingsDialog.cpp" line="+20"/>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A new language applies when Cordon restarts; Cordon offers to restart at once.</source>
        <translation>Un idioma nuevo se aplica cuando Cordon se reinicia; Cordon ofrece reiniciar en el acto.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Automatic ($TERMINAL, else the first one found)</source>
        <translation>Automático ($TERMINAL o, si no, el primero que se encuentre)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None: run without a terminal</source>
        <translation>Ninguno: ejecutar sin terminal</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Terminal:</source>
        <translation>&amp;Terminal:</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Agents start without a terminal: you cannot type into them, and their output goes to the session&apos;s output log.</source>
        <translation>Los agentes se inician sin terminal: no puede escribir en ellos y su salida va al registro de salida de la sesión.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No terminal emulator found: agents will start without a terminal.</source>
        <translation>No se encontró ningún emulador de terminal: los agentes se iniciarán sin terminal.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agents open in: %1</source>
        <translation>Los agentes se abren en: %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SocketHelperConnection</name>
    <message>
        <location filename="../app/gui/connection/SocketHelperConnection.cpp" line="+93"/>
        <source>cordon-helper refused this app: %1</source>
        <translation>cordon-helper ha rechazado esta aplicación: %1</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No cordon-helper is running and none is installed next to this app.</source>
        <translation>No hay ningún cordon-helper en marcha ni instalado junto a esta aplicación.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot start cordon-helper: XDG_RUNTIME_DIR is not set.</source>
        <translation>No se puede iniciar cordon-helper: XDG_RUNTIME_DIR no está definida.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot start cordon-helper: %1</source>
        <translation>No se puede iniciar cordon-helper: %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TerminalLauncher</name>
    <message>
        <location filename="../app/gui/terminal/TerminalLauncher.cpp" line="+118"/>
        <source>Running agents in a terminal is turned off in Settings.</source>
        <translation>La ejecución de agentes en un terminal está desactivada en Ajustes.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No terminal emulator was found (tried $TERMINAL, %1).</source>
        <translation>No se encontró ningún emulador de terminal (probados: $TERMINAL, %1).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cordonctl was found neither next to Cordon nor in PATH.</source>
        <translation>No se encontró cordonctl ni junto a Cordon ni en el PATH.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 could not be started.</source>
        <translation>No se pudo iniciar %1.</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TimelineExporter</name>
    <message>
        <location filename="../app/gui/models/TimelineExporter.cpp" line="+24"/>
        <source>An export is already running.</source>
        <translation>Ya hay una exportación en curso.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Export cancelled.</source>
        <translation>Exportación cancelada.</translation>
    </message>
    <message numerus="yes">
        <location line="+35"/>
        <source>%n event(s) exported.</source>
        <translation>
            <numerusform>%n evento exportado.</numerusform>
            <numerusform>%n eventos exportados.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cordon::gui::TimelineModel</name>
    <message>
        <location filename="../app/gui/models/TimelineModel.cpp" line="+278"/>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session</source>
        <translation>Sesión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
</context>
<context>
    <name>cordon::gui::Translations</name>
    <message>
        <location filename="../app/gui/i18n/Translations.cpp" line="+10"/>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TrayIcon</name>
    <message>
        <location filename="../app/gui/widgets/TrayIcon.cpp" line="+18"/>
        <source>&amp;Launch</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Show Cordon</source>
        <translation>&amp;Mostrar Cordon</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;top all sessions</source>
        <translation>&amp;Detener todas las sesiones</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message numerus="yes">
        <location line="+71"/>
        <source>Cordon: %n request(s) waiting for your answer</source>
        <translation>
            <numerusform>Cordon: %n petición espera su respuesta</numerusform>
            <numerusform>Cordon: %n peticiones esperan su respuesta</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Cordon: %n session(s) running</source>
        <translation>
            <numerusform>Cordon: %n sesión en marcha</numerusform>
            <numerusform>Cordon: %n sesiones en marcha</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cordon: no session running</source>
        <translation>Cordon: ninguna sesión en marcha</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+43"/>
        <source>Cordon: sandboxes for local AI agents</source>
        <translation>Cordon: entornos aislados para agentes de IA locales</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start in the tray, without the main window.</source>
        <translation>Iniciar en la bandeja del sistema, sin la ventana principal.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Do not start cordon-helper when none is running.</source>
        <translation>No iniciar cordon-helper si no hay ninguno en marcha.</translation>
    </message>
</context>
</TS>
