<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT" sourcelanguage="en_US">
    <context>
        <name>ActionDialog</name>
        <message>
            <source>Open Partner Dashboard</source>
            <translation>Apri la Partner Dashboard</translation>
        </message>
        <message>
            <source>Working</source>
            <translation>In corso</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>In corso…</translation>
        </message>
    </context>
    <context>
        <name>Actions</name>
        <message>
            <source>You are offline. Reconnect to do this.</source>
            <translation>Sei offline. Riconnettiti per eseguire questa operazione.</translation>
        </message>
        <message>
            <source>Sync this profile first.</source>
            <translation>Sincronizza prima questo profilo.</translation>
        </message>
        <message>
            <source>Not available through the public Partner API.</source>
            <translation>Non disponibile tramite l'API Partner pubblica.</translation>
        </message>
        <message>
            <source>This customer is no longer linked to you.</source>
            <translation>Questo cliente non è più collegato a te.</translation>
        </message>
        <message>
            <source>Managed customer orders (MSP Flex Connect) can only be viewed and launched.</source>
            <translation>Gli ordini dei clienti gestiti (MSP Flex Connect) possono solo essere visualizzati e avviati.</translation>
        </message>
        <message>
            <source>Your role ({role}) cannot do this.</source>
            <translation>Il tuo ruolo ({role}) non consente questa operazione.</translation>
        </message>
        <message>
            <source>Only a Partner Super Admin can change customer groups.</source>
            <translation>Solo un Partner Super Admin può modificare i gruppi di clienti.</translation>
        </message>
        <message>
            <source>Partner assistance is off for this customer. The customer turns partner assistance on in Sophos Central: Account Details › Sophos Support › Partner Assistance.</source>
            <translation>L'assistenza partner è disattivata per questo cliente. Il cliente la attiva in Sophos Central: Dettagli account › Supporto Sophos › Assistenza partner.</translation>
        </message>
        <message>
            <source>The customer turns partner assistance on in Sophos Central: Account Details › Sophos Support › Partner Assistance.</source>
            <translation>Il cliente attiva l'assistenza partner in Sophos Central: Dettagli account › Supporto Sophos › Assistenza partner.</translation>
        </message>
        <message>
            <source>Partner assistance is already on for this customer.</source>
            <translation>L'assistenza partner è già attiva per questo cliente.</translation>
        </message>
        <message>
            <source>Partner assistance was requested and is waiting for the customer.</source>
            <translation>L'assistenza partner è stata richiesta ed è in attesa del cliente.</translation>
        </message>
        <message>
            <source>Monthly accounts need the MSP Flex program.</source>
            <translation>Gli account mensili richiedono il programma MSP Flex.</translation>
        </message>
        <message>
            <source>Unlinking is already scheduled for this customer.</source>
            <translation>Lo scollegamento di questo cliente è già pianificato.</translation>
        </message>
        <message>
            <source>Select one customer.</source>
            <translation>Seleziona un cliente.</translation>
        </message>
        <message>
            <source>An action is already running for this customer.</source>
            <translation>È già in corso un'operazione per questo cliente.</translation>
        </message>
        <message>
            <source>No client secret is stored for this profile. Open File › Profiles… to enter it.</source>
            <translation>Per questo profilo non è memorizzato alcun client secret. Apri File › Profili… per inserirlo.</translation>
        </message>
        <message>
            <source>This team profile has no API credential of your own, so changes are disabled. Add your client ID and secret to the profile to make them.</source>
            <translation>Questo profilo di team non ha credenziali API personali, quindi le modifiche sono disattivate. Aggiungi al profilo il tuo client ID e il tuo secret per poterle fare.</translation>
        </message>
        <message>
            <source>The licence key may contain only letters, digits and dashes.</source>
            <translation>La chiave di licenza può contenere solo lettere, cifre e trattini.</translation>
        </message>
        <message>
            <source>Enter an email address such as name@example.com.</source>
            <translation>Inserisci un indirizzo email come nome@esempio.it.</translation>
        </message>
        <message>
            <source>Enter a phone number with digits, spaces and an optional leading +.</source>
            <translation>Inserisci un numero di telefono con cifre, spazi e un + iniziale facoltativo.</translation>
        </message>
        <message>
            <source>Choose a country (two-letter code such as IT).</source>
            <translation>Scegli un paese (codice di due lettere come IT).</translation>
        </message>
        <message>
            <source>Choose where the customer's data is stored.</source>
            <translation>Scegli dove vengono conservati i dati del cliente.</translation>
        </message>
        <message>
            <source>All trial licences of this customer end when it moves to monthly billing.</source>
            <translation>Tutte le licenze di prova di questo cliente terminano quando passa alla fatturazione mensile.</translation>
        </message>
        <message>
            <source>A trial becomes term by ordering a licence, not by a billing change.</source>
            <translation>Una prova diventa a termine ordinando una licenza, non cambiando la fatturazione.</translation>
        </message>
        <message>
            <source>A customer cannot go back to a trial.</source>
            <translation>Un cliente non può tornare a una prova.</translation>
        </message>
        <message>
            <source>The display name</source>
            <translation>Il nome visualizzato</translation>
        </message>
        <message>
            <source>The licence key</source>
            <translation>La chiave di licenza</translation>
        </message>
        <message>
            <source>The customer name</source>
            <translation>Il nome del cliente</translation>
        </message>
        <message>
            <source>The first name</source>
            <translation>Il nome</translation>
        </message>
        <message>
            <source>The last name</source>
            <translation>Il cognome</translation>
        </message>
        <message>
            <source>The email address</source>
            <translation>L'indirizzo email</translation>
        </message>
        <message>
            <source>The phone number</source>
            <translation>Il numero di telefono</translation>
        </message>
        <message>
            <source>The address</source>
            <translation>L'indirizzo</translation>
        </message>
        <message>
            <source>The second address line</source>
            <translation>La seconda riga dell'indirizzo</translation>
        </message>
        <message>
            <source>The city</source>
            <translation>La città</translation>
        </message>
        <message>
            <source>The state or province</source>
            <translation>Lo stato o la provincia</translation>
        </message>
        <message>
            <source>The postal code</source>
            <translation>Il codice postale</translation>
        </message>
        <message>
            <source>The country</source>
            <translation>Il paese</translation>
        </message>
        <message>
            <source>{label} is required.</source>
            <translation>{label}: campo obbligatorio.</translation>
        </message>
        <message>
            <source>{label} cannot contain control characters.</source>
            <translation>{label} non può contenere caratteri di controllo.</translation>
        </message>
        <message>
            <source>{label} must be at most {max_len} characters.</source>
            <translation>{label} può avere al massimo {max_len} caratteri.</translation>
        </message>
        <message>
            <source>It has an active licence ({product}).</source>
            <translation>Ha una licenza attiva ({product}).</translation>
        </message>
        <message>
            <source>A licence ({product}) expired less than {days} days ago.</source>
            <translation>Una licenza ({product}) è scaduta da meno di {days} giorni.</translation>
        </message>
        <message>
            <source>Sophos Central did not allow this for your API credential.</source>
            <translation>Sophos Central non lo consente per le tue credenziali API.</translation>
        </message>
        <message>
            <source>Sophos Central refused the change.</source>
            <translation>Sophos Central ha rifiutato la modifica.</translation>
        </message>
        <message>
            <source>The customer or group no longer exists in Sophos Central. Sync to refresh.</source>
            <translation>Il cliente o il gruppo non esiste più in Sophos Central. Sincronizza per aggiornare.</translation>
        </message>
        <message>
            <source>Sophos Central rejected the input.</source>
            <translation>Sophos Central ha rifiutato i dati inseriti.</translation>
        </message>
        <message>
            <source>Sign-in failed. Check the API credential of this profile.</source>
            <translation>Accesso non riuscito. Controlla le credenziali API di questo profilo.</translation>
        </message>
        <message>
            <source>Sophos Central is busy (too many requests). Try again in a minute.</source>
            <translation>Sophos Central è occupato (troppe richieste). Riprova tra un minuto.</translation>
        </message>
        <message>
            <source>Sophos Central could not be reached. Check the connection and try again.</source>
            <translation>Impossibile raggiungere Sophos Central. Controlla la connessione e riprova.</translation>
        </message>
        <message>
            <source>Sophos Central sent an answer Partner Desk cannot read.</source>
            <translation>Sophos Central ha inviato una risposta che Partner Desk non riesce a leggere.</translation>
        </message>
        <message>
            <source>The action was cancelled.</source>
            <translation>L'operazione è stata annullata.</translation>
        </message>
        <message>
            <source>The action failed.</source>
            <translation>L'operazione non è riuscita.</translation>
        </message>
        <message>
            <source>Nothing was changed.</source>
            <translation>Non è stato modificato nulla.</translation>
        </message>
        <message>
            <source>Details: {detail}</source>
            <translation>Dettagli: {detail}</translation>
        </message>
    </context>
    <context>
        <name>AssistanceDialog</name>
        <message>
            <source>Request partner assistance from {count} customers</source>
            <extracomment>list of tenant ids to ask</extracomment>
            <translation>Richiedi assistenza partner a {count} clienti</translation>
        </message>
        <message>
            <source>Each customer is asked to turn on partner assistance for you. {help}</source>
            <translation>A ogni cliente viene chiesto di attivare l'assistenza partner per te. {help}</translation>
        </message>
        <message>
            <source>Selected customers</source>
            <translation>Clienti selezionati</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Cliente</translation>
        </message>
        <message>
            <source>Request</source>
            <translation>Richiesta</translation>
        </message>
        <message>
            <source>Will be asked</source>
            <translation>Riceverà la richiesta</translation>
        </message>
        <message>
            <source>Skipped: {reason}</source>
            <translation>Escluso: {reason}</translation>
        </message>
        <message>
            <source>{can} will be asked; {cannot} will be left as they are.</source>
            <translation>{can} riceveranno la richiesta; {cannot} restano invariati.</translation>
        </message>
        <message>
            <source>{can} will be asked.</source>
            <translation>{can} riceveranno la richiesta.</translation>
        </message>
        <message>
            <source>Request from {count}</source>
            <translation>Richiedi a {count}</translation>
        </message>
        <message>
            <source>Request partner assistance from the customers that qualify</source>
            <translation>Richiedi l'assistenza partner ai clienti idonei</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Requesting partner assistance…</source>
            <translation>Richiesta dell'assistenza partner in corso…</translation>
        </message>
        <message>
            <source>Requested — pending customer approval</source>
            <translation>Richiesta — in attesa dell'approvazione del cliente</translation>
        </message>
        <message>
            <source>{failed} of {total} requests failed.</source>
            <translation>{failed} richieste su {total} non riuscite.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Chiudi</translation>
        </message>
    </context>
    <context>
        <name>AuditDialog</name>
        <message>
            <source>Rename</source>
            <extracomment>Starts reading the entries (and the group names) off the GUI thread; the dialog gets ``(entries, groups), error`` back on the GUI thread.</extracomment>
            <translation>Rinomina</translation>
        </message>
        <message>
            <source>Add to group</source>
            <translation>Aggiungi al gruppo</translation>
        </message>
        <message>
            <source>Remove from group</source>
            <translation>Rimuovi dal gruppo</translation>
        </message>
        <message>
            <source>Launch</source>
            <translation>Avvia cliente</translation>
        </message>
        <message>
            <source>Request partner assistance</source>
            <translation>Richiedi assistenza partner</translation>
        </message>
        <message>
            <source>Create monthly account</source>
            <translation>Crea account mensile</translation>
        </message>
        <message>
            <source>Update billing type</source>
            <translation>Aggiorna tipo di fatturazione</translation>
        </message>
        <message>
            <source>Unlink</source>
            <translation>Scollega</translation>
        </message>
        <message>
            <source>Tags, alias or note</source>
            <translation>Etichette, alias o nota</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Fatto</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Non riuscito</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Prova</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>A termine</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Mensile</translation>
        </message>
        <message>
            <source>requested — pending customer approval</source>
            <translation>richiesta — in attesa dell'approvazione del cliente</translation>
        </message>
        <message>
            <source>on</source>
            <translation>attiva</translation>
        </message>
        <message>
            <source>off</source>
            <translation>disattivata</translation>
        </message>
        <message>
            <source>Group: {group}</source>
            <translation>Gruppo: {group}</translation>
        </message>
        <message>
            <source>Billing type: {billing}</source>
            <translation>Tipo di fatturazione: {billing}</translation>
        </message>
        <message>
            <source>Display name: {name}</source>
            <translation>Nome visualizzato come: {name}</translation>
        </message>
        <message>
            <source>Partner assistance: {status}</source>
            <translation>Assistenza partner: {status}</translation>
        </message>
        <message>
            <source>Scheduled for {date}</source>
            <translation>Pianificato per il {date}</translation>
        </message>
        <message>
            <source>Unlinked</source>
            <translation>Scollegato</translation>
        </message>
        <message>
            <source>Created {name}</source>
            <translation>Creato {name}</translation>
        </message>
        <message>
            <source>Sophos Central opened in the browser</source>
            <translation>Sophos Central aperto nel browser</translation>
        </message>
        <message>
            <source>No web browser opened the link</source>
            <translation>Nessun browser web ha aperto il link</translation>
        </message>
        <message>
            <source>Audit log</source>
            <translation>Registro delle attività</translation>
        </message>
        <message>
            <source>Actions done from this computer on this profile, newest first.</source>
            <translation>Operazioni eseguite da questo computer su questo profilo, dalla più recente.</translation>
        </message>
        <message>
            <source>Audit log entries</source>
            <translation>Voci del registro delle attività</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Quando</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Chi</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Operazione</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Cliente</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Esito</translation>
        </message>
        <message>
            <source>Detail</source>
            <translation>Dettaglio</translation>
        </message>
        <message>
            <source>No actions recorded yet.</source>
            <translation>Nessuna operazione registrata finora.</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Aggiorna</translation>
        </message>
        <message>
            <source>Refresh the audit log</source>
            <translation>Aggiorna il registro delle attività</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Chiudi</translation>
        </message>
        <message>
            <source>The audit log could not be read: {error}</source>
            <translation>Impossibile leggere il registro delle attività: {error}</translation>
        </message>
        <message>
            <source>Tenant ID: {id}</source>
            <translation>ID tenant: {id}</translation>
        </message>
    </context>
    <context>
        <name>BillingDialog</name>
        <message>
            <source>Update billing type — {name}</source>
            <extracomment>BillingType, licence key (str) or None</extracomment>
            <translation>Aggiorna tipo di fatturazione — {name}</translation>
        </message>
        <message>
            <source>Update billing type for {name}</source>
            <translation>Aggiorna il tipo di fatturazione di {name}</translation>
        </message>
        <message>
            <source>Current billing type: &lt;b&gt;{billing}&lt;/b&gt;</source>
            <translation>Tipo di fatturazione attuale: &lt;b&gt;{billing}&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Change to {billing}</source>
            <translation>Passa a {billing}</translation>
        </message>
        <message>
            <source>This customer's billing type cannot be changed here.</source>
            <translation>Il tipo di fatturazione di questo cliente non può essere modificato qui.</translation>
        </message>
        <message>
            <source>Licence key</source>
            <translation>Chiave di licenza</translation>
        </message>
        <message>
            <source>Licence key of the term subscription</source>
            <translation>Chiave di licenza dell'abbonamento a termine</translation>
        </message>
        <message>
            <source>&amp;Licence key</source>
            <translation>Chiave di &amp;licenza</translation>
        </message>
        <message>
            <source>Change billing type</source>
            <translation>Cambia tipo di fatturazione</translation>
        </message>
        <message>
            <source>Change the billing type</source>
            <translation>Cambia il tipo di fatturazione</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Prova</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>A termine</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Mensile</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Altro</translation>
        </message>
        <message>
            <source>Changing the billing type…</source>
            <translation>Modifica del tipo di fatturazione in corso…</translation>
        </message>
    </context>
    <context>
        <name>ContactDialog</name>
        <message>
            <source>Contact — {name}</source>
            <translation>Contatto — {name}</translation>
        </message>
        <message>
            <source>Contact details for {name}</source>
            <translation>Dati di contatto di {name}</translation>
        </message>
        <message>
            <source>Display name</source>
            <translation>Nome visualizzato</translation>
        </message>
        <message>
            <source>Account name</source>
            <translation>Nome account</translation>
        </message>
        <message>
            <source>Reading the contact details…</source>
            <translation>Lettura dei dati di contatto…</translation>
        </message>
        <message>
            <source>No contact details on file for this customer.</source>
            <translation>Nessun dato di contatto registrato per questo cliente.</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Contatto</translation>
        </message>
        <message>
            <source>Contact person</source>
            <translation>Referente</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Telefono</translation>
        </message>
        <message>
            <source>Mobile</source>
            <translation>Cellulare</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Indirizzo</translation>
        </message>
        <message>
            <source>Data geography / region</source>
            <translation>Area geografica / regione dei dati</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Prova</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>A termine</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Mensile</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Altro</translation>
        </message>
        <message>
            <source>Billing</source>
            <translation>Fatturazione</translation>
        </message>
        <message>
            <source>Tenant ID</source>
            <translation>ID tenant</translation>
        </message>
        <message>
            <source>This customer is no longer in your customer list (removed).</source>
            <translation>Questo cliente non è più nel tuo elenco clienti (rimosso).</translation>
        </message>
        <message>
            <source>Close</source>
            <extracomment>the Edit button next to the display name was pressed (tenant id)</extracomment>
            <translation>Chiudi</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>Modifica</translation>
        </message>
        <message>
            <source>Edit the display name</source>
            <translation>Modifica il nome visualizzato</translation>
        </message>
        <message>
            <source>Change the display name (F2)</source>
            <translation>Cambia il nome visualizzato (F2)</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>Copia</translation>
        </message>
        <message>
            <source>Copy {field}</source>
            <translation>Copia {field}</translation>
        </message>
    </context>
    <context>
        <name>CreateAccountDialog</name>
        <message>
            <source>United States</source>
            <translation>Stati Uniti</translation>
        </message>
        <message>
            <source>Ireland (EU)</source>
            <translation>Irlanda (UE)</translation>
        </message>
        <message>
            <source>Germany (EU)</source>
            <translation>Germania (UE)</translation>
        </message>
        <message>
            <source>Canada</source>
            <translation>Canada</translation>
        </message>
        <message>
            <source>Australia</source>
            <translation>Australia</translation>
        </message>
        <message>
            <source>Japan</source>
            <translation>Giappone</translation>
        </message>
        <message>
            <source>Brazil</source>
            <translation>Brasile</translation>
        </message>
        <message>
            <source>India</source>
            <translation>India</translation>
        </message>
        <message>
            <source>Austria</source>
            <translation>Austria</translation>
        </message>
        <message>
            <source>Belgium</source>
            <translation>Belgio</translation>
        </message>
        <message>
            <source>Switzerland</source>
            <translation>Svizzera</translation>
        </message>
        <message>
            <source>Germany</source>
            <translation>Germania</translation>
        </message>
        <message>
            <source>Denmark</source>
            <translation>Danimarca</translation>
        </message>
        <message>
            <source>Spain</source>
            <translation>Spagna</translation>
        </message>
        <message>
            <source>Finland</source>
            <translation>Finlandia</translation>
        </message>
        <message>
            <source>France</source>
            <translation>Francia</translation>
        </message>
        <message>
            <source>United Kingdom</source>
            <translation>Regno Unito</translation>
        </message>
        <message>
            <source>Ireland</source>
            <translation>Irlanda</translation>
        </message>
        <message>
            <source>Italy</source>
            <translation>Italia</translation>
        </message>
        <message>
            <source>Luxembourg</source>
            <translation>Lussemburgo</translation>
        </message>
        <message>
            <source>Mexico</source>
            <translation>Messico</translation>
        </message>
        <message>
            <source>Netherlands</source>
            <translation>Paesi Bassi</translation>
        </message>
        <message>
            <source>Norway</source>
            <translation>Norvegia</translation>
        </message>
        <message>
            <source>New Zealand</source>
            <translation>Nuova Zelanda</translation>
        </message>
        <message>
            <source>Poland</source>
            <translation>Polonia</translation>
        </message>
        <message>
            <source>Portugal</source>
            <translation>Portogallo</translation>
        </message>
        <message>
            <source>Sweden</source>
            <translation>Svezia</translation>
        </message>
        <message>
            <source>Singapore</source>
            <translation>Singapore</translation>
        </message>
        <message>
            <source>South Africa</source>
            <translation>Sudafrica</translation>
        </message>
        <message>
            <source>Customer name</source>
            <translation>Nome del cliente</translation>
        </message>
        <message>
            <source>Display name (optional)</source>
            <translation>Nome visualizzato (facoltativo)</translation>
        </message>
        <message>
            <source>First name</source>
            <translation>Nome</translation>
        </message>
        <message>
            <source>Last name</source>
            <translation>Cognome</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Telefono</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Indirizzo</translation>
        </message>
        <message>
            <source>Address line 2 (optional)</source>
            <translation>Indirizzo, riga 2 (facoltativo)</translation>
        </message>
        <message>
            <source>City</source>
            <translation>Città</translation>
        </message>
        <message>
            <source>State or province (optional)</source>
            <translation>Stato o provincia (facoltativo)</translation>
        </message>
        <message>
            <source>Postal code</source>
            <translation>Codice postale</translation>
        </message>
        <message>
            <source>Create monthly account</source>
            <extracomment>MonthlyAccountForm (already validated)</extracomment>
            <translation>Crea account mensile</translation>
        </message>
        <message>
            <source>A monthly account is billed each month for what the customer uses (MSP Flex). Partner assistance is on for it from the start.</source>
            <translation>Un account mensile viene fatturato ogni mese in base a ciò che il cliente utilizza (MSP Flex). L'assistenza partner è attiva fin dall'inizio.</translation>
        </message>
        <message>
            <source>Flex licences are not compatible with most Early Access Programs.</source>
            <translation>Le licenze Flex non sono compatibili con la maggior parte degli Early Access Program.</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Contatto</translation>
        </message>
        <message>
            <source>Data geography</source>
            <translation>Area geografica dei dati</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>Scegli…</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>Paese</translation>
        </message>
        <message>
            <source>Legal name of the customer</source>
            <translation>Ragione sociale del cliente</translation>
        </message>
        <message>
            <source>Create account</source>
            <translation>Crea account</translation>
        </message>
        <message>
            <source>Create the monthly account</source>
            <translation>Crea l'account mensile</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Creating the account…</source>
            <translation>Creazione dell'account in corso…</translation>
        </message>
    </context>
    <context>
        <name>CustomerActions</name>
        <message>
            <source>Contact info</source>
            <extracomment>the QAction's objectName and the CustomerActions attribute ("" = no QAction: started from a dialog, e.g. the group changes in Customer details) the QAction's text (English source; translated with the "CustomerActions" context) tooltip and status tip while it is offered the CustomerActions method the QAction calls: opens the dialog or starts the job QKeySequence text ("Ctrl+I", "F2", "Del"); "" = none the shortcut works only while the customer table has the focus (Del) icon name under resources/icons ("" = text only) the dialog kind (``CustomerActions.dialog(kind, key)``); "" = none the ActionsController method that runs it on a worker thread; "" = none (viewing) the status-bar note while it runs ({names}: the customers) the status-bar note when it worked ({name}: the customer)</extracomment>
            <translation>Informazioni di contatto</translation>
        </message>
        <message>
            <source>Customer details…</source>
            <translation>Dettagli del cliente…</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>Rinomina…</translation>
        </message>
        <message>
            <source>Launch customer</source>
            <translation>Avvia cliente</translation>
        </message>
        <message>
            <source>Request partner assistance</source>
            <translation>Richiedi assistenza partner</translation>
        </message>
        <message>
            <source>Update billing type…</source>
            <translation>Aggiorna tipo di fatturazione…</translation>
        </message>
        <message>
            <source>Unlink…</source>
            <translation>Scollega da Partner…</translation>
        </message>
        <message>
            <source>Create monthly account…</source>
            <translation>Crea account mensile…</translation>
        </message>
        <message>
            <source>Open Partner Dashboard</source>
            <translation>Apri la Partner Dashboard</translation>
        </message>
        <message>
            <source>Open the Sophos Central Partner Dashboard in your browser (for what the public Partner API does not offer)</source>
            <translation>Apri la Partner Dashboard di Sophos Central nel browser (per ciò che l'API Partner pubblica non offre)</translation>
        </message>
        <message>
            <source>Audit log</source>
            <translation>Registro delle attività</translation>
        </message>
        <message>
            <source>Contact details of the selected customer</source>
            <translation>Dati di contatto del cliente selezionato</translation>
        </message>
        <message>
            <source>Groups and licences of the selected customer (Ctrl+I)</source>
            <translation>Gruppi e licenze del cliente selezionato (Ctrl+I)</translation>
        </message>
        <message>
            <source>Change how the customer is displayed (F2)</source>
            <translation>Cambia come viene visualizzato il cliente (F2)</translation>
        </message>
        <message>
            <source>Open the customer's Sophos Central in your browser (Ctrl+L)</source>
            <translation>Apri Sophos Central del cliente nel browser (Ctrl+L)</translation>
        </message>
        <message>
            <source>Ask the customer to turn on partner assistance for you</source>
            <translation>Chiedi al cliente di attivare per te l'assistenza partner</translation>
        </message>
        <message>
            <source>Change between trial, term and monthly billing (Ctrl+B)</source>
            <translation>Passa tra fatturazione di prova, a termine e mensile (Ctrl+B)</translation>
        </message>
        <message>
            <source>Remove the selected customers from your list (Del)</source>
            <translation>Rimuovi i clienti selezionati dal tuo elenco (Canc)</translation>
        </message>
        <message>
            <source>Create a new monthly (MSP Flex) account (Ctrl+N)</source>
            <translation>Crea un nuovo account mensile (MSP Flex) (Ctrl+N)</translation>
        </message>
        <message>
            <source>&amp;Customer</source>
            <translation>&amp;Cliente</translation>
        </message>
        <message>
            <source>Customer actions</source>
            <translation>Azioni sul cliente</translation>
        </message>
        <message>
            <source>Use the Partner Dashboard in Sophos Central instead.</source>
            <translation>Usa invece la Partner Dashboard di Sophos Central.</translation>
        </message>
        <message>
            <source>You can ask for it with “Request partner assistance”.</source>
            <translation>Puoi chiederla con “Richiedi assistenza partner”.</translation>
        </message>
        <message>
            <source>Acts on {eligible} of the {total} selected customers; the others are left as they are:</source>
            <translation>Agisce su {eligible} dei {total} clienti selezionati; gli altri restano invariati:</translation>
        </message>
        <message>
            <source>{name}: {reason}</source>
            <translation>{name}: {reason}</translation>
        </message>
        <message>
            <source>Renaming {names}…</source>
            <translation>Ridenominazione di {names} in corso…</translation>
        </message>
        <message>
            <source>Adding {names} to the group…</source>
            <translation>Aggiunta di {names} al gruppo in corso…</translation>
        </message>
        <message>
            <source>Removing {names} from the group…</source>
            <translation>Rimozione di {names} dal gruppo in corso…</translation>
        </message>
        <message>
            <source>Launching {names}…</source>
            <translation>Avvio di {names} in corso…</translation>
        </message>
        <message>
            <source>Requesting partner assistance from {names}…</source>
            <translation>Richiesta di assistenza partner a {names} in corso…</translation>
        </message>
        <message>
            <source>Changing the billing type of {names}…</source>
            <translation>Modifica del tipo di fatturazione di {names} in corso…</translation>
        </message>
        <message>
            <source>Unlinking {names}…</source>
            <translation>Scollegamento di {names} in corso…</translation>
        </message>
        <message>
            <source>Creating the monthly account…</source>
            <translation>Creazione dell'account mensile in corso…</translation>
        </message>
        <message>
            <source>Working…</source>
            <extracomment>The spec of each action. The actions that have a QAction, in menu order.</extracomment>
            <translation>In corso…</translation>
        </message>
        <message>
            <source>{count} more</source>
            <translation>altri {count}</translation>
        </message>
        <message>
            <source>Renamed to {name}.</source>
            <translation>Rinominato in {name}.</translation>
        </message>
        <message>
            <source>{name} was added to the group.</source>
            <translation>{name} è stato aggiunto al gruppo.</translation>
        </message>
        <message>
            <source>{name} was removed from the group.</source>
            <translation>{name} è stato rimosso dal gruppo.</translation>
        </message>
        <message>
            <source>Partner Desk did not open the address the server returned for {name}, because it is not an https address on sophos.com: {url}</source>
            <translation>Partner Desk non ha aperto l'indirizzo restituito dal server per {name}, perché non è un indirizzo https su sophos.com: {url}</translation>
        </message>
        <message>
            <source>Opening Sophos Central for {name}…</source>
            <translation>Apertura di Sophos Central per {name}…</translation>
        </message>
        <message>
            <source>Partner assistance requested from {name} — pending customer approval. {help}</source>
            <translation>Assistenza partner richiesta a {name} — in attesa dell'approvazione del cliente. {help}</translation>
        </message>
        <message>
            <source>The billing type of {name} was changed.</source>
            <translation>Il tipo di fatturazione di {name} è stato modificato.</translation>
        </message>
        <message>
            <source>The monthly account {name} was created.</source>
            <translation>L'account mensile {name} è stato creato.</translation>
        </message>
        <message>
            <source>Sophos Central for {name} did not open: no web browser opened it.</source>
            <translation>Sophos Central per {name} non si è aperto: nessun browser web ha aperto il link.</translation>
        </message>
        <message>
            <source>Partner assistance requested from {done} customers, {failed} failed.</source>
            <translation>Assistenza partner richiesta a {done} clienti, {failed} non riuscite.</translation>
        </message>
        <message>
            <source>{unlinked} unlinked, {scheduled} scheduled, {failed} failed.</source>
            <translation>{unlinked} scollegati, {scheduled} pianificati, {failed} non riusciti.</translation>
        </message>
    </context>
    <context>
        <name>CustomerInsights</name>
        <message>
            <source>All</source>
            <translation>Tutti</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Prova</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>A termine</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Mensile</translation>
        </message>
        <message>
            <source>Managed orders</source>
            <translation>Ordini gestiti</translation>
        </message>
        <message>
            <source>Not manageable</source>
            <translation>Non gestibile</translation>
        </message>
        <message>
            <source>Expiring ≤ 30 d</source>
            <translation>In scadenza ≤ 30 g</translation>
        </message>
        <message>
            <source>Over-used</source>
            <translation>Sovrautilizzo</translation>
        </message>
        <message>
            <source>Tagged</source>
            <translation>Con etichette</translation>
        </message>
        <message>
            <source>Changed since my last look</source>
            <translation>Cambiati dall'ultima visita</translation>
        </message>
        <message>
            <source>Ignored</source>
            <translation>Ignorati</translation>
        </message>
        <message>
            <source>Filters</source>
            <extracomment>the profile's saved views by name (read with the extras, written through the session) set at shutdown: a running read of the extras stops (the seats are read one customer at a time, ~2 s at 100k)</extracomment>
            <translation>Filtri</translation>
        </message>
        <message>
            <source>Tags, alias and note…</source>
            <translation>Etichette, alias e nota…</translation>
        </message>
        <message>
            <source>Show ignored customers</source>
            <translation>Mostra i clienti ignorati</translation>
        </message>
        <message>
            <source>Mark changes as seen</source>
            <translation>Segna le modifiche come viste</translation>
        </message>
        <message>
            <source>Save view…</source>
            <translation>Salva vista…</translation>
        </message>
        <message>
            <source>Switch view…</source>
            <translation>Cambia vista…</translation>
        </message>
        <message>
            <source>{filter}: {count} customers</source>
            <translation>{filter}: {count} clienti</translation>
        </message>
        <message>
            <source>The tags could not be saved: {error}</source>
            <translation>Non è stato possibile salvare i tag: {error}</translation>
        </message>
        <message>
            <source>Select one or more customers first.</source>
            <translation>Seleziona prima uno o più clienti.</translation>
        </message>
        <message>
            <source>Save view</source>
            <translation>Salva vista</translation>
        </message>
        <message>
            <source>Name of this view:</source>
            <translation>Nome di questa vista:</translation>
        </message>
        <message>
            <source>View “{name}” saved: Ctrl+K switches to it.</source>
            <translation>Vista «{name}» salvata: Ctrl+K per passarci.</translation>
        </message>
        <message>
            <source>View: {name}</source>
            <translation>Vista: {name}</translation>
        </message>
        <message>
            <source>Filter: {name}</source>
            <translation>Filtro: {name}</translation>
        </message>
    </context>
    <context>
        <name>CustomerTableModel</name>
        <message>
            <source>Name</source>
            <translation>Nome</translation>
        </message>
        <message>
            <source>Billing</source>
            <translation>Fatturazione</translation>
        </message>
        <message>
            <source>Groups</source>
            <translation>Gruppi</translation>
        </message>
        <message>
            <source>Partner assistance</source>
            <translation>Assistenza partner</translation>
        </message>
        <message>
            <source>Data region</source>
            <translation>Regione dei dati</translation>
        </message>
        <message>
            <source>Last synced</source>
            <translation>Ultima sincronizzazione</translation>
        </message>
        <message>
            <source>Tenant ID</source>
            <translation>ID tenant</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Etichette</translation>
        </message>
        <message>
            <source>Over-used</source>
            <translation>Sovrautilizzo</translation>
        </message>
        <message>
            <source>Unused seats</source>
            <translation>Postazioni inutilizzate</translation>
        </message>
        <message>
            <source>Endpoint</source>
            <translation>Endpoint</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Server</translation>
        </message>
        <message>
            <source>Mobile</source>
            <translation>Cellulare</translation>
        </message>
        <message>
            <source>Encryption</source>
            <translation>Crittografia</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Firewall</source>
            <translation>Firewall</translation>
        </message>
        <message>
            <source>Wireless</source>
            <translation>Wireless</translation>
        </message>
        <message>
            <source>ZTNA</source>
            <translation>ZTNA</translation>
        </message>
        <message>
            <source>MDR</source>
            <translation>MDR</translation>
        </message>
        <message>
            <source>Phish Threat</source>
            <translation>Phish Threat</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Altro</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Attiva</translation>
        </message>
        <message>
            <source>Expiring</source>
            <translation>In scadenza</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Prova</translation>
        </message>
        <message>
            <source>Trial expired</source>
            <translation>Prova scaduta</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>Scaduta</translation>
        </message>
        <message>
            <source>Lapsed</source>
            <translation>Decaduta</translation>
        </message>
        <message>
            <source>No access</source>
            <translation>Nessun accesso</translation>
        </message>
        <message>
            <source>Active licence</source>
            <translation>Licenza attiva</translation>
        </message>
        <message>
            <source>Active, expires within 30 days</source>
            <translation>Attiva, scade entro 30 giorni</translation>
        </message>
        <message>
            <source>Trial licence</source>
            <translation>Licenza di prova</translation>
        </message>
        <message>
            <source>The trial has ended</source>
            <translation>La prova è terminata</translation>
        </message>
        <message>
            <source>Expired 60 days ago or more</source>
            <translation>Scaduta da 60 giorni o più</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>A termine</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Mensile</translation>
        </message>
        <message>
            <source>On</source>
            <translation>Attiva</translation>
        </message>
        <message>
            <source>Requested — pending customer approval</source>
            <translation>Richiesta — in attesa dell'approvazione del cliente</translation>
        </message>
        <message>
            <source>Declined</source>
            <translation>Rifiutata</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>Disattivata</translation>
        </message>
        <message>
            <source>Licence status for {category}</source>
            <extracomment>Emitted when the set of category columns that "Show my protection only" hides may have changed (after rows, removed-filter or toggle change). Emitted after the visible rows changed (search, rows, show removed). row index -&gt; what its cells show (see _row_cells)</extracomment>
            <translation>Stato della licenza per {category}</translation>
        </message>
        <message>
            <source>Working on this customer…</source>
            <translation>Operazione in corso su questo cliente…</translation>
        </message>
        <message>
            <source>{name}, managed customer order</source>
            <translation>{name}, ordine cliente gestito</translation>
        </message>
        <message>
            <source>{billing} · unlink scheduled</source>
            <translation>{billing} · scollegamento pianificato</translation>
        </message>
        <message>
            <source>Matched: account name {value}</source>
            <translation>Trovato nel nome account {value}</translation>
        </message>
        <message>
            <source>Matched: contact email {value}</source>
            <translation>Trovato nell'email del contatto {value}</translation>
        </message>
        <message>
            <source>Matched: tenant ID {value}</source>
            <translation>Trovato nell'ID tenant {value}</translation>
        </message>
        <message>
            <source>Account name: {name}</source>
            <translation>Nome account: {name}</translation>
        </message>
        <message>
            <source>$ Managed customer order</source>
            <translation>$ Ordine cliente gestito</translation>
        </message>
        <message>
            <source>Tenant ID: {id}</source>
            <translation>ID tenant: {id}</translation>
        </message>
        <message>
            <source>Click to see contact details</source>
            <translation>Fai clic per vedere i dati di contatto</translation>
        </message>
        <message>
            <source>Unlinking is scheduled for the first day of next month.</source>
            <translation>Lo scollegamento è pianificato per il primo giorno del mese successivo.</translation>
        </message>
        <message>
            <source>Removed: no longer in your customer list since {date}</source>
            <translation>Rimosso: non è più nel tuo elenco clienti dal {date}</translation>
        </message>
    </context>
    <context>
        <name>DetailsDialog</name>
        <message>
            <source>Customer groups</source>
            <extracomment>group id group id</extracomment>
            <translation>Gruppi di clienti</translation>
        </message>
        <message>
            <source>Groups of this customer</source>
            <translation>Gruppi di questo cliente</translation>
        </message>
        <message>
            <source>This customer is in no group.</source>
            <translation>Questo cliente non appartiene a nessun gruppo.</translation>
        </message>
        <message>
            <source>&amp;Remove from group</source>
            <translation>&amp;Rimuovi dal gruppo</translation>
        </message>
        <message>
            <source>Remove the customer from the selected group</source>
            <translation>Rimuovi il cliente dal gruppo selezionato</translation>
        </message>
        <message>
            <source>Add to &amp;group:</source>
            <translation>Aggiungi al &amp;gruppo:</translation>
        </message>
        <message>
            <source>Existing group to add the customer to</source>
            <translation>Gruppo esistente a cui aggiungere il cliente</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Salva</translation>
        </message>
        <message>
            <source>Add the customer to the chosen group</source>
            <translation>Aggiungi il cliente al gruppo scelto</translation>
        </message>
        <message>
            <source>Licences</source>
            <translation>Licenze</translation>
        </message>
        <message>
            <source>Licences of this customer</source>
            <translation>Licenze di questo cliente</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>Prodotto</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Tipo</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Inizio</translation>
        </message>
        <message>
            <source>End</source>
            <translation>Fine</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>Quantità</translation>
        </message>
        <message>
            <source>Usage</source>
            <translation>Utilizzo</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Stato</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Chiudi</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Attiva</translation>
        </message>
        <message>
            <source>Expiring</source>
            <translation>In scadenza</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Prova</translation>
        </message>
        <message>
            <source>Trial expired</source>
            <translation>Prova scaduta</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>Scaduta</translation>
        </message>
        <message>
            <source>Lapsed</source>
            <translation>Decaduta</translation>
        </message>
        <message>
            <source>Not manageable</source>
            <translation>Non gestibile</translation>
        </message>
        <message>
            <source>Customer details — {name}</source>
            <translation>Dettagli del cliente — {name}</translation>
        </message>
        <message>
            <source>Customer details for {name}</source>
            <translation>Dettagli del cliente {name}</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>A termine</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Mensile</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Altro</translation>
        </message>
        <message>
            <source>Billing: {billing}</source>
            <translation>Fatturazione: {billing}</translation>
        </message>
        <message>
            <source>Data region: {region}</source>
            <translation>Regione dei dati: {region}</translation>
        </message>
        <message>
            <source>$ Managed customer order</source>
            <translation>$ Ordine cliente gestito</translation>
        </message>
        <message>
            <source>Unlink scheduled for {date}</source>
            <translation>Scollegamento pianificato per il {date}</translation>
        </message>
        <message>
            <source>No other groups</source>
            <translation>Nessun altro gruppo</translation>
        </message>
        <message>
            <source>You cannot see this customer's licences: the customer has not given you access (partner assistance is off).</source>
            <translation>Non puoi vedere le licenze di questo cliente: il cliente non ti ha concesso l'accesso (l'assistenza partner è disattivata).</translation>
        </message>
        <message>
            <source>No licences on file for this customer.</source>
            <translation>Nessuna licenza registrata per questo cliente.</translation>
        </message>
        <message>
            <source>Perpetual</source>
            <translation>Perpetua</translation>
        </message>
        <message>
            <source>Unlimited</source>
            <translation>Illimitata</translation>
        </message>
        <message>
            <source>Licence {id}</source>
            <translation>Licenza {id}</translation>
        </message>
        <message>
            <source>Adding to {group}…</source>
            <translation>Aggiunta a {group} in corso…</translation>
        </message>
        <message>
            <source>Removing from {group}…</source>
            <translation>Rimozione da {group} in corso…</translation>
        </message>
    </context>
    <context>
        <name>FrozenNameTableView</name>
        <message>
            <source>Customer names</source>
            <extracomment>the frozen column (the model's Name column)</extracomment>
            <translation>Nomi dei clienti</translation>
        </message>
    </context>
    <context>
        <name>Gui</name>
        <message>
            <source>Reset demo data</source>
            <translation>Ripristina i dati demo</translation>
        </message>
        <message>
            <source>Start the demo afresh? Renames, group changes and requests made in the demo are forgotten. Your own profiles are not touched.</source>
            <translation>Ricominciare la demo da capo? Le ridenominazioni, le modifiche ai gruppi e le richieste fatte nella demo andranno perse. I tuoi profili non vengono toccati.</translation>
        </message>
        <message>
            <source>Reset demo data…</source>
            <translation>Ripristina i dati demo…</translation>
        </message>
        <message>
            <source>Start the demo sandbox and the Demo profile's cached data afresh</source>
            <translation>Fa ripartire da capo la sandbox demo e i dati in cache del profilo Demo</translation>
        </message>
        <message>
            <source>The profiles file was damaged; it was kept as {path}. Partner Desk started without your profiles: add them again or restore the file.</source>
            <translation>Il file dei profili era danneggiato; è stato conservato come {path}. Partner Desk è stato avviato senza i tuoi profili: aggiungili di nuovo o ripristina il file.</translation>
        </message>
        <message>
            <source>The profiles file cannot be used: {problem}</source>
            <translation>Il file dei profili non può essere usato: {problem}</translation>
        </message>
        <message>
            <source>Partner Desk</source>
            <translation>Partner Desk</translation>
        </message>
        <message>
            <source>There is no profile named {name}.</source>
            <translation>Non esiste un profilo denominato {name}.</translation>
        </message>
        <message>
            <source>This profile cannot sign in: {problem}</source>
            <translation>Questo profilo non può accedere: {problem}</translation>
        </message>
    </context>
    <context>
        <name>Insights</name>
        <message>
            <source>Customer</source>
            <extracomment>English column names of the report tables -&gt; translatable titles</extracomment>
            <translation>Cliente</translation>
        </message>
        <message>
            <source>Tenant ID</source>
            <translation>ID tenant</translation>
        </message>
        <message>
            <source>Billing</source>
            <translation>Fatturazione</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>Prodotto</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Categoria</translation>
        </message>
        <message>
            <source>Licence type</source>
            <translation>Tipo di licenza</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>Quantità</translation>
        </message>
        <message>
            <source>End date</source>
            <translation>Data di fine</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>Giorni</translation>
        </message>
        <message>
            <source>Bucket</source>
            <translation>Fascia</translation>
        </message>
        <message>
            <source>Reactivatable until</source>
            <translation>Riattivabile fino al</translation>
        </message>
        <message>
            <source>Unlinkable from</source>
            <translation>Scollegabile dal</translation>
        </message>
        <message>
            <source>Pinned</source>
            <translation>Fissato</translation>
        </message>
        <message>
            <source>In use</source>
            <translation>In uso</translation>
        </message>
        <message>
            <source>Over-used</source>
            <translation>Sovrautilizzo</translation>
        </message>
        <message>
            <source>Unused seats</source>
            <translation>Postazioni inutilizzate</translation>
        </message>
        <message>
            <source>Over-use flagged</source>
            <translation>Sovrautilizzo segnalato</translation>
        </message>
        <message>
            <source>Unused flagged</source>
            <translation>Inutilizzo segnalato</translation>
        </message>
        <message>
            <source>Customers</source>
            <translation>Clienti</translation>
        </message>
        <message>
            <source>Customers over-used</source>
            <translation>Clienti in sovrautilizzo</translation>
        </message>
        <message>
            <source>Customers with unused seats</source>
            <translation>Clienti con postazioni inutilizzate</translation>
        </message>
        <message>
            <source>Account ID</source>
            <translation>ID account</translation>
        </message>
        <message>
            <source>Lines</source>
            <translation>Righe</translation>
        </message>
        <message>
            <source>Billable</source>
            <translation>Fatturabile</translation>
        </message>
        <message>
            <source>Previous month</source>
            <translation>Mese precedente</translation>
        </message>
        <message>
            <source>Delta</source>
            <translation>Differenza</translation>
        </message>
        <message>
            <source>Net price</source>
            <translation>Prezzo netto</translation>
        </message>
        <message>
            <source>Currency</source>
            <translation>Valuta</translation>
        </message>
        <message>
            <source>Order line</source>
            <translation>Riga d'ordine</translation>
        </message>
        <message>
            <source>SKU</source>
            <translation>SKU</translation>
        </message>
        <message>
            <source>Product code</source>
            <translation>Codice prodotto</translation>
        </message>
        <message>
            <source>Product group</source>
            <translation>Gruppo di prodotti</translation>
        </message>
        <message>
            <source>Ordered</source>
            <translation>Ordinato</translation>
        </message>
        <message>
            <source>Actual</source>
            <translation>Effettivo</translation>
        </message>
        <message>
            <source>Seen at</source>
            <translation>Visto il</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Modifica</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Oggetto</translation>
        </message>
        <message>
            <source>Old</source>
            <translation>Prima</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Dopo</translation>
        </message>
        <message>
            <source>≤ 30 days</source>
            <extracomment>cell values the views translate (buckets, change kinds, yes)</extracomment>
            <translation>≤ 30 giorni</translation>
        </message>
        <message>
            <source>31–60 days</source>
            <translation>31–60 giorni</translation>
        </message>
        <message>
            <source>61–90 days</source>
            <translation>61–90 giorni</translation>
        </message>
        <message>
            <source>Expired (reactivatable)</source>
            <translation>Scaduta (riattivabile)</translation>
        </message>
        <message>
            <source>Lapsed</source>
            <translation>Decaduta</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>sì</translation>
        </message>
        <message>
            <source>New customer</source>
            <translation>Nuovo cliente</translation>
        </message>
        <message>
            <source>Listed again</source>
            <translation>Di nuovo in elenco</translation>
        </message>
        <message>
            <source>Removed</source>
            <translation>Rimosso</translation>
        </message>
        <message>
            <source>Renamed</source>
            <translation>Rinominato</translation>
        </message>
        <message>
            <source>Billing type</source>
            <translation>Tipo di fatturazione</translation>
        </message>
        <message>
            <source>Partner assistance</source>
            <translation>Assistenza partner</translation>
        </message>
        <message>
            <source>Licence added</source>
            <translation>Licenza aggiunta</translation>
        </message>
        <message>
            <source>Licence removed</source>
            <translation>Licenza rimossa</translation>
        </message>
        <message>
            <source>Licence quantity</source>
            <translation>Quantità della licenza</translation>
        </message>
        <message>
            <source>Licence end date</source>
            <translation>Data di fine della licenza</translation>
        </message>
        <message>
            <source>Manageable</source>
            <translation>Gestibile</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Prova</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>A termine</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Mensile</translation>
        </message>
        <message>
            <source>Enterprise</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>Perpetual</source>
            <translation>Perpetua</translation>
        </message>
    </context>
    <context>
        <name>InsightsDialog</name>
        <message>
            <source>Insights</source>
            <translation>Analisi</translation>
        </message>
        <message>
            <source>Loading from the cache…</source>
            <translation>Lettura dalla cache…</translation>
        </message>
        <message>
            <source>Export this list…</source>
            <translation>Esporta questo elenco…</translation>
        </message>
        <message>
            <source>Export this list</source>
            <translation>Esporta questo elenco</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Chiudi</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Mostra</translation>
        </message>
        <message>
            <source>All</source>
            <translation>Tutte</translation>
        </message>
        <message>
            <source>Ending in ≤ 30 days</source>
            <translation>In scadenza entro 30 giorni</translation>
        </message>
        <message>
            <source>Ending in 31–60 days</source>
            <translation>In scadenza tra 31 e 60 giorni</translation>
        </message>
        <message>
            <source>Ending in 61–90 days</source>
            <translation>In scadenza tra 61 e 90 giorni</translation>
        </message>
        <message>
            <source>Expired, still reactivatable</source>
            <translation>Scadute, ancora riattivabili</translation>
        </message>
        <message>
            <source>Lapsed</source>
            <translation>Decadute</translation>
        </message>
        <message>
            <source>Group by</source>
            <translation>Raggruppa per</translation>
        </message>
        <message>
            <source>Group by end date</source>
            <translation>Raggruppa per data di fine</translation>
        </message>
        <message>
            <source>Group by customer</source>
            <translation>Raggruppa per cliente</translation>
        </message>
        <message>
            <source>Group by product</source>
            <translation>Raggruppa per prodotto</translation>
        </message>
        <message>
            <source>Include monthly licences</source>
            <translation>Includi le licenze mensili</translation>
        </message>
        <message>
            <source>Monthly (usage) licences renew by themselves.</source>
            <translation>Le licenze mensili (a consumo) si rinnovano da sole.</translation>
        </message>
        <message>
            <source>Pinned only</source>
            <translation>Solo fissate</translation>
        </message>
        <message>
            <source>Pin to follow up</source>
            <translation>Fissa da seguire</translation>
        </message>
        <message>
            <source>Unpin</source>
            <translation>Togli</translation>
        </message>
        <message>
            <source>Renewals</source>
            <translation>Rinnovi</translation>
        </message>
        <message>
            <source>Flag over this share of the quantity (%)</source>
            <translation>Segnala oltre questa quota della quantità (%)</translation>
        </message>
        <message>
            <source>and at least this many seats</source>
            <translation>e almeno queste postazioni</translation>
        </message>
        <message>
            <source>Flagged only</source>
            <translation>Solo segnalati</translation>
        </message>
        <message>
            <source>Flag a difference over</source>
            <translation>Segnala una differenza oltre</translation>
        </message>
        <message>
            <source>and at least</source>
            <translation>e di almeno</translation>
        </message>
        <message>
            <source>seats</source>
            <translation>postazioni</translation>
        </message>
        <message>
            <source>Reconciliation</source>
            <translation>Riconciliazione</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Mese</translation>
        </message>
        <message>
            <source>Billing</source>
            <translation>Fatturazione</translation>
        </message>
        <message>
            <source>Only since my last look</source>
            <translation>Solo dall'ultima visita</translation>
        </message>
        <message>
            <source>Mark all as seen</source>
            <translation>Segna tutto come visto</translation>
        </message>
        <message>
            <source>What changed</source>
            <translation>Cosa è cambiato</translation>
        </message>
        <message>
            <source>The cache could not be read: {error}</source>
            <translation>Impossibile leggere la cache: {error}</translation>
        </message>
        <message>
            <source>From the cache, {today}. Sync to refresh.</source>
            <translation>Dalla cache, {today}. Sincronizza per aggiornare.</translation>
        </message>
        <message>
            <source>≤ 30 days: {d30} · 31–60: {d60} · 61–90: {d90} · expired, reactivatable: {expired} · lapsed: {lapsed} · pinned: {pinned}</source>
            <translation>≤ 30 giorni: {d30} · 31–60: {d60} · 61–90: {d90} · scadute, riattivabili: {expired} · decadute: {lapsed} · fissate: {pinned}</translation>
        </message>
        <message>
            <source>{over} over-used and {unused} with unused seats, of {lines} lines</source>
            <translation>{over} in sovrautilizzo e {unused} con postazioni inutilizzate, su {lines} righe</translation>
        </message>
        <message>
            <source>No billing usage cached yet: sync to fetch this month's.</source>
            <translation>Nessun consumo fatturabile in cache: sincronizza per scaricare quello del mese.</translation>
        </message>
        <message>
            <source>{customers} customers, {lines} lines; {changed} changed since the month before</source>
            <translation>{customers} clienti, {lines} righe; {changed} cambiati rispetto al mese prima</translation>
        </message>
        <message>
            <source>{new} changes since your last look ({when}); {total} in all</source>
            <translation>{new} modifiche dall'ultima visita ({when}); {total} in tutto</translation>
        </message>
        <message>
            <source>never</source>
            <translation>mai</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx);;CSV (*.csv);;JSON (*.json)</source>
            <translation>Cartella di lavoro Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Esporta</translation>
        </message>
        <message>
            <source>Exported {n} rows to {path}.</source>
            <translation>Esportate {n} righe in {path}.</translation>
        </message>
    </context>
    <context>
        <name>LaunchFailedDialog</name>
        <message>
            <source>Sophos Central did not open</source>
            <translation>Sophos Central non si è aperto</translation>
        </message>
        <message>
            <source>Sophos Central for {name} could not be opened: no web browser opened the link on this computer. Copy the link and open it in a browser (it is valid for a short time only).</source>
            <translation>Non è stato possibile aprire Sophos Central per {name}: nessun browser web ha aperto il link su questo computer. Copia il link e aprilo in un browser (è valido solo per poco tempo).</translation>
        </message>
        <message>
            <source>Link to the customer's Sophos Central</source>
            <translation>Link al Sophos Central del cliente</translation>
        </message>
        <message>
            <source>&amp;Copy link</source>
            <translation>&amp;Copia link</translation>
        </message>
        <message>
            <source>Copy the link to the clipboard</source>
            <translation>Copia il link negli appunti</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Chiudi</translation>
        </message>
        <message>
            <source>The link was copied to the clipboard.</source>
            <translation>Il link è stato copiato negli appunti.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Show my protection only</source>
            <translation>Mostra solo la mia protezione</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>Sincronizza</translation>
        </message>
        <message>
            <source>Fetch the latest customers and licences (F5)</source>
            <translation>Scarica i clienti e le licenze più recenti (F5)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Stop the running sync; the cached data stays</source>
            <translation>Interrompi la sincronizzazione in corso; i dati in cache restano</translation>
        </message>
        <message>
            <source>Export visible rows…</source>
            <translation>Esporta righe visibili…</translation>
        </message>
        <message>
            <source>Profiles…</source>
            <translation>Profili…</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Esci</translation>
        </message>
        <message>
            <source>Show removed customers</source>
            <translation>Mostra clienti rimossi</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Scorciatoie da tastiera</translation>
        </message>
        <message>
            <source>About Partner Desk</source>
            <translation>Informazioni su Partner Desk</translation>
        </message>
        <message>
            <source>Main toolbar</source>
            <translation>Barra degli strumenti principale</translation>
        </message>
        <message>
            <source>Search customers</source>
            <translation>Cerca clienti</translation>
        </message>
        <message>
            <source>Name, display name, contact email or tenant ID (Ctrl+F; Esc clears)</source>
            <translation>Nome, nome visualizzato, email del contatto o ID tenant (Ctrl+F; Esc per cancellare)</translation>
        </message>
        <message>
            <source>Clear search</source>
            <translation>Cancella ricerca</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Cerca</translation>
        </message>
        <message>
            <source>Show active protection only: hide licence columns with no active, expiring or trial licence and leave inactive cells blank</source>
            <translation>Mostra solo la protezione attiva: nasconde le colonne di licenza senza licenze attive, in scadenza o di prova e lascia vuote le celle non attive</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Riprova</translation>
        </message>
        <message>
            <source>Retry the sync</source>
            <translation>Riprova la sincronizzazione</translation>
        </message>
        <message>
            <source>Edit profile…</source>
            <translation>Modifica profilo…</translation>
        </message>
        <message>
            <source>Edit this profile's secret and URLs</source>
            <translation>Modifica il Client secret e gli URL di questo profilo</translation>
        </message>
        <message>
            <source>Hide this message</source>
            <translation>Nascondi questo messaggio</translation>
        </message>
        <message>
            <source>Customers</source>
            <translation>Clienti</translation>
        </message>
        <message>
            <source>Sync progress</source>
            <translation>Avanzamento della sincronizzazione</translation>
        </message>
        <message>
            <source>Last sync result</source>
            <translation>Esito dell'ultima sincronizzazione</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Visualizza</translation>
        </message>
        <message>
            <source>Customer list up to date · licences refreshed for {done} of {total} customers</source>
            <translation>Elenco clienti aggiornato · licenze aggiornate per {done} clienti su {total}</translation>
        </message>
        <message>
            <source>{customers} customers, {licences} licences, {not_manageable} not manageable, {seconds} s</source>
            <translation>{customers} clienti, {licences} licenze, {not_manageable} non gestibili, {seconds} s</translation>
        </message>
        <message>
            <source>{count} items of the server's answers were skipped (details in the log)</source>
            <translation>{count} elementi delle risposte del server sono stati ignorati (dettagli nel registro)</translation>
        </message>
        <message>
            <source>{stale} customers kept their previous licences (their licence request failed); the next sync refreshes them first</source>
            <translation>{stale} clienti mantengono le licenze precedenti (la richiesta delle loro licenze non è riuscita); la prossima sincronizzazione li aggiorna per primi</translation>
        </message>
        <message>
            <source>Sync cancelled — what it saved so far is kept</source>
            <translation>Sincronizzazione annullata — quanto già salvato viene mantenuto</translation>
        </message>
        <message>
            <source>A sync of this profile is already running — showing the cached data</source>
            <translation>È già in corso una sincronizzazione di questo profilo — vengono mostrati i dati in cache</translation>
        </message>
        <message>
            <source>Reading the cached customers…</source>
            <translation>Lettura dei clienti in cache…</translation>
        </message>
        <message>
            <source>First sync: fetching your customers</source>
            <translation>Prima sincronizzazione: recupero dei tuoi clienti</translation>
        </message>
        <message>
            <source>Licences</source>
            <translation>Licenze</translation>
        </message>
        <message>
            <source>The customers appear here as soon as their list is complete.</source>
            <translation>I clienti compaiono qui appena il loro elenco è completo.</translation>
        </message>
        <message>
            <source>No customers cached yet</source>
            <translation>Ancora nessun cliente in cache</translation>
        </message>
        <message>
            <source>No customers</source>
            <translation>Nessun cliente</translation>
        </message>
        <message>
            <source>The last sync found no customers.</source>
            <translation>L'ultima sincronizzazione non ha trovato clienti.</translation>
        </message>
        <message>
            <source>Sync (F5) fetches them from the Partner API.</source>
            <translation>Sincronizza (F5) per recuperarli dalla Partner API.</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Aiuto</translation>
        </message>
        <message>
            <source>just now</source>
            <translation>proprio ora</translation>
        </message>
        <message>
            <source>{minutes} min ago</source>
            <translation>{minutes} min fa</translation>
        </message>
        <message>
            <source>today {time}</source>
            <translation>oggi alle {time}</translation>
        </message>
        <message>
            <source>yesterday {time}</source>
            <translation>ieri alle {time}</translation>
        </message>
        <message>
            <source>offline — never synced</source>
            <translation>offline — mai sincronizzato</translation>
        </message>
        <message>
            <source>never synced</source>
            <translation>mai sincronizzato</translation>
        </message>
        <message>
            <source>offline — synced {when}</source>
            <translation>offline — sincronizzato {when}</translation>
        </message>
        <message>
            <source>synced {when}</source>
            <translation>sincronizzato {when}</translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>Impostazioni…</translation>
        </message>
        <message>
            <source>Show tenant ID column</source>
            <translation>Mostra la colonna ID tenant</translation>
        </message>
        <message>
            <source>Insights: renewals, seats, billing, changes…</source>
            <translation>Analisi: rinnovi, postazioni, fatturazione, modifiche…</translation>
        </message>
        <message>
            <source>Partner Desk — {profile}</source>
            <extracomment>Emitted after the cached rows of a profile are in the table. Emitted after a sync ended (the SyncSummary).</extracomment>
            <translation>Partner Desk — {profile}</translation>
        </message>
        <message>
            <source>Profile: {profile}</source>
            <translation>Profilo: {profile}</translation>
        </message>
        <message>
            <source>Loading cached customers…</source>
            <translation>Caricamento dei clienti in cache…</translation>
        </message>
        <message>
            <source>Connecting to the team database…</source>
            <translation>Connessione al database del team…</translation>
        </message>
        <message>
            <source>never</source>
            <translation>mai</translation>
        </message>
        <message>
            <source>Team database: live</source>
            <translation>Database del team: aggiornato in tempo reale</translation>
        </message>
        <message>
            <source>Team database unreachable: showing the local copy from {when}</source>
            <translation>Database del team non raggiungibile: è mostrata la copia locale di {when}</translation>
        </message>
        <message>
            <source>The cached customers could not be read: {error}</source>
            <translation>Impossibile leggere i clienti in cache: {error}</translation>
        </message>
        <message>
            <source>No client secret is stored for the profile {profile}. Open File › Profiles… to enter it.</source>
            <translation>Per il profilo {profile} non è memorizzato alcun client secret. Apri File › Profili… per inserirlo.</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>Connessione…</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Sincronizzazione…</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Annullamento…</translation>
        </message>
        <message>
            <source>Customers %v/%m</source>
            <translation>Clienti %v/%m</translation>
        </message>
        <message>
            <source>Licences %v/%m</source>
            <translation>Licenze %v/%m</translation>
        </message>
        <message>
            <source>Groups…</source>
            <translation>Gruppi…</translation>
        </message>
        <message>
            <source>Billing usage…</source>
            <translation>Consumi fatturabili…</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Salvataggio…</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Fatto</translation>
        </message>
        <message>
            <source>{new} new, {removed} removed, {changed} changed</source>
            <translation>{new} nuovi, {removed} rimossi, {changed} modificati</translation>
        </message>
        <message>
            <source>A sync of this profile is already running elsewhere — no customers cached yet; sync again when it has ended</source>
            <translation>Una sincronizzazione di questo profilo è già in corso altrove — ancora nessun cliente in cache; sincronizza di nuovo quando è terminata</translation>
        </message>
        <message>
            <source>reading cache…</source>
            <translation>lettura della cache…</translation>
        </message>
        <message>
            <source>{total} customers</source>
            <translation>{total} clienti</translation>
        </message>
        <message>
            <source>{shown} of {total} customers</source>
            <translation>{shown} di {total} clienti</translation>
        </message>
        <message>
            <source>Rows copied: {count}</source>
            <translation>Righe copiate: {count}</translation>
        </message>
        <message>
            <source>Export visible rows</source>
            <translation>Esporta righe visibili</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>File CSV (*.csv)</translation>
        </message>
        <message>
            <source>The file could not be written: {error}</source>
            <translation>Impossibile scrivere il file: {error}</translation>
        </message>
        <message>
            <source>Exported {count} rows to {path}</source>
            <translation>Esportate {count} righe in {path}</translation>
        </message>
        <message>
            <source>The profile {name} no longer exists.</source>
            <translation>Il profilo {name} non esiste più.</translation>
        </message>
        <message>
            <source>Sync now</source>
            <translation>Sincronizza ora</translation>
        </message>
        <message>
            <source>Clear the search (in the search box)</source>
            <translation>Cancella la ricerca (nella casella di ricerca)</translation>
        </message>
        <message>
            <source>Contact details of the current customer</source>
            <translation>Dati di contatto del cliente corrente</translation>
        </message>
        <message>
            <source>Copy the selected rows</source>
            <translation>Copia le righe selezionate</translation>
        </message>
        <message>
            <source>Export visible rows to CSV</source>
            <translation>Esporta le righe visibili in CSV</translation>
        </message>
        <message>
            <source>Customer details: groups and licences</source>
            <translation>Dettagli del cliente: gruppi e licenze</translation>
        </message>
        <message>
            <source>Rename the selected customer</source>
            <translation>Rinomina il cliente selezionato</translation>
        </message>
        <message>
            <source>Launch the customer's Sophos Central</source>
            <translation>Avvia Sophos Central del cliente</translation>
        </message>
        <message>
            <source>Update billing type</source>
            <translation>Aggiorna tipo di fatturazione</translation>
        </message>
        <message>
            <source>Unlink the selected customers (in the table)</source>
            <translation>Scollega i clienti selezionati (nella tabella)</translation>
        </message>
        <message>
            <source>Create a monthly account</source>
            <translation>Crea un account mensile</translation>
        </message>
        <message>
            <source>Settings: language and theme</source>
            <translation>Impostazioni: lingua e tema</translation>
        </message>
        <message>
            <source>Partner Desk — the Sophos Central Partner customer list on your desktop, fast and available offline.</source>
            <translation>Partner Desk — l'elenco clienti di Sophos Central Partner sul tuo desktop, veloce e disponibile offline.</translation>
        </message>
    </context>
    <context>
        <name>MessageBar</name>
        <message>
            <source>Message</source>
            <translation>Messaggio</translation>
        </message>
    </context>
    <context>
        <name>NotesDialog</name>
        <message>
            <source>Tags, alias and note</source>
            <translation>Etichette, alias e nota</translation>
        </message>
        <message>
            <source>{count} customers selected.</source>
            <translation>{count} clienti selezionati.</translation>
        </message>
        <message>
            <source>One customer selected.</source>
            <translation>Un cliente selezionato.</translation>
        </message>
        <message>
            <source>gold, north, renew-q3</source>
            <translation>oro, nord, rinnovo-q3</translation>
        </message>
        <message>
            <source>Add tags</source>
            <translation>Aggiungi etichette</translation>
        </message>
        <message>
            <source>Remove tags</source>
            <translation>Togli etichette</translation>
        </message>
        <message>
            <source>Alias</source>
            <translation>Alias</translation>
        </message>
        <message>
            <source>(unchanged)</source>
            <translation>(invariato)</translation>
        </message>
        <message>
            <source>Your own name for it</source>
            <translation>Il nome che usi tu</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Nota</translation>
        </message>
        <message>
            <source>Ignore: hide from the default view</source>
            <translation>Ignora: nascondi dalla vista predefinita</translation>
        </message>
    </context>
    <context>
        <name>PaletteDialog</name>
        <message>
            <source>Switch view</source>
            <translation>Cambia vista</translation>
        </message>
        <message>
            <source>Type a view or filter name…</source>
            <translation>Scrivi il nome di una vista o di un filtro…</translation>
        </message>
        <message>
            <source>Find a view</source>
            <translation>Trova una vista</translation>
        </message>
        <message>
            <source>Views and filters</source>
            <translation>Viste e filtri</translation>
        </message>
    </context>
    <context>
        <name>ProfilesDialog</name>
        <message>
            <source>Profiles</source>
            <extracomment>The user chose to switch to this profile name. A profile was edited: its old name, its new name (the same unless renamed). A save or a removal ended (True: done); ``profiles.json`` and the keyring are written off the GUI thread, the dialog is busy meanwhile. The saved profiles were read (off the GUI thread) and listed.</extracomment>
            <translation>Profili</translation>
        </message>
        <message>
            <source>Profiles on this computer:</source>
            <extracomment>the name of the profile the form edits; None: the form adds a new profile the saved profiles by name, as last read off the GUI thread (None: not yet)</extracomment>
            <translation>Profili su questo computer:</translation>
        </message>
        <message>
            <source>Switch to this profile</source>
            <translation>Passa a questo profilo</translation>
        </message>
        <message>
            <source>Switch to the selected profile</source>
            <translation>Passa al profilo selezionato</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Rimuovi</translation>
        </message>
        <message>
            <source>Remove the selected profile</source>
            <translation>Rimuovi il profilo selezionato</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Modifica…</translation>
        </message>
        <message>
            <source>Edit the selected profile: its secret, URLs or name</source>
            <translation>Modifica il profilo selezionato: Client secret, URL o nome</translation>
        </message>
        <message>
            <source>Add a Sophos Central profile</source>
            <translation>Aggiungi un profilo Sophos Central</translation>
        </message>
        <message>
            <source>Profile name</source>
            <translation>Nome del profilo</translation>
        </message>
        <message>
            <source>Client ID</source>
            <translation>Client ID</translation>
        </message>
        <message>
            <source>Client secret</source>
            <translation>Client secret</translation>
        </message>
        <message>
            <source>Identity URL</source>
            <translation>URL di identità</translation>
        </message>
        <message>
            <source>Global URL</source>
            <translation>URL globale</translation>
        </message>
        <message>
            <source>Test connection</source>
            <translation>Verifica connessione</translation>
        </message>
        <message>
            <source>Save profile</source>
            <translation>Salva profilo</translation>
        </message>
        <message>
            <source>New profile</source>
            <translation>Nuovo profilo</translation>
        </message>
        <message>
            <source>Clear the form to add a new profile</source>
            <translation>Svuota il modulo per aggiungere un nuovo profilo</translation>
        </message>
        <message>
            <source>sandbox</source>
            <translation>sandbox</translation>
        </message>
        <message>
            <source>Sophos Central</source>
            <translation>Sophos Central</translation>
        </message>
        <message>
            <source>{name} ({kind})</source>
            <translation>{name} ({kind})</translation>
        </message>
        <message>
            <source>{profile} — open now</source>
            <translation>{profile} — aperto ora</translation>
        </message>
        <message>
            <source>The profile {name} no longer exists.</source>
            <translation>Il profilo {name} non esiste più.</translation>
        </message>
        <message>
            <source>The Demo profile is set up by Partner Desk and cannot be edited; File › Reset demo data starts it afresh.</source>
            <translation>Il profilo Demo è configurato da Partner Desk e non si può modificare; File › Ripristina i dati demo lo fa ripartire da capo.</translation>
        </message>
        <message>
            <source>Edit the profile {name}</source>
            <translation>Modifica il profilo {name}</translation>
        </message>
        <message>
            <source>Leave empty to keep the stored secret</source>
            <translation>Lascia vuoto per mantenere il Client secret salvato</translation>
        </message>
        <message>
            <source>Save changes</source>
            <translation>Salva le modifiche</translation>
        </message>
        <message>
            <source>Enter the client secret again, or change the profile's URLs or name.</source>
            <translation>Inserisci di nuovo il Client secret, oppure modifica gli URL o il nome del profilo.</translation>
        </message>
        <message>
            <source>Replace profile</source>
            <translation>Sostituisci profilo</translation>
        </message>
        <message>
            <source>A profile named {name} already exists. Replace its client ID, URLs and secret with these?</source>
            <translation>Esiste già un profilo di nome {name}. Sostituirne Client ID, URL e Client secret con questi?</translation>
        </message>
        <message>
            <source>Switch to another profile before removing this one.</source>
            <translation>Passa a un altro profilo prima di rimuovere questo.</translation>
        </message>
        <message>
            <source>Profile {name} removed.</source>
            <translation>Profilo {name} rimosso.</translation>
        </message>
        <message>
            <source>The client secret is required.</source>
            <translation>Il client secret è obbligatorio.</translation>
        </message>
        <message>
            <source>A {kind} profile is already named {name}; choose another name.</source>
            <translation>Un profilo {kind} si chiama già {name}; scegli un altro nome.</translation>
        </message>
        <message>
            <source>Nothing was changed.</source>
            <translation>Non è stato modificato nulla.</translation>
        </message>
        <message>
            <source>Profile {name} saved.</source>
            <translation>Profilo {name} salvato.</translation>
        </message>
        <message>
            <source>Profile {name} saved. No system keyring is available, so the client secret is kept for this session only.</source>
            <translation>Profilo {name} salvato. Non è disponibile un portachiavi di sistema, quindi il client secret viene conservato solo per questa sessione.</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Salvataggio…</translation>
        </message>
        <message>
            <source>team</source>
            <translation>team</translation>
        </message>
        <message>
            <source>Testing the connection…</source>
            <translation>Verifica della connessione…</translation>
        </message>
        <message>
            <source>Connected. Partner ID: {partner}</source>
            <translation>Connesso. ID partner: {partner}</translation>
        </message>
        <message>
            <source>Connection failed: {error}</source>
            <translation>Connessione non riuscita: {error}</translation>
        </message>
    </context>
    <context>
        <name>RenameDialog</name>
        <message>
            <source>Display name as — {name}</source>
            <extracomment>the cleaned new display name</extracomment>
            <translation>Nome visualizzato come — {name}</translation>
        </message>
        <message>
            <source>Rename customer {name}</source>
            <translation>Rinomina il cliente {name}</translation>
        </message>
        <message>
            <source>The display name is how this customer appears in your customer list. The account name ({name}) does not change.</source>
            <translation>Il nome visualizzato è il modo in cui questo cliente appare nel tuo elenco clienti. Il nome account ({name}) non cambia.</translation>
        </message>
        <message>
            <source>Display name</source>
            <translation>Nome visualizzato</translation>
        </message>
        <message>
            <source>&amp;Display name as</source>
            <translation>&amp;Nome visualizzato come</translation>
        </message>
        <message>
            <source>Save the display name</source>
            <translation>Salva il nome visualizzato</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Renaming…</source>
            <translation>Ridenominazione in corso…</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>Impostazioni</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Lingua</translation>
        </message>
        <message>
            <source>System default</source>
            <translation>Predefinita di sistema</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>&amp;Lingua:</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>Tema</translation>
        </message>
        <message>
            <source>System</source>
            <translation>Sistema</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Chiaro</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Scuro</translation>
        </message>
        <message>
            <source>&amp;Theme:</source>
            <translation>&amp;Tema:</translation>
        </message>
        <message>
            <source>Takes effect when Partner Desk restarts.</source>
            <translation>Diventa effettivo al riavvio di Partner Desk.</translation>
        </message>
    </context>
    <context>
        <name>SyncMessages</name>
        <message>
            <source>Signing in</source>
            <translation>Accesso in corso</translation>
        </message>
        <message>
            <source>Fetching customers</source>
            <translation>Recupero dei clienti</translation>
        </message>
        <message>
            <source>Fetched {count} customers</source>
            <translation>Recuperati {count} clienti</translation>
        </message>
        <message>
            <source>Customer list saved ({count} customers); refreshing licences</source>
            <translation>Elenco clienti salvato ({count} clienti); aggiornamento delle licenze</translation>
        </message>
        <message>
            <source>Resuming the licence refresh where the last sync stopped</source>
            <translation>Ripresa dell'aggiornamento delle licenze da dove si era fermata l'ultima sincronizzazione</translation>
        </message>
        <message>
            <source>Fetching licences</source>
            <translation>Recupero delle licenze</translation>
        </message>
        <message>
            <source>Licences refreshed for {refreshed} of {count} customers</source>
            <translation>Licenze aggiornate per {refreshed} clienti su {count}</translation>
        </message>
        <message>
            <source>Fetching customer groups</source>
            <translation>Recupero dei gruppi di clienti</translation>
        </message>
        <message>
            <source>Fetching billing usage</source>
            <translation>Recupero dell'utilizzo fatturato</translation>
        </message>
        <message>
            <source>Saving</source>
            <translation>Salvataggio</translation>
        </message>
        <message>
            <source>Sync complete</source>
            <translation>Sincronizzazione completata</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Sincronizzazione…</translation>
        </message>
        <message>
            <source>Sign-in failed — showing the cached data</source>
            <extracomment>short, for the status bar what happened and what to do, for the banner and the empty table the server could not be reached (the cache age says "offline") the fix is in the profile (wrong secret): the banner offers "Edit profile…"</extracomment>
            <translation>Accesso non riuscito — vengono mostrati i dati in cache</translation>
        </message>
        <message>
            <source>Sign-in failed — no customers cached yet</source>
            <translation>Accesso non riuscito — ancora nessun cliente in cache</translation>
        </message>
        <message>
            <source>Sign-in failed: the server rejected the client ID or client secret of the profile {profile}. Edit the profile (File › Profiles…) and enter the secret again.</source>
            <translation>Accesso non riuscito: il server ha rifiutato il Client ID o il Client secret del profilo {profile}. Modifica il profilo (File › Profili…) e inserisci di nuovo il Client secret.</translation>
        </message>
        <message>
            <source>Offline — showing the cached data</source>
            <translation>Offline — vengono mostrati i dati in cache</translation>
        </message>
        <message>
            <source>Offline — no customers cached yet</source>
            <translation>Offline — ancora nessun cliente in cache</translation>
        </message>
        <message>
            <source>The Partner API server cannot be reached. Check the network connection (and proxy or firewall settings) and sync again.</source>
            <translation>Il server della Partner API non è raggiungibile. Controlla la connessione di rete (e le impostazioni di proxy o firewall) e sincronizza di nuovo.</translation>
        </message>
        <message>
            <source>Sync failed — showing the cached data</source>
            <translation>Sincronizzazione non riuscita — vengono mostrati i dati in cache</translation>
        </message>
        <message>
            <source>Sync failed — no customers cached yet</source>
            <translation>Sincronizzazione non riuscita — ancora nessun cliente in cache</translation>
        </message>
        <message>
            <source>The server refused this API credential access to the customer list (HTTP 403). Use a Partner API credential whose role can see customers.</source>
            <translation>Il server ha negato a questa credenziale API l'accesso all'elenco dei clienti (HTTP 403). Usa una credenziale della Partner API con un ruolo che può vedere i clienti.</translation>
        </message>
        <message>
            <source>The server's TLS certificate is not trusted. If your network inspects HTTPS traffic, set the profile's CA bundle to your organisation's CA certificate.</source>
            <translation>Il certificato TLS del server non è attendibile. Se la tua rete ispeziona il traffico HTTPS, imposta come CA bundle del profilo il certificato della CA della tua organizzazione.</translation>
        </message>
        <message>
            <source>The Partner API is rate-limiting this credential. Wait a few minutes and sync again; what was fetched is kept.</source>
            <translation>La Partner API sta limitando le richieste di questa credenziale. Attendi qualche minuto e sincronizza di nuovo; quanto già recuperato viene conservato.</translation>
        </message>
        <message>
            <source>The Partner API server answered with an error (HTTP {status}). Try again later; what was fetched is kept.</source>
            <translation>Il server della Partner API ha risposto con un errore (HTTP {status}). Riprova più tardi; quanto già recuperato viene conservato.</translation>
        </message>
        <message>
            <source>The Partner API server kept failing. Try again later; what was fetched is kept.</source>
            <translation>Il server della Partner API continua a non rispondere correttamente. Riprova più tardi; quanto già recuperato viene conservato.</translation>
        </message>
        <message>
            <source>The server sent an incomplete or invalid answer. Try again later; what was fetched is kept.</source>
            <translation>Il server ha inviato una risposta incompleta o non valida. Riprova più tardi; quanto già recuperato viene conservato.</translation>
        </message>
        <message>
            <source>The Partner API refused a request (HTTP {status}). Try again later; what was fetched is kept.</source>
            <translation>La Partner API ha rifiutato una richiesta (HTTP {status}). Riprova più tardi; quanto già recuperato viene conservato.</translation>
        </message>
        <message>
            <source>The local customer cache could not be read or written. Check the free disk space and the permissions of the data folder, then sync again.</source>
            <translation>Non è stato possibile leggere o scrivere la cache locale dei clienti. Controlla lo spazio libero su disco e i permessi della cartella dei dati, poi sincronizza di nuovo.</translation>
        </message>
        <message>
            <source>The sync stopped because of an unexpected error. Sync again; the details are in the log.</source>
            <translation>La sincronizzazione si è interrotta per un errore imprevisto. Sincronizza di nuovo; i dettagli sono nel registro.</translation>
        </message>
    </context>
    <context>
        <name>TableOverlay</name>
        <message>
            <source>about {seconds} s left</source>
            <translation>circa {seconds} s rimanenti</translation>
        </message>
        <message>
            <source>about {minutes} min left</source>
            <translation>circa {minutes} min rimanenti</translation>
        </message>
        <message>
            <source>First sync progress</source>
            <translation>Avanzamento della prima sincronizzazione</translation>
        </message>
        <message>
            <source>{what}: {done} of {total}</source>
            <translation>{what}: {done} di {total}</translation>
        </message>
        <message>
            <source>{what}: {done}</source>
            <translation>{what}: {done}</translation>
        </message>
    </context>
    <context>
        <name>TeamFeed</name>
        <message>
            <source>The team database cannot be reached ({detail}).</source>
            <extracomment>seconds between reconnection attempts while PostgreSQL is unreachable list[CustomerRow]: rows a notification changed (for ``update_rows``) PreparedRows, last sync record: many rows changed (one reload) online (bool), replica refreshed at (datetime or None), error text ("" when online)</extracomment>
            <translation>Il database del team non è raggiungibile ({detail}).</translation>
        </message>
        <message>
            <source>The team database's TLS certificate was not accepted ({detail}): check the URL's sslrootcert and the server's certificate.</source>
            <translation>Il certificato TLS del database del team non è stato accettato ({detail}): controlla sslrootcert nell'URL e il certificato del server.</translation>
        </message>
        <message>
            <source>The team database server does not offer TLS, but the URL's sslmode requires it.</source>
            <translation>Il server del database del team non offre TLS, ma lo sslmode dell'URL lo richiede.</translation>
        </message>
        <message>
            <source>The team database server refused this connection ({detail}): check the URL's sslmode and the server's pg_hba.conf.</source>
            <translation>Il server del database del team ha rifiutato questa connessione ({detail}): controlla lo sslmode dell'URL e il pg_hba.conf del server.</translation>
        </message>
        <message>
            <source>The team database refused the login ({detail}): check the database role and its password.</source>
            <translation>Il database del team ha rifiutato l'accesso ({detail}): controlla il ruolo del database e la sua password.</translation>
        </message>
    </context>
    <context>
        <name>UnlinkDialog</name>
        <message>
            <source>Unlink {name}</source>
            <extracomment>list of tenant ids to unlink None while the licences are being read (``set_checks`` fills them in)</extracomment>
            <translation>Scollega {name}</translation>
        </message>
        <message>
            <source>Unlink {count} customers</source>
            <translation>Scollega {count} clienti</translation>
        </message>
        <message>
            <source>Unlinked customers leave your customer list and you lose access to them. Customers with an active licence, or one that expired less than 60 days ago, cannot be unlinked. Monthly accounts are unlinked on the first day of next month.</source>
            <translation>I clienti scollegati escono dal tuo elenco clienti e perdi l'accesso a essi. Non è possibile scollegare i clienti con una licenza attiva o scaduta da meno di 60 giorni. Gli account mensili vengono scollegati il primo giorno del mese successivo.</translation>
        </message>
        <message>
            <source>Customers to unlink</source>
            <translation>Clienti da scollegare</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Cliente</translation>
        </message>
        <message>
            <source>Can be unlinked</source>
            <translation>Scollegabile</translation>
        </message>
        <message>
            <source>When / why not</source>
            <translation>Quando / perché no</translation>
        </message>
        <message>
            <source>Yes, make this unlink effective immediately</source>
            <translation>Sì, rendi effettivo subito lo scollegamento</translation>
        </message>
        <message>
            <source>Unlink</source>
            <translation>Scollega</translation>
        </message>
        <message>
            <source>Unlink the customers that can be unlinked</source>
            <translation>Scollega i clienti che possono essere scollegati</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Verifica in corso…</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Sconosciuto</translation>
        </message>
        <message>
            <source>Sync first.</source>
            <translation>Sincronizza prima.</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Sì</translation>
        </message>
        <message>
            <source>Monthly account: scheduled for {date}</source>
            <translation>Account mensile: pianificato per il {date}</translation>
        </message>
        <message>
            <source>If no licence is active</source>
            <translation>Se nessuna licenza è attiva</translation>
        </message>
        <message>
            <source>Its licences are not visible to you: Sophos Central refuses the unlink while one is active.</source>
            <translation>Le sue licenze non sono visibili per te: Sophos Central rifiuta lo scollegamento finché una è attiva.</translation>
        </message>
        <message>
            <source>Immediately</source>
            <translation>Subito</translation>
        </message>
        <message>
            <source>No</source>
            <translation>No</translation>
        </message>
        <message>
            <source>Checking the licences…</source>
            <translation>Verifica delle licenze in corso…</translation>
        </message>
        <message>
            <source>None of the selected customers can be unlinked now.</source>
            <translation>Nessuno dei clienti selezionati può essere scollegato ora.</translation>
        </message>
        <message>
            <source>{can} can be unlinked; {cannot} will be left as they are.</source>
            <translation>{can} scollegabili; {cannot} restano invariati.</translation>
        </message>
        <message>
            <source>{can} can be unlinked.</source>
            <translation>{can} scollegabili.</translation>
        </message>
        <message>
            <source>Unlinking {count} customers…</source>
            <translation>Scollegamento di {count} clienti in corso…</translation>
        </message>
        <message>
            <source>Scheduled</source>
            <translation>Pianificato</translation>
        </message>
        <message>
            <source>Scheduled for {date}</source>
            <translation>Pianificato per il {date}</translation>
        </message>
        <message>
            <source>Unlinked</source>
            <translation>Scollegato</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Non riuscito</translation>
        </message>
        <message>
            <source>{failed} of {total} customers could not be unlinked.</source>
            <translation>Non è stato possibile scollegare {failed} clienti su {total}.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Chiudi</translation>
        </message>
    </context>
</TS>
