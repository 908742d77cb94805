; Inno Setup 6 script for Partner Desk (Windows x64 installer).
;
;   ISCC.exe /DAppVersion=0.1.0 installer\partner_desk.iss
;
; Packs the PyInstaller one-folder bundle (dist\partner-desk, built by
; scripts/build_bundle.sh or `pyinstaller build.spec`) into
; dist\installer\PartnerDesk-<version>-setup.exe. The version is never written
; here: it comes from pyproject.toml through /DAppVersion (see release.yml).

#ifndef AppVersion
  #error Define the version: ISCC /DAppVersion=x.y.z installer\partner_desk.iss
#endif
#ifndef AppVersionNumeric
  ; x.y.z[.w] for the setup file's version resource (no "rc1"/"dev" suffixes)
  #define AppVersionNumeric AppVersion
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\partner-desk"
#endif
#define AppName "Partner Desk"
#define AppExe "partner-desk.exe"
#define AppPublisher "Partner Desk"

[Setup]
; Keep AppId forever: upgrades and the uninstaller find earlier installs by it.
AppId={{6F0C7E3A-2B9D-4C55-9B0E-5A7D2E4C8F11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoDescription={#AppName} Setup
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install without admin rights by default; the dialog offers all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=PartnerDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "italian"; MessagesFile: "compiler:Languages\Italian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A new version must not inherit stale DLLs or plugins from the previous one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
