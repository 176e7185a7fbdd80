<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../app/gui/editor/QtPathChooser.cpp" line="+15"/>
        <source>&amp;Choose</source>
        <translation>&amp;Choisir</translation>
    </message>
</context>
<context>
    <name>cordon::gui::AdvancedPage</name>
    <message>
        <location filename="../app/gui/editor/AdvancedPage.cpp" line="+36"/>
        <source>one name or glob per line, e.g. LC_*</source>
        <translation>un nom ou motif par ligne, p. ex. LC_*</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NAME=value, one per line</source>
        <translation>NOM=valeur, un par ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one directory per line, e.g. ~/.local/bin</source>
        <translation>un dossier par ligne, p. ex. ~/.local/bin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>workspace-relative paths, one per line</source>
        <translation>chemins relatifs à l’espace de travail, un par ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protect the &amp;default list (.git/hooks, .envrc, .vscode, …)</source>
        <translation>Protéger la liste par &amp;défaut (.git/hooks, .envrc, .vscode, …)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Let in:</source>
        <translation>&amp;Laisser passer :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Set:</source>
        <translation>&amp;Définir :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;PATH first:</source>
        <translation>&amp;PATH en premier :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Protected workspace paths (read-only inside)</source>
        <translation>Chemins protégés de l’espace de travail (en lecture seule à l’intérieur)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layers that may be missing on this machine</source>
        <translation>Couches qui peuvent manquer sur cette machine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Land&amp;lock file rules</source>
        <translation>Règles de fichiers Land&amp;lock</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Landlock sco&amp;pes (Linux 6.12+)</source>
        <translation>&amp;Portées Landlock (Linux 6.12+)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>c&amp;group limits</source>
        <translation>Limites c&amp;group</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cordon&apos;s own &amp;tools on PATH inside (/run/cordon/bin)</source>
        <translation>&amp;Outils de Cordon dans le PATH à l’intérieur (/run/cordon/bin)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Advanced</source>
        <translation>Avancé</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Always let in: TERM, LANG (built-in default); the rest %1</source>
        <translation>Toujours transmis : TERM, LANG (valeur intégrée) ; le reste %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>built-in default list</source>
        <translation>liste intégrée par défaut</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: every layer is required on this machine (forbidBestEffort)</source>
        <translation>%1 : toutes les couches sont exigées sur cette machine (forbidBestEffort)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: never let in: %2</source>
        <translation>%1 : jamais transmis : %2</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&quot;%1&quot;: expected NAME=value</source>
        <translation>« %1 » : NOM=valeur attendu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is set twice; expected each variable once</source>
        <translation>%1 est défini deux fois ; chaque variable ne doit l’être qu’une fois</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Line %1: %2</source>
        <translation>Ligne %1 : %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ApprovalPopup</name>
    <message>
        <location filename="../app/gui/widgets/ApprovalPopup.cpp" line="+71"/>
        <source>An agent asks</source>
        <translation>Un agent demande</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Asked by:</source>
        <translation>Demandé par :</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Just before, this session:</source>
        <translation>Juste avant, dans cette session :</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Allow</source>
        <translation>Autoriser</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Deny</source>
        <translation>&amp;Refuser</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Allow &amp;once</source>
        <translation>Autoriser une &amp;fois</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow for this &amp;session</source>
        <translation>Autoriser pour cette &amp;session</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Always allow</source>
        <translation>&amp;Toujours autoriser</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow &amp;more time</source>
        <translation>Accorder plus de &amp;temps</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deny a&amp;ll</source>
        <translation>Tout re&amp;fuser</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>%1 asks for a secret:</source>
        <translation>%1 demande un secret :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 has reached its time limit and asks for more time.</source>
        <translation>%1 a atteint sa limite de temps et demande plus de temps.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 wants to connect to:</source>
        <translation>%1 veut se connecter à :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More time</source>
        <translation>Plus de temps</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Profile %1 · workspace %2 · session %3</source>
        <translation>Profil %1 · espace de travail %2 · session %3</translation>
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
        <translation>Seulement cet &amp;hôte : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any host in &amp;this domain: %1</source>
        <translation>Tout hôte de ce &amp;domaine : %1</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>(no events seen yet)</source>
        <translation>(aucun événement pour l’instant)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>1 of %1</source>
        <translation>1 sur %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Denied automatically in %1</source>
        <translation>Refus automatique dans %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::EventPresentation</name>
    <message>
        <location filename="../app/gui/models/EventPresentation.cpp" line="+22"/>
        <source>Launch</source>
        <translation>Lancement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Program started</source>
        <translation>Programme lancé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network allowed</source>
        <translation>Réseau autorisé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network denied</source>
        <translation>Réseau refusé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network asked</source>
        <translation>Réseau demandé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret asked</source>
        <translation>Secret demandé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret granted</source>
        <translation>Secret accordé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret denied</source>
        <translation>Secret refusé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Limit warning</source>
        <translation>Alerte de limite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped by a limit</source>
        <translation>Arrêté par une limite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exit</source>
        <translation>Fin</translation>
    </message>
