<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
    <context>
        <name>ActionDialog</name>
        <message>
            <source>Open Partner Dashboard</source>
            <translation>Open Partner Dashboard</translation>
        </message>
        <message>
            <source>Working</source>
            <translation>Working</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>Working…</translation>
        </message>
    </context>
    <context>
        <name>Actions</name>
        <message>
            <source>You are offline. Reconnect to do this.</source>
            <translation>You are offline. Reconnect to do this.</translation>
        </message>
        <message>
            <source>Sync this profile first.</source>
            <translation>Sync this profile first.</translation>
        </message>
        <message>
            <source>Not available through the public Partner API.</source>
            <translation>Not available through the public Partner API.</translation>
        </message>
        <message>
            <source>This customer is no longer linked to you.</source>
            <translation>This customer is no longer linked to you.</translation>
        </message>
        <message>
            <source>Managed customer orders (MSP Flex Connect) can only be viewed and launched.</source>
            <translation>Managed customer orders (MSP Flex Connect) can only be viewed and launched.</translation>
        </message>
        <message>
            <source>Your role ({role}) cannot do this.</source>
            <translation>Your role ({role}) cannot do this.</translation>
        </message>
        <message>
            <source>Only a Partner Super Admin can change customer groups.</source>
            <translation>Only a Partner Super Admin can change customer groups.</translation>
        </message>
        <message>
            <source>Partner assistance is off for this customer. The customer turns partner assistance on in Sophos Central: Account Details › Sophos Support › Partner Assistance.</source>
            <translation>Partner assistance is off for this customer. The customer turns partner assistance on in Sophos Central: Account Details › Sophos Support › Partner Assistance.</translation>
        </message>
        <message>
            <source>The customer turns partner assistance on in Sophos Central: Account Details › Sophos Support › Partner Assistance.</source>
            <translation>The customer turns partner assistance on in Sophos Central: Account Details › Sophos Support › Partner Assistance.</translation>
        </message>
        <message>
            <source>Partner assistance is already on for this customer.</source>
            <translation>Partner assistance is already on for this customer.</translation>
        </message>
        <message>
            <source>Partner assistance was requested and is waiting for the customer.</source>
            <translation>Partner assistance was requested and is waiting for the customer.</translation>
        </message>
        <message>
            <source>Monthly accounts need the MSP Flex program.</source>
            <translation>Monthly accounts need the MSP Flex program.</translation>
        </message>
        <message>
            <source>Unlinking is already scheduled for this customer.</source>
            <translation>Unlinking is already scheduled for this customer.</translation>
        </message>
        <message>
            <source>Select one customer.</source>
            <translation>Select one customer.</translation>
        </message>
        <message>
            <source>An action is already running for this customer.</source>
            <translation>An action is already running for this customer.</translation>
        </message>
        <message>
            <source>No client secret is stored for this profile. Open File › Profiles… to enter it.</source>
            <translation>No client secret is stored for this profile. Open File › Profiles… to enter it.</translation>
        </message>
        <message>
            <source>This team profile has no API credential of your own, so changes are disabled. Add your client ID and secret to the profile to make them.</source>
            <translation>This team profile has no API credential of your own, so changes are disabled. Add your client ID and secret to the profile to make them.</translation>
        </message>
        <message>
            <source>The licence key may contain only letters, digits and dashes.</source>
            <translation>The licence key may contain only letters, digits and dashes.</translation>
        </message>
        <message>
            <source>Enter an email address such as name@example.com.</source>
            <translation>Enter an email address such as name@example.com.</translation>
        </message>
        <message>
            <source>Enter a phone number with digits, spaces and an optional leading +.</source>
            <translation>Enter a phone number with digits, spaces and an optional leading +.</translation>
        </message>
        <message>
            <source>Choose a country (two-letter code such as IT).</source>
            <translation>Choose a country (two-letter code such as IT).</translation>
        </message>
        <message>
            <source>Choose where the customer's data is stored.</source>
            <translation>Choose where the customer's data is stored.</translation>
        </message>
        <message>
            <source>All trial licences of this customer end when it moves to monthly billing.</source>
            <translation>All trial licences of this customer end when it moves to monthly billing.</translation>
        </message>
        <message>
            <source>A trial becomes term by ordering a licence, not by a billing change.</source>
            <translation>A trial becomes term by ordering a licence, not by a billing change.</translation>
        </message>
        <message>
            <source>A customer cannot go back to a trial.</source>
            <translation>A customer cannot go back to a trial.</translation>
        </message>
        <message>
            <source>The display name</source>
            <translation>The display name</translation>
        </message>
        <message>
            <source>The licence key</source>
            <translation>The licence key</translation>
        </message>
        <message>
            <source>The customer name</source>
            <translation>The customer name</translation>
        </message>
        <message>
            <source>The first name</source>
            <translation>The first name</translation>
        </message>
        <message>
            <source>The last name</source>
            <translation>The last name</translation>
        </message>
        <message>
            <source>The email address</source>
            <translation>The email address</translation>
        </message>
        <message>
            <source>The phone number</source>
            <translation>The phone number</translation>
        </message>
        <message>
            <source>The address</source>
            <translation>The address</translation>
        </message>
        <message>
            <source>The second address line</source>
            <translation>The second address line</translation>
        </message>
        <message>
            <source>The city</source>
            <translation>The city</translation>
        </message>
        <message>
            <source>The state or province</source>
            <translation>The state or province</translation>
        </message>
        <message>
            <source>The postal code</source>
            <translation>The postal code</translation>
        </message>
        <message>
            <source>The country</source>
            <translation>The country</translation>
        </message>
        <message>
            <source>{label} is required.</source>
            <translation>{label} is required.</translation>
        </message>
        <message>
            <source>{label} cannot contain control characters.</source>
            <translation>{label} cannot contain control characters.</translation>
        </message>
        <message>
            <source>{label} must be at most {max_len} characters.</source>
            <translation>{label} must be at most {max_len} characters.</translation>
        </message>
        <message>
            <source>It has an active licence ({product}).</source>
            <translation>It has an active licence ({product}).</translation>
        </message>
        <message>
            <source>A licence ({product}) expired less than {days} days ago.</source>
            <translation>A licence ({product}) expired less than {days} days ago.</translation>
        </message>
        <message>
            <source>Sophos Central did not allow this for your API credential.</source>
            <translation>Sophos Central did not allow this for your API credential.</translation>
        </message>
        <message>
            <source>Sophos Central refused the change.</source>
            <translation>Sophos Central refused the change.</translation>
        </message>
        <message>
            <source>The customer or group no longer exists in Sophos Central. Sync to refresh.</source>
            <translation>The customer or group no longer exists in Sophos Central. Sync to refresh.</translation>
        </message>
        <message>
            <source>Sophos Central rejected the input.</source>
            <translation>Sophos Central rejected the input.</translation>
        </message>
        <message>
            <source>Sign-in failed. Check the API credential of this profile.</source>
            <translation>Sign-in failed. Check the API credential of this profile.</translation>
        </message>
        <message>
            <source>Sophos Central is busy (too many requests). Try again in a minute.</source>
            <translation>Sophos Central is busy (too many requests). Try again in a minute.</translation>
        </message>
        <message>
            <source>Sophos Central could not be reached. Check the connection and try again.</source>
            <translation>Sophos Central could not be reached. Check the connection and try again.</translation>
        </message>
        <message>
            <source>Sophos Central sent an answer Partner Desk cannot read.</source>
            <translation>Sophos Central sent an answer Partner Desk cannot read.</translation>
        </message>
        <message>
            <source>The action was cancelled.</source>
            <translation>The action was cancelled.</translation>
        </message>
        <message>
            <source>The action failed.</source>
            <translation>The action failed.</translation>
        </message>
        <message>
            <source>Nothing was changed.</source>
            <translation>Nothing was changed.</translation>
        </message>
        <message>
            <source>Details: {detail}</source>
            <translation>Details: {detail}</translation>
        </message>
    </context>
    <context>
        <name>AssistanceDialog</name>
        <message>
            <source>Request partner assistance from {count} customers</source>
            <extracomment>list of tenant ids to ask</extracomment>
            <translation>Request partner assistance from {count} customers</translation>
        </message>
        <message>
            <source>Each customer is asked to turn on partner assistance for you. {help}</source>
            <translation>Each customer is asked to turn on partner assistance for you. {help}</translation>
        </message>
        <message>
            <source>Selected customers</source>
            <translation>Selected customers</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Customer</translation>
        </message>
        <message>
            <source>Request</source>
            <translation>Request</translation>
        </message>
        <message>
            <source>Will be asked</source>
            <translation>Will be asked</translation>
        </message>
        <message>
            <source>Skipped: {reason}</source>
            <translation>Skipped: {reason}</translation>
        </message>
        <message>
            <source>{can} will be asked; {cannot} will be left as they are.</source>
            <translation>{can} will be asked; {cannot} will be left as they are.</translation>
        </message>
        <message>
            <source>{can} will be asked.</source>
            <translation>{can} will be asked.</translation>
        </message>
        <message>
            <source>Request from {count}</source>
            <translation>Request from {count}</translation>
        </message>
        <message>
            <source>Request partner assistance from the customers that qualify</source>
            <translation>Request partner assistance from the customers that qualify</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Requesting partner assistance…</source>
            <translation>Requesting partner assistance…</translation>
        </message>
        <message>
            <source>Requested — pending customer approval</source>
            <translation>Requested — pending customer approval</translation>
        </message>
        <message>
            <source>{failed} of {total} requests failed.</source>
            <translation>{failed} of {total} requests failed.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>AuditDialog</name>
        <message>
            <source>Rename</source>
            <extracomment>Starts reading the entries (and the group names) off the GUI thread; the dialog gets ``(entries, groups), error`` back on the GUI thread.</extracomment>
            <translation>Rename</translation>
        </message>
        <message>
            <source>Add to group</source>
            <translation>Add to group</translation>
        </message>
        <message>
            <source>Remove from group</source>
            <translation>Remove from group</translation>
        </message>
        <message>
            <source>Launch</source>
            <translation>Launch</translation>
        </message>
        <message>
            <source>Request partner assistance</source>
            <translation>Request partner assistance</translation>
        </message>
        <message>
            <source>Create monthly account</source>
            <translation>Create monthly account</translation>
        </message>
        <message>
            <source>Update billing type</source>
            <translation>Update billing type</translation>
        </message>
        <message>
            <source>Unlink</source>
            <translation>Unlink</translation>
        </message>
        <message>
            <source>Tags, alias or note</source>
            <translation>Tags, alias or note</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Failed</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Trial</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>Term</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Monthly</translation>
        </message>
        <message>
            <source>requested — pending customer approval</source>
            <translation>requested — pending customer approval</translation>
        </message>
        <message>
            <source>on</source>
            <translation>on</translation>
        </message>
        <message>
            <source>off</source>
            <translation>off</translation>
        </message>
        <message>
            <source>Group: {group}</source>
            <translation>Group: {group}</translation>
        </message>
        <message>
            <source>Billing type: {billing}</source>
            <translation>Billing type: {billing}</translation>
        </message>
        <message>
            <source>Display name: {name}</source>
            <translation>Display name: {name}</translation>
        </message>
        <message>
            <source>Partner assistance: {status}</source>
            <translation>Partner assistance: {status}</translation>
        </message>
        <message>
            <source>Scheduled for {date}</source>
            <translation>Scheduled for {date}</translation>
        </message>
        <message>
            <source>Unlinked</source>
            <translation>Unlinked</translation>
        </message>
        <message>
            <source>Created {name}</source>
            <translation>Created {name}</translation>
        </message>
        <message>
            <source>Sophos Central opened in the browser</source>
            <translation>Sophos Central opened in the browser</translation>
        </message>
        <message>
            <source>No web browser opened the link</source>
            <translation>No web browser opened the link</translation>
        </message>
        <message>
            <source>Audit log</source>
            <translation>Audit log</translation>
        </message>
        <message>
            <source>Actions done from this computer on this profile, newest first.</source>
            <translation>Actions done from this computer on this profile, newest first.</translation>
        </message>
        <message>
            <source>Audit log entries</source>
            <translation>Audit log entries</translation>
        </message>
        <message>
            <source>When</source>
            <translation>When</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Who</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Customer</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>Detail</source>
            <translation>Detail</translation>
        </message>
        <message>
            <source>No actions recorded yet.</source>
            <translation>No actions recorded yet.</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>Refresh the audit log</source>
            <translation>Refresh the audit log</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>The audit log could not be read: {error}</source>
            <translation>The audit log could not be read: {error}</translation>
        </message>
        <message>
            <source>Tenant ID: {id}</source>
            <translation>Tenant ID: {id}</translation>
        </message>
    </context>
    <context>
        <name>BillingDialog</name>
        <message>
            <source>Update billing type — {name}</source>
            <extracomment>BillingType, licence key (str) or None</extracomment>
            <translation>Update billing type — {name}</translation>
        </message>
        <message>
            <source>Update billing type for {name}</source>
            <translation>Update billing type for {name}</translation>
        </message>
        <message>
            <source>Current billing type: &lt;b&gt;{billing}&lt;/b&gt;</source>
            <translation>Current billing type: &lt;b&gt;{billing}&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Change to {billing}</source>
            <translation>Change to {billing}</translation>
        </message>
        <message>
            <source>This customer's billing type cannot be changed here.</source>
            <translation>This customer's billing type cannot be changed here.</translation>
        </message>
        <message>
            <source>Licence key</source>
            <translation>Licence key</translation>
        </message>
        <message>
            <source>Licence key of the term subscription</source>
            <translation>Licence key of the term subscription</translation>
        </message>
        <message>
            <source>&amp;Licence key</source>
            <translation>&amp;Licence key</translation>
        </message>
        <message>
            <source>Change billing type</source>
            <translation>Change billing type</translation>
        </message>
        <message>
            <source>Change the billing type</source>
            <translation>Change the billing type</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Trial</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>Term</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Monthly</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Changing the billing type…</source>
            <translation>Changing the billing type…</translation>
        </message>
    </context>
    <context>
        <name>ContactDialog</name>
        <message>
            <source>Contact — {name}</source>
            <translation>Contact — {name}</translation>
        </message>
        <message>
            <source>Contact details for {name}</source>
            <translation>Contact details for {name}</translation>
        </message>
        <message>
            <source>Display name</source>
            <translation>Display name</translation>
        </message>
        <message>
            <source>Account name</source>
            <translation>Account name</translation>
        </message>
        <message>
            <source>Reading the contact details…</source>
            <translation>Reading the contact details…</translation>
        </message>
        <message>
            <source>No contact details on file for this customer.</source>
            <translation>No contact details on file for this customer.</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Contact</translation>
        </message>
        <message>
            <source>Contact person</source>
            <translation>Contact person</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Mobile</source>
            <translation>Mobile</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Data geography / region</source>
            <translation>Data geography / region</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Trial</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>Term</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Monthly</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Billing</source>
            <translation>Billing</translation>
        </message>
        <message>
            <source>Tenant ID</source>
            <translation>Tenant ID</translation>
        </message>
        <message>
            <source>This customer is no longer in your customer list (removed).</source>
            <translation>This customer is no longer in your customer list (removed).</translation>
        </message>
        <message>
            <source>Close</source>
            <extracomment>the Edit button next to the display name was pressed (tenant id)</extracomment>
            <translation>Close</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>Edit</translation>
        </message>
        <message>
            <source>Edit the display name</source>
            <translation>Edit the display name</translation>
        </message>
        <message>
            <source>Change the display name (F2)</source>
            <translation>Change the display name (F2)</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>Copy</translation>
        </message>
        <message>
            <source>Copy {field}</source>
            <translation>Copy {field}</translation>
        </message>
    </context>
    <context>
        <name>CreateAccountDialog</name>
        <message>
            <source>United States</source>
            <translation>United States</translation>
        </message>
        <message>
            <source>Ireland (EU)</source>
            <translation>Ireland (EU)</translation>
        </message>
        <message>
            <source>Germany (EU)</source>
            <translation>Germany (EU)</translation>
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
            <translation>Japan</translation>
        </message>
        <message>
            <source>Brazil</source>
            <translation>Brazil</translation>
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
            <translation>Belgium</translation>
        </message>
        <message>
            <source>Switzerland</source>
            <translation>Switzerland</translation>
        </message>
        <message>
            <source>Germany</source>
            <translation>Germany</translation>
        </message>
        <message>
            <source>Denmark</source>
            <translation>Denmark</translation>
        </message>
        <message>
            <source>Spain</source>
            <translation>Spain</translation>
        </message>
        <message>
            <source>Finland</source>
            <translation>Finland</translation>
        </message>
        <message>
            <source>France</source>
            <translation>France</translation>
        </message>
        <message>
            <source>United Kingdom</source>
            <translation>United Kingdom</translation>
        </message>
        <message>
            <source>Ireland</source>
            <translation>Ireland</translation>
        </message>
        <message>
            <source>Italy</source>
            <translation>Italy</translation>
        </message>
        <message>
            <source>Luxembourg</source>
            <translation>Luxembourg</translation>
        </message>
        <message>
            <source>Mexico</source>
            <translation>Mexico</translation>
        </message>
        <message>
            <source>Netherlands</source>
            <translation>Netherlands</translation>
        </message>
        <message>
            <source>Norway</source>
            <translation>Norway</translation>
        </message>
        <message>
            <source>New Zealand</source>
            <translation>New Zealand</translation>
        </message>
        <message>
            <source>Poland</source>
            <translation>Poland</translation>
        </message>
        <message>
            <source>Portugal</source>
            <translation>Portugal</translation>
        </message>
        <message>
            <source>Sweden</source>
            <translation>Sweden</translation>
        </message>
        <message>
            <source>Singapore</source>
            <translation>Singapore</translation>
        </message>
        <message>
            <source>South Africa</source>
            <translation>South Africa</translation>
        </message>
        <message>
            <source>Customer name</source>
            <translation>Customer name</translation>
        </message>
        <message>
            <source>Display name (optional)</source>
            <translation>Display name (optional)</translation>
        </message>
        <message>
            <source>First name</source>
            <translation>First name</translation>
        </message>
        <message>
            <source>Last name</source>
            <translation>Last name</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Address line 2 (optional)</source>
            <translation>Address line 2 (optional)</translation>
        </message>
        <message>
            <source>City</source>
            <translation>City</translation>
        </message>
        <message>
            <source>State or province (optional)</source>
            <translation>State or province (optional)</translation>
        </message>
        <message>
            <source>Postal code</source>
            <translation>Postal code</translation>
        </message>
        <message>
            <source>Create monthly account</source>
            <extracomment>MonthlyAccountForm (already validated)</extracomment>
            <translation>Create monthly account</translation>
        </message>
        <message>
            <source>A monthly account is billed each month for what the customer uses (MSP Flex). Partner assistance is on for it from the start.</source>
            <translation>A monthly account is billed each month for what the customer uses (MSP Flex). Partner assistance is on for it from the start.</translation>
        </message>
        <message>
            <source>Flex licences are not compatible with most Early Access Programs.</source>
            <translation>Flex licences are not compatible with most Early Access Programs.</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Contact</translation>
        </message>
        <message>
            <source>Data geography</source>
            <translation>Data geography</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>Choose…</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>Country</translation>
        </message>
        <message>
            <source>Legal name of the customer</source>
            <translation>Legal name of the customer</translation>
        </message>
        <message>
            <source>Create account</source>
            <translation>Create account</translation>
        </message>
        <message>
            <source>Create the monthly account</source>
            <translation>Create the monthly account</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Creating the account…</source>
            <translation>Creating the account…</translation>
        </message>
    </context>
    <context>
        <name>CustomerActions</name>
        <message>
            <source>Contact info</source>
            <extracomment>the QAction's objectName and the CustomerActions attribute ("" = no QAction: started from a dialog, e.g. the group changes in Customer details) the QAction's text (English source; translated with the "CustomerActions" context) tooltip and status tip while it is offered the CustomerActions method the QAction calls: opens the dialog or starts the job QKeySequence text ("Ctrl+I", "F2", "Del"); "" = none the shortcut works only while the customer table has the focus (Del) icon name under resources/icons ("" = text only) the dialog kind (``CustomerActions.dialog(kind, key)``); "" = none the ActionsController method that runs it on a worker thread; "" = none (viewing) the status-bar note while it runs ({names}: the customers) the status-bar note when it worked ({name}: the customer)</extracomment>
            <translation>Contact info</translation>
        </message>
        <message>
            <source>Customer details…</source>
            <translation>Customer details…</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>Rename…</translation>
        </message>
        <message>
            <source>Launch customer</source>
            <translation>Launch customer</translation>
        </message>
        <message>
            <source>Request partner assistance</source>
            <translation>Request partner assistance</translation>
        </message>
        <message>
            <source>Update billing type…</source>
            <translation>Update billing type…</translation>
        </message>
        <message>
            <source>Unlink…</source>
            <translation>Unlink…</translation>
        </message>
        <message>
            <source>Create monthly account…</source>
            <translation>Create monthly account…</translation>
        </message>
        <message>
            <source>Open Partner Dashboard</source>
            <translation>Open Partner Dashboard</translation>
        </message>
        <message>
            <source>Open the Sophos Central Partner Dashboard in your browser (for what the public Partner API does not offer)</source>
            <translation>Open the Sophos Central Partner Dashboard in your browser (for what the public Partner API does not offer)</translation>
        </message>
        <message>
            <source>Audit log</source>
            <translation>Audit log</translation>
        </message>
        <message>
            <source>Contact details of the selected customer</source>
            <translation>Contact details of the selected customer</translation>
        </message>
        <message>
            <source>Groups and licences of the selected customer (Ctrl+I)</source>
            <translation>Groups and licences of the selected customer (Ctrl+I)</translation>
        </message>
        <message>
            <source>Change how the customer is displayed (F2)</source>
            <translation>Change how the customer is displayed (F2)</translation>
        </message>
        <message>
            <source>Open the customer's Sophos Central in your browser (Ctrl+L)</source>
            <translation>Open the customer's Sophos Central in your browser (Ctrl+L)</translation>
        </message>
        <message>
            <source>Ask the customer to turn on partner assistance for you</source>
            <translation>Ask the customer to turn on partner assistance for you</translation>
        </message>
        <message>
            <source>Change between trial, term and monthly billing (Ctrl+B)</source>
            <translation>Change between trial, term and monthly billing (Ctrl+B)</translation>
        </message>
        <message>
            <source>Remove the selected customers from your list (Del)</source>
            <translation>Remove the selected customers from your list (Del)</translation>
        </message>
        <message>
            <source>Create a new monthly (MSP Flex) account (Ctrl+N)</source>
            <translation>Create a new monthly (MSP Flex) account (Ctrl+N)</translation>
        </message>
        <message>
            <source>&amp;Customer</source>
            <translation>&amp;Customer</translation>
        </message>
        <message>
            <source>Customer actions</source>
            <translation>Customer actions</translation>
        </message>
        <message>
            <source>Use the Partner Dashboard in Sophos Central instead.</source>
            <translation>Use the Partner Dashboard in Sophos Central instead.</translation>
        </message>
        <message>
            <source>You can ask for it with “Request partner assistance”.</source>
            <translation>You can ask for it with “Request partner assistance”.</translation>
        </message>
        <message>
            <source>Acts on {eligible} of the {total} selected customers; the others are left as they are:</source>
            <translation>Acts on {eligible} of the {total} selected customers; the others are left as they are:</translation>
        </message>
        <message>
            <source>{name}: {reason}</source>
            <translation>{name}: {reason}</translation>
        </message>
        <message>
            <source>Renaming {names}…</source>
            <translation>Renaming {names}…</translation>
        </message>
        <message>
            <source>Adding {names} to the group…</source>
            <translation>Adding {names} to the group…</translation>
        </message>
        <message>
            <source>Removing {names} from the group…</source>
            <translation>Removing {names} from the group…</translation>
        </message>
        <message>
            <source>Launching {names}…</source>
            <translation>Launching {names}…</translation>
        </message>
        <message>
            <source>Requesting partner assistance from {names}…</source>
            <translation>Requesting partner assistance from {names}…</translation>
        </message>
        <message>
            <source>Changing the billing type of {names}…</source>
            <translation>Changing the billing type of {names}…</translation>
        </message>
        <message>
            <source>Unlinking {names}…</source>
            <translation>Unlinking {names}…</translation>
        </message>
        <message>
            <source>Creating the monthly account…</source>
            <translation>Creating the monthly account…</translation>
        </message>
        <message>
            <source>Working…</source>
            <extracomment>The spec of each action. The actions that have a QAction, in menu order.</extracomment>
            <translation>Working…</translation>
        </message>
        <message>
            <source>{count} more</source>
            <translation>{count} more</translation>
        </message>
        <message>
            <source>Renamed to {name}.</source>
            <translation>Renamed to {name}.</translation>
        </message>
        <message>
            <source>{name} was added to the group.</source>
            <translation>{name} was added to the group.</translation>
        </message>
        <message>
            <source>{name} was removed from the group.</source>
            <translation>{name} was removed from the group.</translation>
        </message>
        <message>
            <source>Partner Desk did not open the address the server returned for {name}, because it is not an https address on sophos.com: {url}</source>
            <translation>Partner Desk did not open the address the server returned for {name}, because it is not an https address on sophos.com: {url}</translation>
        </message>
        <message>
            <source>Opening Sophos Central for {name}…</source>
            <translation>Opening Sophos Central for {name}…</translation>
        </message>
        <message>
            <source>Partner assistance requested from {name} — pending customer approval. {help}</source>
            <translation>Partner assistance requested from {name} — pending customer approval. {help}</translation>
        </message>
        <message>
            <source>The billing type of {name} was changed.</source>
            <translation>The billing type of {name} was changed.</translation>
        </message>
        <message>
            <source>The monthly account {name} was created.</source>
            <translation>The monthly account {name} was created.</translation>
        </message>
        <message>
            <source>Sophos Central for {name} did not open: no web browser opened it.</source>
            <translation>Sophos Central for {name} did not open: no web browser opened it.</translation>
        </message>
        <message>
            <source>Partner assistance requested from {done} customers, {failed} failed.</source>
            <translation>Partner assistance requested from {done} customers, {failed} failed.</translation>
        </message>
        <message>
            <source>{unlinked} unlinked, {scheduled} scheduled, {failed} failed.</source>
            <translation>{unlinked} unlinked, {scheduled} scheduled, {failed} failed.</translation>
        </message>
    </context>
    <context>
        <name>CustomerInsights</name>
        <message>
            <source>All</source>
            <translation>All</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Trial</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>Term</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Monthly</translation>
        </message>
        <message>
            <source>Managed orders</source>
            <translation>Managed orders</translation>
        </message>
        <message>
            <source>Not manageable</source>
            <translation>Not manageable</translation>
        </message>
        <message>
            <source>Expiring ≤ 30 d</source>
            <translation>Expiring ≤ 30 d</translation>
        </message>
        <message>
            <source>Over-used</source>
            <translation>Over-used</translation>
        </message>
        <message>
            <source>Tagged</source>
            <translation>Tagged</translation>
        </message>
        <message>
            <source>Changed since my last look</source>
            <translation>Changed since my last look</translation>
        </message>
        <message>
            <source>Ignored</source>
            <translation>Ignored</translation>
        </message>
        <message>
            <source>Filters</source>
            <extracomment>the profile's saved views by name (read with the extras, written through the session) set at shutdown: a running read of the extras stops (the seats are read one customer at a time, ~2 s at 100k)</extracomment>
            <translation>Filters</translation>
        </message>
        <message>
            <source>Tags, alias and note…</source>
            <translation>Tags, alias and note…</translation>
        </message>
        <message>
            <source>Show ignored customers</source>
            <translation>Show ignored customers</translation>
        </message>
        <message>
            <source>Mark changes as seen</source>
            <translation>Mark changes as seen</translation>
        </message>
        <message>
            <source>Save view…</source>
            <translation>Save view…</translation>
        </message>
        <message>
            <source>Switch view…</source>
            <translation>Switch view…</translation>
        </message>
        <message>
            <source>{filter}: {count} customers</source>
            <translation>{filter}: {count} customers</translation>
        </message>
        <message>
            <source>The tags could not be saved: {error}</source>
            <translation>The tags could not be saved: {error}</translation>
        </message>
        <message>
            <source>Select one or more customers first.</source>
            <translation>Select one or more customers first.</translation>
        </message>
        <message>
            <source>Save view</source>
            <translation>Save view</translation>
        </message>
        <message>
            <source>Name of this view:</source>
            <translation>Name of this view:</translation>
        </message>
        <message>
            <source>View “{name}” saved: Ctrl+K switches to it.</source>
            <translation>View “{name}” saved: Ctrl+K switches to it.</translation>
        </message>
        <message>
            <source>View: {name}</source>
            <translation>View: {name}</translation>
        </message>
        <message>
            <source>Filter: {name}</source>
            <translation>Filter: {name}</translation>
        </message>
    </context>
    <context>
        <name>CustomerTableModel</name>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Billing</source>
            <translation>Billing</translation>
        </message>
        <message>
            <source>Groups</source>
            <translation>Groups</translation>
        </message>
        <message>
            <source>Partner assistance</source>
            <translation>Partner assistance</translation>
        </message>
        <message>
            <source>Data region</source>
            <translation>Data region</translation>
        </message>
        <message>
            <source>Last synced</source>
            <translation>Last synced</translation>
        </message>
        <message>
            <source>Tenant ID</source>
            <translation>Tenant ID</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Tags</translation>
        </message>
        <message>
            <source>Over-used</source>
            <translation>Over-used</translation>
        </message>
        <message>
            <source>Unused seats</source>
            <translation>Unused seats</translation>
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
            <translation>Mobile</translation>
        </message>
        <message>
            <source>Encryption</source>
            <translation>Encryption</translation>
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
            <translation>Other</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Expiring</source>
            <translation>Expiring</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Trial</translation>
        </message>
        <message>
            <source>Trial expired</source>
            <translation>Trial expired</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>Expired</translation>
        </message>
        <message>
            <source>Lapsed</source>
            <translation>Lapsed</translation>
        </message>
        <message>
            <source>No access</source>
            <translation>No access</translation>
        </message>
        <message>
            <source>Active licence</source>
            <translation>Active licence</translation>
        </message>
        <message>
            <source>Active, expires within 30 days</source>
            <translation>Active, expires within 30 days</translation>
        </message>
        <message>
            <source>Trial licence</source>
            <translation>Trial licence</translation>
        </message>
        <message>
            <source>The trial has ended</source>
            <translation>The trial has ended</translation>
        </message>
        <message>
            <source>Expired 60 days ago or more</source>
            <translation>Expired 60 days ago or more</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>Term</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Monthly</translation>
        </message>
        <message>
            <source>On</source>
            <translation>On</translation>
        </message>
        <message>
            <source>Requested — pending customer approval</source>
            <translation>Requested — pending customer approval</translation>
        </message>
        <message>
            <source>Declined</source>
            <translation>Declined</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>Off</translation>
        </message>
        <message>
            <source>Licence status for {category}</source>
            <extracomment>Emitted when the set of category columns that "Show my protection only" hides may have changed (after rows, removed-filter or toggle change). Emitted after the visible rows changed (search, rows, show removed). row index -&gt; what its cells show (see _row_cells)</extracomment>
            <translation>Licence status for {category}</translation>
        </message>
        <message>
            <source>Working on this customer…</source>
            <translation>Working on this customer…</translation>
        </message>
        <message>
            <source>{name}, managed customer order</source>
            <translation>{name}, managed customer order</translation>
        </message>
        <message>
            <source>{billing} · unlink scheduled</source>
            <translation>{billing} · unlink scheduled</translation>
        </message>
        <message>
            <source>Matched: account name {value}</source>
            <translation>Matched: account name {value}</translation>
        </message>
        <message>
            <source>Matched: contact email {value}</source>
            <translation>Matched: contact email {value}</translation>
        </message>
        <message>
            <source>Matched: tenant ID {value}</source>
            <translation>Matched: tenant ID {value}</translation>
        </message>
        <message>
            <source>Account name: {name}</source>
            <translation>Account name: {name}</translation>
        </message>
        <message>
            <source>$ Managed customer order</source>
            <translation>$ Managed customer order</translation>
        </message>
        <message>
            <source>Tenant ID: {id}</source>
            <translation>Tenant ID: {id}</translation>
        </message>
        <message>
            <source>Click to see contact details</source>
            <translation>Click to see contact details</translation>
        </message>
        <message>
            <source>Unlinking is scheduled for the first day of next month.</source>
            <translation>Unlinking is scheduled for the first day of next month.</translation>
        </message>
        <message>
            <source>Removed: no longer in your customer list since {date}</source>
            <translation>Removed: no longer in your customer list since {date}</translation>
        </message>
    </context>
    <context>
        <name>DetailsDialog</name>
        <message>
            <source>Customer groups</source>
            <extracomment>group id group id</extracomment>
            <translation>Customer groups</translation>
        </message>
        <message>
            <source>Groups of this customer</source>
            <translation>Groups of this customer</translation>
        </message>
        <message>
            <source>This customer is in no group.</source>
            <translation>This customer is in no group.</translation>
        </message>
        <message>
            <source>&amp;Remove from group</source>
            <translation>&amp;Remove from group</translation>
        </message>
        <message>
            <source>Remove the customer from the selected group</source>
            <translation>Remove the customer from the selected group</translation>
        </message>
        <message>
            <source>Add to &amp;group:</source>
            <translation>Add to &amp;group:</translation>
        </message>
        <message>
            <source>Existing group to add the customer to</source>
            <translation>Existing group to add the customer to</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Add the customer to the chosen group</source>
            <translation>Add the customer to the chosen group</translation>
        </message>
        <message>
            <source>Licences</source>
            <translation>Licences</translation>
        </message>
        <message>
            <source>Licences of this customer</source>
            <translation>Licences of this customer</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>Product</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Start</translation>
        </message>
        <message>
            <source>End</source>
            <translation>End</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>Quantity</translation>
        </message>
        <message>
            <source>Usage</source>
            <translation>Usage</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Expiring</source>
            <translation>Expiring</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Trial</translation>
        </message>
        <message>
            <source>Trial expired</source>
            <translation>Trial expired</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>Expired</translation>
        </message>
        <message>
            <source>Lapsed</source>
            <translation>Lapsed</translation>
        </message>
        <message>
            <source>Not manageable</source>
            <translation>Not manageable</translation>
        </message>
        <message>
            <source>Customer details — {name}</source>
            <translation>Customer details — {name}</translation>
        </message>
        <message>
            <source>Customer details for {name}</source>
            <translation>Customer details for {name}</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>Term</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Monthly</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Billing: {billing}</source>
            <translation>Billing: {billing}</translation>
        </message>
        <message>
            <source>Data region: {region}</source>
            <translation>Data region: {region}</translation>
        </message>
        <message>
            <source>$ Managed customer order</source>
            <translation>$ Managed customer order</translation>
        </message>
        <message>
            <source>Unlink scheduled for {date}</source>
            <translation>Unlink scheduled for {date}</translation>
        </message>
        <message>
            <source>No other groups</source>
            <translation>No other groups</translation>
        </message>
        <message>
            <source>You cannot see this customer's licences: the customer has not given you access (partner assistance is off).</source>
            <translation>You cannot see this customer's licences: the customer has not given you access (partner assistance is off).</translation>
        </message>
        <message>
            <source>No licences on file for this customer.</source>
            <translation>No licences on file for this customer.</translation>
        </message>
        <message>
            <source>Perpetual</source>
            <translation>Perpetual</translation>
        </message>
        <message>
            <source>Unlimited</source>
            <translation>Unlimited</translation>
        </message>
        <message>
            <source>Licence {id}</source>
            <translation>Licence {id}</translation>
        </message>
        <message>
            <source>Adding to {group}…</source>
            <translation>Adding to {group}…</translation>
        </message>
        <message>
            <source>Removing from {group}…</source>
            <translation>Removing from {group}…</translation>
        </message>
    </context>
    <context>
        <name>FrozenNameTableView</name>
        <message>
            <source>Customer names</source>
            <extracomment>the frozen column (the model's Name column)</extracomment>
            <translation>Customer names</translation>
        </message>
    </context>
    <context>
        <name>Gui</name>
        <message>
            <source>Reset demo data</source>
            <translation>Reset demo data</translation>
        </message>
        <message>
            <source>Start the demo afresh? Renames, group changes and requests made in the demo are forgotten. Your own profiles are not touched.</source>
            <translation>Start the demo afresh? Renames, group changes and requests made in the demo are forgotten. Your own profiles are not touched.</translation>
        </message>
        <message>
            <source>Reset demo data…</source>
            <translation>Reset demo data…</translation>
        </message>
        <message>
            <source>Start the demo sandbox and the Demo profile's cached data afresh</source>
            <translation>Start the demo sandbox and the Demo profile's cached data afresh</translation>
        </message>
        <message>
            <source>The profiles file was damaged; it was kept as {path}. Partner Desk started without your profiles: add them again or restore the file.</source>
            <translation>The profiles file was damaged; it was kept as {path}. Partner Desk started without your profiles: add them again or restore the file.</translation>
        </message>
        <message>
            <source>The profiles file cannot be used: {problem}</source>
            <translation>The profiles file cannot be used: {problem}</translation>
        </message>
        <message>
            <source>Partner Desk</source>
            <translation>Partner Desk</translation>
        </message>
        <message>
            <source>There is no profile named {name}.</source>
            <translation>There is no profile named {name}.</translation>
        </message>
        <message>
            <source>This profile cannot sign in: {problem}</source>
            <translation>This profile cannot sign in: {problem}</translation>
        </message>
    </context>
    <context>
        <name>Insights</name>
        <message>
            <source>Customer</source>
            <extracomment>English column names of the report tables -&gt; translatable titles</extracomment>
            <translation>Customer</translation>
        </message>
        <message>
            <source>Tenant ID</source>
            <translation>Tenant ID</translation>
        </message>
        <message>
            <source>Billing</source>
            <translation>Billing</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>Product</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Licence type</source>
            <translation>Licence type</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>Quantity</translation>
        </message>
        <message>
            <source>End date</source>
            <translation>End date</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>Days</translation>
        </message>
        <message>
            <source>Bucket</source>
            <translation>Bucket</translation>
        </message>
        <message>
            <source>Reactivatable until</source>
            <translation>Reactivatable until</translation>
        </message>
        <message>
            <source>Unlinkable from</source>
            <translation>Unlinkable from</translation>
        </message>
        <message>
            <source>Pinned</source>
            <translation>Pinned</translation>
        </message>
        <message>
            <source>In use</source>
            <translation>In use</translation>
        </message>
        <message>
            <source>Over-used</source>
            <translation>Over-used</translation>
        </message>
        <message>
            <source>Unused seats</source>
            <translation>Unused seats</translation>
        </message>
        <message>
            <source>Over-use flagged</source>
            <translation>Over-use flagged</translation>
        </message>
        <message>
            <source>Unused flagged</source>
            <translation>Unused flagged</translation>
        </message>
        <message>
            <source>Customers</source>
            <translation>Customers</translation>
        </message>
        <message>
            <source>Customers over-used</source>
            <translation>Customers over-used</translation>
        </message>
        <message>
            <source>Customers with unused seats</source>
            <translation>Customers with unused seats</translation>
        </message>
        <message>
            <source>Account ID</source>
            <translation>Account ID</translation>
        </message>
        <message>
            <source>Lines</source>
            <translation>Lines</translation>
        </message>
        <message>
            <source>Billable</source>
            <translation>Billable</translation>
        </message>
        <message>
            <source>Previous month</source>
            <translation>Previous month</translation>
        </message>
        <message>
            <source>Delta</source>
            <translation>Delta</translation>
        </message>
        <message>
            <source>Net price</source>
            <translation>Net price</translation>
        </message>
        <message>
            <source>Currency</source>
            <translation>Currency</translation>
        </message>
        <message>
            <source>Order line</source>
            <translation>Order line</translation>
        </message>
        <message>
            <source>SKU</source>
            <translation>SKU</translation>
        </message>
        <message>
            <source>Product code</source>
            <translation>Product code</translation>
        </message>
        <message>
            <source>Product group</source>
            <translation>Product group</translation>
        </message>
        <message>
            <source>Ordered</source>
            <translation>Ordered</translation>
        </message>
        <message>
            <source>Actual</source>
            <translation>Actual</translation>
        </message>
        <message>
            <source>Seen at</source>
            <translation>Seen at</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Subject</translation>
        </message>
        <message>
            <source>Old</source>
            <translation>Old</translation>
        </message>
        <message>
            <source>New</source>
            <translation>New</translation>
        </message>
        <message>
            <source>≤ 30 days</source>
            <extracomment>cell values the views translate (buckets, change kinds, yes)</extracomment>
            <translation>≤ 30 days</translation>
        </message>
        <message>
            <source>31–60 days</source>
            <translation>31–60 days</translation>
        </message>
        <message>
            <source>61–90 days</source>
            <translation>61–90 days</translation>
        </message>
        <message>
            <source>Expired (reactivatable)</source>
            <translation>Expired (reactivatable)</translation>
        </message>
        <message>
            <source>Lapsed</source>
            <translation>Lapsed</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>yes</translation>
        </message>
        <message>
            <source>New customer</source>
            <translation>New customer</translation>
        </message>
        <message>
            <source>Listed again</source>
            <translation>Listed again</translation>
        </message>
        <message>
            <source>Removed</source>
            <translation>Removed</translation>
        </message>
        <message>
            <source>Renamed</source>
            <translation>Renamed</translation>
        </message>
        <message>
            <source>Billing type</source>
            <translation>Billing type</translation>
        </message>
        <message>
            <source>Partner assistance</source>
            <translation>Partner assistance</translation>
        </message>
        <message>
            <source>Licence added</source>
            <translation>Licence added</translation>
        </message>
        <message>
            <source>Licence removed</source>
            <translation>Licence removed</translation>
        </message>
        <message>
            <source>Licence quantity</source>
            <translation>Licence quantity</translation>
        </message>
        <message>
            <source>Licence end date</source>
            <translation>Licence end date</translation>
        </message>
        <message>
            <source>Manageable</source>
            <translation>Manageable</translation>
        </message>
        <message>
            <source>Trial</source>
            <translation>Trial</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>Term</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Monthly</translation>
        </message>
        <message>
            <source>Enterprise</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>Perpetual</source>
            <translation>Perpetual</translation>
        </message>
    </context>
    <context>
        <name>InsightsDialog</name>
        <message>
            <source>Insights</source>
            <translation>Insights</translation>
        </message>
        <message>
            <source>Loading from the cache…</source>
            <translation>Loading from the cache…</translation>
        </message>
        <message>
            <source>Export this list…</source>
            <translation>Export this list…</translation>
        </message>
        <message>
            <source>Export this list</source>
            <translation>Export this list</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Show</translation>
        </message>
        <message>
            <source>All</source>
            <translation>All</translation>
        </message>
        <message>
            <source>Ending in ≤ 30 days</source>
            <translation>Ending in ≤ 30 days</translation>
        </message>
        <message>
            <source>Ending in 31–60 days</source>
            <translation>Ending in 31–60 days</translation>
        </message>
        <message>
            <source>Ending in 61–90 days</source>
            <translation>Ending in 61–90 days</translation>
        </message>
        <message>
            <source>Expired, still reactivatable</source>
            <translation>Expired, still reactivatable</translation>
        </message>
        <message>
            <source>Lapsed</source>
            <translation>Lapsed</translation>
        </message>
        <message>
            <source>Group by</source>
            <translation>Group by</translation>
        </message>
        <message>
            <source>Group by end date</source>
            <translation>Group by end date</translation>
        </message>
        <message>
            <source>Group by customer</source>
            <translation>Group by customer</translation>
        </message>
        <message>
            <source>Group by product</source>
            <translation>Group by product</translation>
        </message>
        <message>
            <source>Include monthly licences</source>
            <translation>Include monthly licences</translation>
        </message>
        <message>
            <source>Monthly (usage) licences renew by themselves.</source>
            <translation>Monthly (usage) licences renew by themselves.</translation>
        </message>
        <message>
            <source>Pinned only</source>
            <translation>Pinned only</translation>
        </message>
        <message>
            <source>Pin to follow up</source>
            <translation>Pin to follow up</translation>
        </message>
        <message>
            <source>Unpin</source>
            <translation>Unpin</translation>
        </message>
        <message>
            <source>Renewals</source>
            <translation>Renewals</translation>
        </message>
        <message>
            <source>Flag over this share of the quantity (%)</source>
            <translation>Flag over this share of the quantity (%)</translation>
        </message>
        <message>
            <source>and at least this many seats</source>
            <translation>and at least this many seats</translation>
        </message>
        <message>
            <source>Flagged only</source>
            <translation>Flagged only</translation>
        </message>
        <message>
            <source>Flag a difference over</source>
            <translation>Flag a difference over</translation>
        </message>
        <message>
            <source>and at least</source>
            <translation>and at least</translation>
        </message>
        <message>
            <source>seats</source>
            <translation>seats</translation>
        </message>
        <message>
            <source>Reconciliation</source>
            <translation>Reconciliation</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Month</translation>
        </message>
        <message>
            <source>Billing</source>
            <translation>Billing</translation>
        </message>
        <message>
            <source>Only since my last look</source>
            <translation>Only since my last look</translation>
        </message>
        <message>
            <source>Mark all as seen</source>
            <translation>Mark all as seen</translation>
        </message>
        <message>
            <source>What changed</source>
            <translation>What changed</translation>
        </message>
        <message>
            <source>The cache could not be read: {error}</source>
            <translation>The cache could not be read: {error}</translation>
        </message>
        <message>
            <source>From the cache, {today}. Sync to refresh.</source>
            <translation>From the cache, {today}. Sync to refresh.</translation>
        </message>
        <message>
            <source>≤ 30 days: {d30} · 31–60: {d60} · 61–90: {d90} · expired, reactivatable: {expired} · lapsed: {lapsed} · pinned: {pinned}</source>
            <translation>≤ 30 days: {d30} · 31–60: {d60} · 61–90: {d90} · expired, reactivatable: {expired} · lapsed: {lapsed} · pinned: {pinned}</translation>
        </message>
        <message>
            <source>{over} over-used and {unused} with unused seats, of {lines} lines</source>
            <translation>{over} over-used and {unused} with unused seats, of {lines} lines</translation>
        </message>
        <message>
            <source>No billing usage cached yet: sync to fetch this month's.</source>
            <translation>No billing usage cached yet: sync to fetch this month's.</translation>
        </message>
        <message>
            <source>{customers} customers, {lines} lines; {changed} changed since the month before</source>
            <translation>{customers} customers, {lines} lines; {changed} changed since the month before</translation>
        </message>
        <message>
            <source>{new} changes since your last look ({when}); {total} in all</source>
            <translation>{new} changes since your last look ({when}); {total} in all</translation>
        </message>
        <message>
            <source>never</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx);;CSV (*.csv);;JSON (*.json)</source>
            <translation>Excel workbook (*.xlsx);;CSV (*.csv);;JSON (*.json)</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Export</translation>
        </message>
        <message>
            <source>Exported {n} rows to {path}.</source>
            <translation>Exported {n} rows to {path}.</translation>
        </message>
    </context>
    <context>
        <name>LaunchFailedDialog</name>
        <message>
            <source>Sophos Central did not open</source>
            <translation>Sophos Central did not open</translation>
        </message>
        <message>
            <source>Sophos Central for {name} could not be opened: no web browser opened the link on this computer. Copy the link and open it in a browser (it is valid for a short time only).</source>
            <translation>Sophos Central for {name} could not be opened: no web browser opened the link on this computer. Copy the link and open it in a browser (it is valid for a short time only).</translation>
        </message>
        <message>
            <source>Link to the customer's Sophos Central</source>
            <translation>Link to the customer's Sophos Central</translation>
        </message>
        <message>
            <source>&amp;Copy link</source>
            <translation>&amp;Copy link</translation>
        </message>
        <message>
            <source>Copy the link to the clipboard</source>
            <translation>Copy the link to the clipboard</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>The link was copied to the clipboard.</source>
            <translation>The link was copied to the clipboard.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Show my protection only</source>
            <translation>Show my protection only</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>just now</source>
            <translation>just now</translation>
        </message>
        <message>
            <source>{minutes} min ago</source>
            <translation>{minutes} min ago</translation>
        </message>
        <message>
            <source>today {time}</source>
            <translation>today {time}</translation>
        </message>
        <message>
            <source>yesterday {time}</source>
            <translation>yesterday {time}</translation>
        </message>
        <message>
            <source>offline — never synced</source>
            <translation>offline — never synced</translation>
        </message>
        <message>
            <source>never synced</source>
            <translation>never synced</translation>
        </message>
        <message>
            <source>offline — synced {when}</source>
            <translation>offline — synced {when}</translation>
        </message>
        <message>
            <source>synced {when}</source>
            <translation>synced {when}</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>Sync</translation>
        </message>
        <message>
            <source>Fetch the latest customers and licences (F5)</source>
            <translation>Fetch the latest customers and licences (F5)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Stop the running sync; the cached data stays</source>
            <translation>Stop the running sync; the cached data stays</translation>
        </message>
        <message>
            <source>Export visible rows…</source>
            <translation>Export visible rows…</translation>
        </message>
        <message>
            <source>Profiles…</source>
            <translation>Profiles…</translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>Settings…</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>Show removed customers</source>
            <translation>Show removed customers</translation>
        </message>
        <message>
            <source>Show tenant ID column</source>
            <translation>Show tenant ID column</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <source>About Partner Desk</source>
            <translation>About Partner Desk</translation>
        </message>
        <message>
            <source>Main toolbar</source>
            <translation>Main toolbar</translation>
        </message>
        <message>
            <source>Search customers</source>
            <translation>Search customers</translation>
        </message>
        <message>
            <source>Name, display name, contact email or tenant ID (Ctrl+F; Esc clears)</source>
            <translation>Name, display name, contact email or tenant ID (Ctrl+F; Esc clears)</translation>
        </message>
        <message>
            <source>Clear search</source>
            <translation>Clear search</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Search</translation>
        </message>
        <message>
            <source>Show active protection only: hide licence columns with no active, expiring or trial licence and leave inactive cells blank</source>
            <translation>Show active protection only: hide licence columns with no active, expiring or trial licence and leave inactive cells blank</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Retry</translation>
        </message>
        <message>
            <source>Retry the sync</source>
            <translation>Retry the sync</translation>
        </message>
        <message>
            <source>Edit profile…</source>
            <translation>Edit profile…</translation>
        </message>
        <message>
            <source>Edit this profile's secret and URLs</source>
            <translation>Edit this profile's secret and URLs</translation>
        </message>
        <message>
            <source>Hide this message</source>
            <translation>Hide this message</translation>
        </message>
        <message>
            <source>Customers</source>
            <translation>Customers</translation>
        </message>
        <message>
            <source>Sync progress</source>
            <translation>Sync progress</translation>
        </message>
        <message>
            <source>Last sync result</source>
            <translation>Last sync result</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <source>Insights: renewals, seats, billing, changes…</source>
            <translation>Insights: renewals, seats, billing, changes…</translation>
        </message>
        <message>
            <source>Partner Desk — {profile}</source>
            <extracomment>Emitted after the cached rows of a profile are in the table. Emitted after a sync ended (the SyncSummary).</extracomment>
            <translation>Partner Desk — {profile}</translation>
        </message>
        <message>
            <source>Profile: {profile}</source>
            <translation>Profile: {profile}</translation>
        </message>
        <message>
            <source>Loading cached customers…</source>
            <translation>Loading cached customers…</translation>
        </message>
        <message>
            <source>Connecting to the team database…</source>
            <translation>Connecting to the team database…</translation>
        </message>
        <message>
            <source>never</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Team database: live</source>
            <translation>Team database: live</translation>
        </message>
        <message>
            <source>Team database unreachable: showing the local copy from {when}</source>
            <translation>Team database unreachable: showing the local copy from {when}</translation>
        </message>
        <message>
            <source>The cached customers could not be read: {error}</source>
            <translation>The cached customers could not be read: {error}</translation>
        </message>
        <message>
            <source>No client secret is stored for the profile {profile}. Open File › Profiles… to enter it.</source>
            <translation>No client secret is stored for the profile {profile}. Open File › Profiles… to enter it.</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>Connecting…</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Cancelling…</translation>
        </message>
        <message>
            <source>Customer list up to date · licences refreshed for {done} of {total} customers</source>
            <translation>Customer list up to date · licences refreshed for {done} of {total} customers</translation>
        </message>
        <message>
            <source>Customers %v/%m</source>
            <translation>Customers %v/%m</translation>
        </message>
        <message>
            <source>Licences %v/%m</source>
            <translation>Licences %v/%m</translation>
        </message>
        <message>
            <source>Groups…</source>
            <translation>Groups…</translation>
        </message>
        <message>
            <source>Billing usage…</source>
            <translation>Billing usage…</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>{new} new, {removed} removed, {changed} changed</source>
            <translation>{new} new, {removed} removed, {changed} changed</translation>
        </message>
        <message>
            <source>{customers} customers, {licences} licences, {not_manageable} not manageable, {seconds} s</source>
            <translation>{customers} customers, {licences} licences, {not_manageable} not manageable, {seconds} s</translation>
        </message>
        <message>
            <source>{count} items of the server's answers were skipped (details in the log)</source>
            <translation>{count} items of the server's answers were skipped (details in the log)</translation>
        </message>
        <message>
            <source>{stale} customers kept their previous licences (their licence request failed); the next sync refreshes them first</source>
            <translation>{stale} customers kept their previous licences (their licence request failed); the next sync refreshes them first</translation>
        </message>
        <message>
            <source>Sync cancelled — what it saved so far is kept</source>
            <translation>Sync cancelled — what it saved so far is kept</translation>
        </message>
        <message>
            <source>A sync of this profile is already running — showing the cached data</source>
            <translation>A sync of this profile is already running — showing the cached data</translation>
        </message>
        <message>
            <source>A sync of this profile is already running elsewhere — no customers cached yet; sync again when it has ended</source>
            <translation>A sync of this profile is already running elsewhere — no customers cached yet; sync again when it has ended</translation>
        </message>
        <message>
            <source>Reading the cached customers…</source>
            <translation>Reading the cached customers…</translation>
        </message>
        <message>
            <source>First sync: fetching your customers</source>
            <translation>First sync: fetching your customers</translation>
        </message>
        <message>
            <source>Licences</source>
            <translation>Licences</translation>
        </message>
        <message>
            <source>The customers appear here as soon as their list is complete.</source>
            <translation>The customers appear here as soon as their list is complete.</translation>
        </message>
        <message>
            <source>No customers cached yet</source>
            <translation>No customers cached yet</translation>
        </message>
        <message>
            <source>No customers</source>
            <translation>No customers</translation>
        </message>
        <message>
            <source>The last sync found no customers.</source>
            <translation>The last sync found no customers.</translation>
        </message>
        <message>
            <source>Sync (F5) fetches them from the Partner API.</source>
            <translation>Sync (F5) fetches them from the Partner API.</translation>
        </message>
        <message>
            <source>reading cache…</source>
            <translation>reading cache…</translation>
        </message>
        <message>
            <source>{total} customers</source>
            <translation>{total} customers</translation>
        </message>
        <message>
            <source>{shown} of {total} customers</source>
            <translation>{shown} of {total} customers</translation>
        </message>
        <message>
            <source>Rows copied: {count}</source>
            <translation>Rows copied: {count}</translation>
        </message>
        <message>
            <source>Export visible rows</source>
            <translation>Export visible rows</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <source>The file could not be written: {error}</source>
            <translation>The file could not be written: {error}</translation>
        </message>
        <message>
            <source>Exported {count} rows to {path}</source>
            <translation>Exported {count} rows to {path}</translation>
        </message>
        <message>
            <source>The profile {name} no longer exists.</source>
            <translation>The profile {name} no longer exists.</translation>
        </message>
        <message>
            <source>Sync now</source>
            <translation>Sync now</translation>
        </message>
        <message>
            <source>Clear the search (in the search box)</source>
            <translation>Clear the search (in the search box)</translation>
        </message>
        <message>
            <source>Contact details of the current customer</source>
            <translation>Contact details of the current customer</translation>
        </message>
        <message>
            <source>Copy the selected rows</source>
            <translation>Copy the selected rows</translation>
        </message>
        <message>
            <source>Export visible rows to CSV</source>
            <translation>Export visible rows to CSV</translation>
        </message>
        <message>
            <source>Customer details: groups and licences</source>
            <translation>Customer details: groups and licences</translation>
        </message>
        <message>
            <source>Rename the selected customer</source>
            <translation>Rename the selected customer</translation>
        </message>
        <message>
            <source>Launch the customer's Sophos Central</source>
            <translation>Launch the customer's Sophos Central</translation>
        </message>
        <message>
            <source>Update billing type</source>
            <translation>Update billing type</translation>
        </message>
        <message>
            <source>Unlink the selected customers (in the table)</source>
            <translation>Unlink the selected customers (in the table)</translation>
        </message>
        <message>
            <source>Create a monthly account</source>
            <translation>Create a monthly account</translation>
        </message>
        <message>
            <source>Settings: language and theme</source>
            <translation>Settings: language and theme</translation>
        </message>
        <message>
            <source>Partner Desk — the Sophos Central Partner customer list on your desktop, fast and available offline.</source>
            <translation>Partner Desk — the Sophos Central Partner customer list on your desktop, fast and available offline.</translation>
        </message>
    </context>
    <context>
        <name>MessageBar</name>
        <message>
            <source>Message</source>
            <translation>Message</translation>
        </message>
    </context>
    <context>
        <name>NotesDialog</name>
        <message>
            <source>Tags, alias and note</source>
            <translation>Tags, alias and note</translation>
        </message>
        <message>
            <source>{count} customers selected.</source>
            <translation>{count} customers selected.</translation>
        </message>
        <message>
            <source>One customer selected.</source>
            <translation>One customer selected.</translation>
        </message>
        <message>
            <source>gold, north, renew-q3</source>
            <translation>gold, north, renew-q3</translation>
        </message>
        <message>
            <source>Add tags</source>
            <translation>Add tags</translation>
        </message>
        <message>
            <source>Remove tags</source>
            <translation>Remove tags</translation>
        </message>
        <message>
            <source>Alias</source>
            <translation>Alias</translation>
        </message>
        <message>
            <source>(unchanged)</source>
            <translation>(unchanged)</translation>
        </message>
        <message>
            <source>Your own name for it</source>
            <translation>Your own name for it</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Ignore: hide from the default view</source>
            <translation>Ignore: hide from the default view</translation>
        </message>
    </context>
    <context>
        <name>PaletteDialog</name>
        <message>
            <source>Switch view</source>
            <translation>Switch view</translation>
        </message>
        <message>
            <source>Type a view or filter name…</source>
            <translation>Type a view or filter name…</translation>
        </message>
        <message>
            <source>Find a view</source>
            <translation>Find a view</translation>
        </message>
        <message>
            <source>Views and filters</source>
            <translation>Views and filters</translation>
        </message>
    </context>
    <context>
        <name>ProfilesDialog</name>
        <message>
            <source>Profiles</source>
            <extracomment>The user chose to switch to this profile name. A profile was edited: its old name, its new name (the same unless renamed). A save or a removal ended (True: done); ``profiles.json`` and the keyring are written off the GUI thread, the dialog is busy meanwhile. The saved profiles were read (off the GUI thread) and listed.</extracomment>
            <translation>Profiles</translation>
        </message>
        <message>
            <source>Profiles on this computer:</source>
            <extracomment>the name of the profile the form edits; None: the form adds a new profile the saved profiles by name, as last read off the GUI thread (None: not yet)</extracomment>
            <translation>Profiles on this computer:</translation>
        </message>
        <message>
            <source>Switch to this profile</source>
            <translation>Switch to this profile</translation>
        </message>
        <message>
            <source>Switch to the selected profile</source>
            <translation>Switch to the selected profile</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Remove</translation>
        </message>
        <message>
            <source>Remove the selected profile</source>
            <translation>Remove the selected profile</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Edit…</translation>
        </message>
        <message>
            <source>Edit the selected profile: its secret, URLs or name</source>
            <translation>Edit the selected profile: its secret, URLs or name</translation>
        </message>
        <message>
            <source>Add a Sophos Central profile</source>
            <translation>Add a Sophos Central profile</translation>
        </message>
        <message>
            <source>Profile name</source>
            <translation>Profile name</translation>
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
            <translation>Identity URL</translation>
        </message>
        <message>
            <source>Global URL</source>
            <translation>Global URL</translation>
        </message>
        <message>
            <source>Test connection</source>
            <translation>Test connection</translation>
        </message>
        <message>
            <source>Save profile</source>
            <translation>Save profile</translation>
        </message>
        <message>
            <source>New profile</source>
            <translation>New profile</translation>
        </message>
        <message>
            <source>Clear the form to add a new profile</source>
            <translation>Clear the form to add a new profile</translation>
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
            <translation>{profile} — open now</translation>
        </message>
        <message>
            <source>The profile {name} no longer exists.</source>
            <translation>The profile {name} no longer exists.</translation>
        </message>
        <message>
            <source>The Demo profile is set up by Partner Desk and cannot be edited; File › Reset demo data starts it afresh.</source>
            <translation>The Demo profile is set up by Partner Desk and cannot be edited; File › Reset demo data starts it afresh.</translation>
        </message>
        <message>
            <source>Edit the profile {name}</source>
            <translation>Edit the profile {name}</translation>
        </message>
        <message>
            <source>Leave empty to keep the stored secret</source>
            <translation>Leave empty to keep the stored secret</translation>
        </message>
        <message>
            <source>Save changes</source>
            <translation>Save changes</translation>
        </message>
        <message>
            <source>Enter the client secret again, or change the profile's URLs or name.</source>
            <translation>Enter the client secret again, or change the profile's URLs or name.</translation>
        </message>
        <message>
            <source>Replace profile</source>
            <translation>Replace profile</translation>
        </message>
        <message>
            <source>A profile named {name} already exists. Replace its client ID, URLs and secret with these?</source>
            <translation>A profile named {name} already exists. Replace its client ID, URLs and secret with these?</translation>
        </message>
        <message>
            <source>Switch to another profile before removing this one.</source>
            <translation>Switch to another profile before removing this one.</translation>
        </message>
        <message>
            <source>Profile {name} removed.</source>
            <translation>Profile {name} removed.</translation>
        </message>
        <message>
            <source>The client secret is required.</source>
            <translation>The client secret is required.</translation>
        </message>
        <message>
            <source>A {kind} profile is already named {name}; choose another name.</source>
            <translation>A {kind} profile is already named {name}; choose another name.</translation>
        </message>
        <message>
            <source>Nothing was changed.</source>
            <translation>Nothing was changed.</translation>
        </message>
        <message>
            <source>Profile {name} saved.</source>
            <translation>Profile {name} saved.</translation>
        </message>
        <message>
            <source>Profile {name} saved. No system keyring is available, so the client secret is kept for this session only.</source>
            <translation>Profile {name} saved. No system keyring is available, so the client secret is kept for this session only.</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>team</source>
            <translation>team</translation>
        </message>
        <message>
            <source>Testing the connection…</source>
            <translation>Testing the connection…</translation>
        </message>
        <message>
            <source>Connected. Partner ID: {partner}</source>
            <translation>Connected. Partner ID: {partner}</translation>
        </message>
        <message>
            <source>Connection failed: {error}</source>
            <translation>Connection failed: {error}</translation>
        </message>
    </context>
    <context>
        <name>RenameDialog</name>
        <message>
            <source>Display name as — {name}</source>
            <extracomment>the cleaned new display name</extracomment>
            <translation>Display name as — {name}</translation>
        </message>
        <message>
            <source>Rename customer {name}</source>
            <translation>Rename customer {name}</translation>
        </message>
        <message>
            <source>The display name is how this customer appears in your customer list. The account name ({name}) does not change.</source>
            <translation>The display name is how this customer appears in your customer list. The account name ({name}) does not change.</translation>
        </message>
        <message>
            <source>Display name</source>
            <translation>Display name</translation>
        </message>
        <message>
            <source>&amp;Display name as</source>
            <translation>&amp;Display name as</translation>
        </message>
        <message>
            <source>Save the display name</source>
            <translation>Save the display name</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Renaming…</source>
            <translation>Renaming…</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>System default</source>
            <translation>System default</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>&amp;Language:</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>Theme</translation>
        </message>
        <message>
            <source>System</source>
            <translation>System</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Light</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Dark</translation>
        </message>
        <message>
            <source>&amp;Theme:</source>
            <translation>&amp;Theme:</translation>
        </message>
        <message>
            <source>Takes effect when Partner Desk restarts.</source>
            <translation>Takes effect when Partner Desk restarts.</translation>
        </message>
    </context>
    <context>
        <name>SyncMessages</name>
        <message>
            <source>Signing in</source>
            <translation>Signing in</translation>
        </message>
        <message>
            <source>Fetching customers</source>
            <translation>Fetching customers</translation>
        </message>
        <message>
            <source>Fetched {count} customers</source>
            <translation>Fetched {count} customers</translation>
        </message>
        <message>
            <source>Customer list saved ({count} customers); refreshing licences</source>
            <translation>Customer list saved ({count} customers); refreshing licences</translation>
        </message>
        <message>
            <source>Resuming the licence refresh where the last sync stopped</source>
            <translation>Resuming the licence refresh where the last sync stopped</translation>
        </message>
        <message>
            <source>Fetching licences</source>
            <translation>Fetching licences</translation>
        </message>
        <message>
            <source>Licences refreshed for {refreshed} of {count} customers</source>
            <translation>Licences refreshed for {refreshed} of {count} customers</translation>
        </message>
        <message>
            <source>Fetching customer groups</source>
            <translation>Fetching customer groups</translation>
        </message>
        <message>
            <source>Fetching billing usage</source>
            <translation>Fetching billing usage</translation>
        </message>
        <message>
            <source>Saving</source>
            <translation>Saving</translation>
        </message>
        <message>
            <source>Sync complete</source>
            <translation>Sync complete</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <source>Sign-in failed — showing the cached data</source>
            <extracomment>short, for the status bar what happened and what to do, for the banner and the empty table the server could not be reached (the cache age says "offline") the fix is in the profile (wrong secret): the banner offers "Edit profile…"</extracomment>
            <translation>Sign-in failed — showing the cached data</translation>
        </message>
        <message>
            <source>Sign-in failed — no customers cached yet</source>
            <translation>Sign-in failed — no customers cached yet</translation>
        </message>
        <message>
            <source>Sign-in failed: the server rejected the client ID or client secret of the profile {profile}. Edit the profile (File › Profiles…) and enter the secret again.</source>
            <translation>Sign-in failed: the server rejected the client ID or client secret of the profile {profile}. Edit the profile (File › Profiles…) and enter the secret again.</translation>
        </message>
        <message>
            <source>Offline — showing the cached data</source>
            <translation>Offline — showing the cached data</translation>
        </message>
        <message>
            <source>Offline — no customers cached yet</source>
            <translation>Offline — no customers cached yet</translation>
        </message>
        <message>
            <source>The Partner API server cannot be reached. Check the network connection (and proxy or firewall settings) and sync again.</source>
            <translation>The Partner API server cannot be reached. Check the network connection (and proxy or firewall settings) and sync again.</translation>
        </message>
        <message>
            <source>Sync failed — showing the cached data</source>
            <translation>Sync failed — showing the cached data</translation>
        </message>
        <message>
            <source>Sync failed — no customers cached yet</source>
            <translation>Sync failed — no customers cached yet</translation>
        </message>
        <message>
            <source>The server refused this API credential access to the customer list (HTTP 403). Use a Partner API credential whose role can see customers.</source>
            <translation>The server refused this API credential access to the customer list (HTTP 403). Use a Partner API credential whose role can see customers.</translation>
        </message>
        <message>
            <source>The server's TLS certificate is not trusted. If your network inspects HTTPS traffic, set the profile's CA bundle to your organisation's CA certificate.</source>
            <translation>The server's TLS certificate is not trusted. If your network inspects HTTPS traffic, set the profile's CA bundle to your organisation's CA certificate.</translation>
        </message>
        <message>
            <source>The Partner API is rate-limiting this credential. Wait a few minutes and sync again; what was fetched is kept.</source>
            <translation>The Partner API is rate-limiting this credential. Wait a few minutes and sync again; what was fetched is kept.</translation>
        </message>
        <message>
            <source>The Partner API server answered with an error (HTTP {status}). Try again later; what was fetched is kept.</source>
            <translation>The Partner API server answered with an error (HTTP {status}). Try again later; what was fetched is kept.</translation>
        </message>
        <message>
            <source>The Partner API server kept failing. Try again later; what was fetched is kept.</source>
            <translation>The Partner API server kept failing. Try again later; what was fetched is kept.</translation>
        </message>
        <message>
            <source>The server sent an incomplete or invalid answer. Try again later; what was fetched is kept.</source>
            <translation>The server sent an incomplete or invalid answer. Try again later; what was fetched is kept.</translation>
        </message>
        <message>
            <source>The Partner API refused a request (HTTP {status}). Try again later; what was fetched is kept.</source>
            <translation>The Partner API refused a request (HTTP {status}). Try again later; what was fetched is kept.</translation>
        </message>
        <message>
            <source>The local customer cache could not be read or written. Check the free disk space and the permissions of the data folder, then sync again.</source>
            <translation>The local customer cache could not be read or written. Check the free disk space and the permissions of the data folder, then sync again.</translation>
        </message>
        <message>
            <source>The sync stopped because of an unexpected error. Sync again; the details are in the log.</source>
            <translation>The sync stopped because of an unexpected error. Sync again; the details are in the log.</translation>
        </message>
    </context>
    <context>
        <name>TableOverlay</name>
        <message>
            <source>about {seconds} s left</source>
            <translation>about {seconds} s left</translation>
        </message>
        <message>
            <source>about {minutes} min left</source>
            <translation>about {minutes} min left</translation>
        </message>
        <message>
            <source>First sync progress</source>
            <translation>First sync progress</translation>
        </message>
        <message>
            <source>{what}: {done} of {total}</source>
            <translation>{what}: {done} of {total}</translation>
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
            <translation>The team database cannot be reached ({detail}).</translation>
        </message>
        <message>
            <source>The team database's TLS certificate was not accepted ({detail}): check the URL's sslrootcert and the server's certificate.</source>
            <translation>The team database's TLS certificate was not accepted ({detail}): check the URL's sslrootcert and the server's certificate.</translation>
        </message>
        <message>
            <source>The team database server does not offer TLS, but the URL's sslmode requires it.</source>
            <translation>The team database server does not offer TLS, but the URL's sslmode requires it.</translation>
        </message>
        <message>
            <source>The team database server refused this connection ({detail}): check the URL's sslmode and the server's pg_hba.conf.</source>
            <translation>The team database server refused this connection ({detail}): check the URL's sslmode and the server's pg_hba.conf.</translation>
        </message>
        <message>
            <source>The team database refused the login ({detail}): check the database role and its password.</source>
            <translation>The team database refused the login ({detail}): check the database role and its password.</translation>
        </message>
    </context>
    <context>
        <name>UnlinkDialog</name>
        <message>
            <source>Unlink {name}</source>
            <extracomment>list of tenant ids to unlink None while the licences are being read (``set_checks`` fills them in)</extracomment>
            <translation>Unlink {name}</translation>
        </message>
        <message>
            <source>Unlink {count} customers</source>
            <translation>Unlink {count} customers</translation>
        </message>
        <message>
            <source>Unlinked customers leave your customer list and you lose access to them. Customers with an active licence, or one that expired less than 60 days ago, cannot be unlinked. Monthly accounts are unlinked on the first day of next month.</source>
            <translation>Unlinked customers leave your customer list and you lose access to them. Customers with an active licence, or one that expired less than 60 days ago, cannot be unlinked. Monthly accounts are unlinked on the first day of next month.</translation>
        </message>
        <message>
            <source>Customers to unlink</source>
            <translation>Customers to unlink</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Customer</translation>
        </message>
        <message>
            <source>Can be unlinked</source>
            <translation>Can be unlinked</translation>
        </message>
        <message>
            <source>When / why not</source>
            <translation>When / why not</translation>
        </message>
        <message>
            <source>Yes, make this unlink effective immediately</source>
            <translation>Yes, make this unlink effective immediately</translation>
        </message>
        <message>
            <source>Unlink</source>
            <translation>Unlink</translation>
        </message>
        <message>
            <source>Unlink the customers that can be unlinked</source>
            <translation>Unlink the customers that can be unlinked</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>Sync first.</source>
            <translation>Sync first.</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Yes</translation>
        </message>
        <message>
            <source>Monthly account: scheduled for {date}</source>
            <translation>Monthly account: scheduled for {date}</translation>
        </message>
        <message>
            <source>If no licence is active</source>
            <translation>If no licence is active</translation>
        </message>
        <message>
            <source>Its licences are not visible to you: Sophos Central refuses the unlink while one is active.</source>
            <translation>Its licences are not visible to you: Sophos Central refuses the unlink while one is active.</translation>
        </message>
        <message>
            <source>Immediately</source>
            <translation>Immediately</translation>
        </message>
        <message>
            <source>No</source>
            <translation>No</translation>
        </message>
        <message>
            <source>Checking the licences…</source>
            <translation>Checking the licences…</translation>
        </message>
        <message>
            <source>None of the selected customers can be unlinked now.</source>
            <translation>None of the selected customers can be unlinked now.</translation>
        </message>
        <message>
            <source>{can} can be unlinked; {cannot} will be left as they are.</source>
            <translation>{can} can be unlinked; {cannot} will be left as they are.</translation>
        </message>
        <message>
            <source>{can} can be unlinked.</source>
            <translation>{can} can be unlinked.</translation>
        </message>
        <message>
            <source>Unlinking {count} customers…</source>
            <translation>Unlinking {count} customers…</translation>
        </message>
        <message>
            <source>Scheduled</source>
            <translation>Scheduled</translation>
        </message>
        <message>
            <source>Scheduled for {date}</source>
            <translation>Scheduled for {date}</translation>
        </message>
        <message>
            <source>Unlinked</source>
            <translation>Unlinked</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Failed</translation>
        </message>
        <message>
            <source>{failed} of {total} customers could not be unlinked.</source>
            <translation>{failed} of {total} customers could not be unlinked.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
    </context>
</TS>