</context>
<context>
    <name>cordon::gui::FieldMarks</name>
    <message>
        <location filename="../app/gui/editor/FieldMarks.cpp" line="+107"/>
        <source>set by your organization</source>
        <translation>défini par votre organisation</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+12"/>
        <source>built-in default</source>
        <translation>valeur intégrée par défaut</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>from this profile (%1)</source>
        <translation>de ce profil (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the command line (%1)</source>
        <translation>de la ligne de commande (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a saved &quot;always&quot; answer (%1)</source>
        <translation>une réponse « toujours » enregistrée (%1)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>this profile</source>
        <translation>ce profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the command line</source>
        <translation>la ligne de commande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a saved &quot;always&quot; answer</source>
        <translation>une réponse « toujours » enregistrée</translation>
    </message>
</context>
<context>
    <name>cordon::gui::FilesPage</name>
    <message>
        <location filename="../app/gui/editor/FilesPage.cpp" line="+55"/>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paths: absolute (/data), in your home (~/.config/x) or in the workspace (build/cache). read: read-only inside; write: read-write; hidden: made inaccessible. F2 edits a cell.</source>
        <translation>Chemins : absolus (/data), dans votre dossier personnel (~/.config/x) ou dans l’espace de travail (build/cache). Lecture : lecture seule à l’intérieur ; écriture : lecture et écriture ; masqué : rendu inaccessible. F2 modifie une cellule.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <location line="+60"/>
        <location line="+16"/>
        <source>edited here</source>
        <translation>modifié ici</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Choose a file or folder</source>
        <translation>Choisir un fichier ou un dossier</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Row %1 (%2): %3</source>
        <translation>Ligne %1 (%2) : %3</translation>
    </message>
</context>
<context>
    <name>cordon::gui::GeneralPage</name>
    <message>
        <location filename="../app/gui/editor/GeneralPage.cpp" line="+22"/>
        <source>my-agent</source>
        <translation>mon-agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1-64 characters of a-z, 0-9 and &apos;-&apos;; also the file name of the profile</source>
        <translation>1 à 64 caractères parmi a-z, 0-9 et « - » ; c’est aussi le nom de fichier du profil</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>My agent</source>
        <translation>Mon agent</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the program and its arguments, e.g. claude --verbose</source>
        <translation>le programme et ses arguments, p. ex. claude --verbose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run when no command is given at launch. Quote arguments that contain spaces.</source>
        <translation>Exécuté quand aucune commande n’est donnée au lancement. Mettez entre guillemets les arguments qui contiennent des espaces.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Display name:</source>
        <translation>Nom &amp;affiché :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Icon:</source>
        <translation>&amp;Icône :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Command:</source>
        <translation>&amp;Commande :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;escription:</source>
        <translation>D&amp;escription :</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+2"/>
        <source>Where these values come from: %1</source>
        <translation>Origine de ces valeurs : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new profile, not saved yet</source>
        <translation>Un nouveau profil, pas encore enregistré</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>expected the program and its arguments</source>
        <translation>programme et arguments attendus</translation>
    </message>
</context>
<context>
    <name>cordon::gui::GrantModel</name>
    <message>
        <location filename="../app/gui/models/GrantModel.cpp" line="+86"/>
        <source>For this session</source>
        <translation>Pour cette session</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Always</source>
        <translation>Toujours</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Session %1</source>
        <translation>Session %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile %1</source>
        <translation>Profil %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The profile</source>
        <translation>Le profil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Allowed</source>
        <translation>Autorisé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For how long</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies to</source>
        <translation>S’applique à</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
</context>
<context>
    <name>cordon::gui::HelperConnection</name>
    <message>
        <location filename="../app/gui/connection/HelperConnection.cpp" line="+14"/>
        <source>Not connected to cordon-helper.</source>
        <translation>Pas de connexion à cordon-helper.</translation>
    </message>
</context>
<context>
    <name>cordon::gui::LimitsPage</name>
    <message>
        <location filename="../app/gui/editor/LimitsPage.cpp" line="+23"/>
        <source>&amp;Time:</source>
        <translation>&amp;Durée :</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <location line="+3"/>
        <source>no limit</source>
        <translation>aucune limite</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>a duration: 30s, 10m, 2h, 1d (1s to 366d)</source>
        <translation>une durée : 30s, 10m, 2h, 1d (de 1s à 366d)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Memory:</source>
        <translation>&amp;Mémoire :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a size: 512M, 4G (16M to 1T)</source>
        <translation>une taille : 512M, 4G (de 16M à 1T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Processes:</source>
        <translation>&amp;Processus :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tasks at once (8 to 4194304)</source>
        <translation>tâches simultanées (de 8 à 4194304)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;CPUs:</source>
        <translation>&amp;Processeurs :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a number of CPUs: 0.5, 2 (up to 1024)</source>
        <translation>un nombre de processeurs : 0.5, 2 (jusqu’à 1024)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open files:</source>
        <translation>&amp;Fichiers ouverts :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>16 to 1048576</source>
        <translation>de 16 à 1048576</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File size:</source>
        <translation>&amp;Taille de fichier :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>largest file the agent may write (1M to 1024T)</source>
        <translation>plus grand fichier que l’agent peut écrire (de 1M à 1024T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporary &amp;space:</source>
        <translation>&amp;Espace temporaire :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1G (default)</source>
        <translation>1G (par défaut)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>size of /tmp and the home inside (1M to 1T)</source>
        <translation>taille de /tmp et du dossier personnel à l’intérieur (de 1M à 1T)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Time, memory, processes, CPU</source>
        <translation>Temps, mémoire, processus, processeur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files and temporary space</source>
        <translation>Fichiers et espace temporaire</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>changed here</source>
        <translation>modifié ici</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Limits</source>
        <translation>Limites</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>In effect: %1, %2</source>
        <translation>En vigueur : %1, %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In effect: no limit</source>
        <translation>En vigueur : aucune limite</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at most %1: %2</source>
        <translation>au plus %1 : %2</translation>
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
        <translation>&amp;Sessions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Timeline</source>
        <translation>&amp;Chronologie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Grants</source>
        <translation>&amp;Autorisations</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+427"/>
        <location line="+9"/>
        <source>Profiles</source>
        <translation>Profils</translation>
    </message>
    <message>
        <location line="-423"/>
        <source>&amp;Workspace:</source>
        <translation>&amp;Espace de travail :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the project folder</source>
        <translation>Choisissez le dossier du projet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Launch</source>
        <translation>&amp;Lancer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;New…</source>
        <translation>&amp;Nouveau…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+559"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <location line="-557"/>
        <source>Se&amp;ttings…</source>
        <translation>Para&amp;mètres…</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>No sessions yet.
Pick a profile, choose its workspace and press Launch.</source>
        <translation>Aucune session pour l’instant.
Choisissez un profil et son espace de travail, puis cliquez sur Lancer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>St&amp;op</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop &amp;all</source>
        <translation>&amp;Tout arrêter</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>All kinds</source>
        <translation>Tous les types</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Filter by host, program, secret…</source>
        <translation>Filtrer par hôte, programme, secret…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Follow</source>
        <translation>&amp;Suivre</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show new events as they happen and keep the newest in view.</source>
        <translation>Afficher les nouveaux événements dès qu’ils arrivent et garder le plus récent visible.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save every event matching the filter as JSON Lines.</source>
        <translation>Enregistrer tous les événements correspondant au filtre au format JSON Lines.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Select an event to see all of it.</source>
        <translation>Sélectionnez un événement pour le voir en entier.</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Exporting… %n event(s)</source>
        <translation>
            <numerusform>Export en cours… %n événement</numerusform>
            <numerusform>Export en cours… %n événements</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export failed: %1</source>
        <translation>Échec de l’export : %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Nothing has been allowed beyond the profiles.
What you allow for a session or always shows here, and can be revoked.</source>
        <translation>Rien n’a été autorisé au-delà des profils.
Ce que vous autorisez pour une session ou pour toujours apparaît ici et peut être révoqué.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Revoke</source>
        <translation>&amp;Révoquer</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Revoke</source>
        <translation>Révoquer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The grant could not be revoked: %1</source>
        <translation>L’autorisation n’a pas pu être révoquée : %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <location line="+19"/>
        <source>Workspace for %1</source>
        <translation>Espace de travail pour %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 opened in a terminal.</source>
        <translation>%1 ouvert dans un terminal.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No terminal</source>
        <translation>Pas de terminal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1

Launch %2 without a terminal? You will not be able to type into it. Its output goes to the session&apos;s output log: output/SESSION.log in the helper&apos;s state directory (~/.local/state/cordon/output/ for your own helper).

Settings lets you choose a terminal emulator.</source>
        <translation>%1

Lancer %2 sans terminal ? Vous ne pourrez rien y saisir. Sa sortie va dans le journal de sortie de la session : output/SESSION.log dans le dossier d’état du helper (~/.local/state/cordon/output/ pour votre propre helper).

Les paramètres permettent de choisir un émulateur de terminal.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Launching %1…</source>
        <translation>Lancement de %1…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Launch</source>
        <translation>Lancement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 could not be launched:
%2</source>
        <translation>%1 n’a pas pu être lancé :
%2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 launched.</source>
        <translation>%1 lancé.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Restart Cordon?</source>
        <translation>Redémarrer Cordon ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart Cordon now in the new language? Running sessions keep running: they belong to cordon-helper, not to this window.</source>
        <translation>Redémarrer Cordon maintenant dans la nouvelle langue ? Les sessions en cours continuent : elles appartiennent à cordon-helper, pas à cette fenêtre.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Stop all</source>
        <translation>Tout arrêter</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>Stop all %n running session(s)?</source>
        <translation>
            <numerusform>Arrêter la session en cours ?</numerusform>
            <numerusform>Arrêter les %n sessions en cours ?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Your organization&apos;s policy cannot be read, so profiles cannot be edited:
%1</source>
        <translation>La politique de votre organisation est illisible : les profils ne peuvent pas être modifiés.
%1</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+6"/>
        <source>Export timeline</source>
        <translation>Exporter la chronologie</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot export to %1: %2</source>
        <translation>Impossible d’exporter vers %1 : %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Quit Cordon</source>
        <translation>Quitter Cordon</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n session(s) still running. Stop them before quitting?
Sessions you keep go on running; Cordon shows them again when you start it.</source>
        <translation>
            <numerusform>%n session est encore en cours. L’arrêter avant de quitter ?
Les sessions conservées continuent ; Cordon les affiche de nouveau à son prochain démarrage.</numerusform>
            <numerusform>%n sessions sont encore en cours. Les arrêter avant de quitter ?
Les sessions conservées continuent ; Cordon les affiche de nouveau à son prochain démarrage.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+48"/>
        <source>All sessions</source>
        <translation>Toutes les sessions</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Connected to %1</source>
        <translation>Connecté à %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting cordon-helper…</source>
        <translation>Démarrage de cordon-helper…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting to cordon-helper…</source>
        <translation>Connexion à cordon-helper…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not connected to cordon-helper; retrying…</source>
        <translation>Pas de connexion à cordon-helper ; nouvelle tentative…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Loading events…</source>
        <translation>Chargement des événements…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No events in the last minutes; new ones appear here as they happen.</source>
        <translation>Aucun événement ces dernières minutes ; les nouveaux apparaîtront ici.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No events match.</source>
        <translation>Aucun événement ne correspond.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Showing the latest %n event(s); older ones stay in the journal.</source>
        <translation>
            <numerusform>Affichage du dernier événement ; les plus anciens restent dans le journal.</numerusform>
            <numerusform>Affichage des %n derniers événements ; les plus anciens restent dans le journal.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Events shown: %1</source>
        <translation>Événements affichés : %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;View…</source>
        <translation>&amp;Afficher…</translation>
    </message>
</context>
<context>
    <name>cordon::gui::NetworkPage</name>
    <message>
        <location filename="../app/gui/editor/NetworkPage.cpp" line="+35"/>
        <source>&amp;Allowed hosts</source>
        <translation>Hôtes &amp;autorisés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Denied hosts</source>
        <translation>Hôtes &amp;refusés</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Denied by your organization</source>
        <translation>Refusés par votre organisation</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Test a host</source>
        <translation>Tester un hôte</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>host or host:port, e.g. api.example.com:443</source>
        <translation>hôte ou hôte:port, p. ex. api.example.com:443</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Host:</source>
        <translation>&amp;Hôte :</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Questions about other hosts</source>
        <translation>Questions sur les autres hôtes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>60s (default)</source>
        <translation>60s (par défaut)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long a question waits for an answer (1s to 1h); no answer is a deny</source>
        <translation>Durée d’attente d’une réponse (de 1s à 1h) ; sans réponse, c’est un refus</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default (deny at once)</source>
        <translation>Par défaut (refuser aussitôt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deny at once</source>
        <translation>Refuser aussitôt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait for an answer</source>
        <translation>Attendre une réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happens to a question while no Cordon window is open to answer it</source>
        <translation>Ce qui arrive à une question quand aucune fenêtre de Cordon n’est ouverte pour y répondre</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default (offered)</source>
        <translation>Par défaut (proposé)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offered</source>
        <translation>Proposé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not offered</source>
        <translation>Non proposé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whether &quot;Always allow&quot; is offered, and answers saved earlier apply</source>
        <translation>Si « Toujours autoriser » est proposé et si les réponses enregistrées s’appliquent</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ask &amp;timeout:</source>
        <translation>&amp;Délai de réponse :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With no window &amp;open:</source>
        <translation>Sans fenêtre &amp;ouverte :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;Al&amp;ways allow&quot;:</source>
        <translation>« Tou&amp;jours autoriser » :</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+4"/>
        <location line="+4"/>
        <location line="+61"/>
        <source>changed here</source>
        <translation>modifié ici</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>host:port or *.domain</source>
        <translation>hôte:port ou *.domaine</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Network</source>
        <translation>Réseau</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Each entry: %1</source>
        <translation>Chaque entrée : %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1: these hosts are denied in every sandbox, whatever the lists above say</source>
        <translation>%1 : ces hôtes sont refusés dans tous les bacs à sable, quoi que disent les listes ci-dessus</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+3"/>
        <location line="+2"/>
        <source>In effect: %1, %2</source>
        <translation>En vigueur : %1, %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offered</source>
        <translation>proposé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not offered</source>
        <translation>non proposé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>at most %1: %2</source>
        <translation>au plus %1 : %2</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Not a port: expected a number from 1 to 65535</source>
        <translation>Port invalide : nombre de 1 à 65535 attendu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cordon would refuse this name: %1</source>
        <translation>Cordon refuserait ce nom : %1</translation>
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
        <translation>de ce profil</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Allow %1: rule %2, %3</source>
        <translation>Autoriser %1 : règle %2, %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deny %1: rule %2, %3</source>
        <translation>Refuser %1 : règle %2, %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deny %1: no rule matches, and %2 forbids questions (%3)</source>
        <translation>Refuser %1 : aucune règle ne correspond et %2 interdit les questions (%3)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask for %1: no rule matches, so Cordon asks you</source>
        <translation>Demander pour %1 : aucune règle ne correspond, Cordon vous demande</translation>
    </message>
</context>
<context>
    <name>cordon::gui::PathRuleTableModel</name>
    <message>
        <location filename="../app/gui/editor/PathRuleTableModel.cpp" line="+31"/>
        <source>read</source>
        <translation>lecture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>write</source>
        <translation>écriture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hidden</source>
        <translation>masqué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>protected</source>
        <translation>protégé</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>; not applied: %1</source>
        <translation> ; non appliqué : %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access</source>
        <translation>Accès</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comes from</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>edited here</source>
        <translation>modifié ici</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ProfileEditorDialog</name>
    <message>
        <location filename="../app/gui/editor/ProfileEditorDialog.cpp" line="+50"/>
        <source>New profile</source>
        <translation>Nouveau profil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Profile %1</source>
        <translation>Profil %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Your profile: %1</source>
        <translation>Votre profil : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A built-in profile. &quot;Save as my own&quot; saves your copy, which is used instead of it.</source>
        <translation>Un profil intégré. « Enregistrer comme le mien » enregistre votre copie, qui sera utilisée à sa place.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: this profile can be launched as it is, not changed</source>
        <translation>%1 : ce profil peut être lancé tel quel, pas modifié</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Managed: %1</source>
        <translation>Géré : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new profile, not saved yet</source>
        <translation>Un nouveau profil, pas encore enregistré</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&amp;Save as my own</source>
        <translation>&amp;Enregistrer comme le mien</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>your organization manages a profile named &quot;%1&quot; (%2); choose another name</source>
        <translation>votre organisation gère un profil nommé « %1 » (%2) ; choisissez un autre nom</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>you already have a profile named &quot;%1&quot; (%2); choose another name</source>
        <translation>vous avez déjà un profil nommé « %1 » (%2) ; choisissez un autre nom</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Something on this page needs fixing</source>
        <translation>Quelque chose est à corriger sur cette page</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ready to save to %1</source>
        <translation>Prêt à enregistrer dans %1</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n problem(s) to fix before saving. First: %1</source>
        <translation>
            <numerusform>%n problème à corriger avant d’enregistrer : %1</numerusform>
            <numerusform>%n problèmes à corriger avant d’enregistrer. Le premier : %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fix the marked fields first</source>
        <translation>Corrigez d’abord les champs signalés</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The profile cannot be saved: %1</source>
        <translation>Le profil ne peut pas être enregistré : %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot create %1</source>
        <translation>Impossible de créer %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+5"/>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
</context>
<context>
    <name>cordon::gui::ProfileListModel</name>
    <message>
        <location filename="../app/gui/models/ProfileListModel.cpp" line="+56"/>
        <source>Managed</source>
        <translation>Géré</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yours</source>
        <translation>Le vôtre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built-in</source>
        <translation>Intégré</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 — locked by your organization: it can be launched, not changed.</source>
        <translation>%1 — verrouillé par votre organisation : il peut être lancé, pas modifié.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — managed by your organization: it can be launched, not changed.</source>
        <translation>%1 — géré par votre organisation : il peut être lancé, pas modifié.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
</context>
<context>
    <name>cordon::gui::RequestNotifier</name>
    <message>
        <location filename="../app/gui/widgets/RequestNotifier.cpp" line="+33"/>
        <source>%1 asks for the secret %2</source>
        <translation>%1 demande le secret %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 asks for more time</source>
        <translation>%1 demande plus de temps</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 wants to connect to %2</source>
        <translation>%1 veut se connecter à %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asked by %1 in %2</source>
        <translation>Demandé par %1 dans %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deny</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allow once</source>
        <translation>Autoriser une fois</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SecretsPage</name>
    <message>
        <location filename="../app/gui/editor/SecretsPage.cpp" line="+30"/>
        <source>A&amp;dd secret</source>
        <translation>&amp;Ajouter un secret</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;move</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>GITHUB_TOKEN</source>
        <translation>GITHUB_TOKEN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an environment variable</source>
        <translation>une variable d’environnement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a file</source>
        <translation>un fichier</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the keyring (Secret Service)</source>
        <translation>le trousseau (Secret Service)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a variable of Cordon&apos;s environment</source>
        <translation>une variable de l’environnement de Cordon</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>~/.config/tool/token or /absolute/path</source>
        <translation>~/.config/tool/token ou /chemin/absolu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bro&amp;wse…</source>
        <translation>Parcou&amp;rir…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>attribute=value, one per line, e.g. service=github</source>
        <translation>attribut=valeur, un par ligne, p. ex. service=github</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>as a variable, at launch</source>
        <translation>en variable, au lancement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>as a file in /run/cordon/secrets</source>
        <translation>en fichier dans /run/cordon/secrets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>when the agent asks (cordon-request)</source>
        <translation>quand l’agent le demande (cordon-request)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the same as the name</source>
        <translation>identique au nom</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1h (default)</source>
        <translation>1h (par défaut)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long a delivery holds before it is asked again (1s to 30d)</source>
        <translation>Durée de validité d’une remise avant une nouvelle demande (de 1s à 30d)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Default (not offered)</source>
        <translation>Par défaut (non proposé)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Offered</source>
        <translation>Proposé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not offered</source>
        <translation>Non proposé</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;From:</source>
        <translation>&amp;Source :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Variable:</source>
        <translation>&amp;Variable :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F&amp;ile:</source>
        <translation>F&amp;ichier :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyring:</source>
        <translation>&amp;Trousseau :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;eliver:</source>
        <translation>&amp;Remise :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Variable &amp;inside:</source>
        <translation>Variable à l’&amp;intérieur :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Holds for:</source>
        <translation>&amp;Valable :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&quot;&amp;Always&quot;:</source>
        <translation>« &amp;Toujours » :</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Secrets:</source>
        <translation>&amp;Secrets :</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Secrets</source>
        <translation>Secrets</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+192"/>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <location line="-173"/>
        <location line="+75"/>
        <source>changed here</source>
        <translation>modifié ici</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Choose the file that holds the secret</source>
        <translation>Choisir le fichier qui contient le secret</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&quot;%1&quot;: expected attribute=value</source>
        <translation>« %1 » : attribut=valeur attendu</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Also to fix: %1</source>
        <translation>À corriger aussi : %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SessionModel</name>
    <message>
        <location filename="../app/gui/models/SessionModel.cpp" line="+156"/>
        <source>Starting</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping</source>
        <translation>Arrêt en cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ended</source>
        <translation>Terminé</translation>
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
        <translation>Terminé (%1)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workspace</source>
        <translation>Espace de travail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Démarrée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Elapsed</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests</source>
        <translation>Demandes</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SettingsDialog</name>
    <message>
        <location filename="../app/gui/dialogs/SettingsDialog.cpp" line="+20"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A new language applies when Cordon restarts; Cordon offers to restart at once.</source>
        <translation>Une nouvelle langue s’applique au redémarrage de Cordon ; Cordon propose de redémarrer tout de suite.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Automatic ($TERMINAL, else the first one found)</source>
        <translation>Automatique ($TERMINAL, sinon le premier trouvé)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None: run without a terminal</source>
        <translation>Aucun : lancer sans terminal</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Language:</source>
        <translation>&amp;Langue :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Terminal:</source>
        <translation>&amp;Terminal :</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Agents start without a terminal: you cannot type into them, and their output goes to the session&apos;s output log.</source>
        <translation>Les agents démarrent sans terminal : vous ne pouvez rien y saisir et leur sortie va dans le journal de sortie de la session.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No terminal emulator found: agents will start without a terminal.</source>
        <translation>Aucun émulateur de terminal trouvé : les agents démarreront sans terminal.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agents open in: %1</source>
        <translation>Les agents s’ouvrent dans : %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::SocketHelperConnection</name>
    <message>
        <location filename="../app/gui/connection/SocketHelperConnection.cpp" line="+93"/>
        <source>cordon-helper refused this app: %1</source>
        <translation>cordon-helper a refusé cette application : %1</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No cordon-helper is running and none is installed next to this app.</source>
        <translation>Aucun cordon-helper ne tourne et aucun n’est installé à côté de cette application.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot start cordon-helper: XDG_RUNTIME_DIR is not set.</source>
        <translation>Impossible de démarrer cordon-helper : XDG_RUNTIME_DIR n’est pas défini.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot start cordon-helper: %1</source>
        <translation>Impossible de démarrer cordon-helper : %1</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TerminalLauncher</name>
    <message>
        <location filename="../app/gui/terminal/TerminalLauncher.cpp" line="+118"/>
        <source>Running agents in a terminal is turned off in Settings.</source>
        <translation>L’exécution des agents dans un terminal est désactivée dans les paramètres.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No terminal emulator was found (tried $TERMINAL, %1).</source>
        <translation>Aucun émulateur de terminal n’a été trouvé (essayés : $TERMINAL, %1).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cordonctl was found neither next to Cordon nor in PATH.</source>
        <translation>cordonctl n’a été trouvé ni à côté de Cordon ni dans le PATH.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 could not be started.</source>
        <translation>%1 n’a pas pu être démarré.</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TimelineExporter</name>
    <message>
        <location filename="../app/gui/models/TimelineExporter.cpp" line="+24"/>
        <source>An export is already running.</source>
        <translation>Un export est déjà en cours.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Export cancelled.</source>
        <translation>Export annulé.</translation>
    </message>
    <message numerus="yes">
        <location line="+35"/>
        <source>%n event(s) exported.</source>
        <translation>
            <numerusform>%n événement exporté.</numerusform>
            <numerusform>%n événements exportés.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cordon::gui::TimelineModel</name>
    <message>
        <location filename="../app/gui/models/TimelineModel.cpp" line="+278"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
</context>
<context>
    <name>cordon::gui::Translations</name>
    <message>
        <location filename="../app/gui/i18n/Translations.cpp" line="+10"/>
        <source>System default</source>
        <translation>Langue du système</translation>
    </message>
</context>
<context>
    <name>cordon::gui::TrayIcon</name>
    <message>
        <location filename="../app/gui/widgets/TrayIcon.cpp" line="+18"/>
        <source>&amp;Launch</source>
        <translation>&amp;Lancer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Show Cordon</source>
        <translation>&amp;Afficher Cordon</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;top all sessions</source>
        <translation>&amp;Arrêter toutes les sessions</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message numerus="yes">
        <location line="+71"/>
        <source>Cordon: %n request(s) waiting for your answer</source>
        <translation>
            <numerusform>Cordon : %n demande attend votre réponse</numerusform>
            <numerusform>Cordon : %n demandes attendent votre réponse</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Cordon: %n session(s) running</source>
        <translation>
            <numerusform>Cordon : %n session en cours</numerusform>
            <numerusform>Cordon : %n sessions en cours</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cordon: no session running</source>
        <translation>Cordon : aucune session en cours</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+43"/>
        <source>Cordon: sandboxes for local AI agents</source>
        <translation>Cordon : des bacs à sable pour agents d’IA locaux</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start in the tray, without the main window.</source>
        <translation>Démarrer dans la zone de notification, sans la fenêtre principale.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Do not start cordon-helper when none is running.</source>
        <translation>Ne pas démarrer cordon-helper s’il n’y en a aucun en cours.</translation>
    </message>
</context>
</TS>
