; Inno Setup script for CaseLens on Windows: wraps the PyInstaller one-folder build (dist\caselens\).
; Build: see installers/windows/BUILD.md. iscc installers\windows\caselens.iss [/DAppVersion=0.1.0]
; Names below must match installers/manifest.json (app_name, package, executable, gui_executable);
; installers/check_specs.py fails the build when they drift.

#define AppName "CaseLens"
#define AppPackage "caselens"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExeName "caselens.exe"
#define AppGuiExeName "caselens-gui.exe"
#define AppPublisher "CaseLens contributors"

[Setup]
AppId={{6F0E5D2A-3C1B-4B7E-9D55-CA5E1E450001}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename={#AppPackage}_{#AppVersion}_setup
SetupIconFile=..\..\build\icons\caselens.ico
UninstallDisplayIcon={app}\{#AppGuiExeName}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\{#AppPackage}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppGuiExeName}"
Name: "{group}\{#AppName} selftest"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#AppExeName}"" selftest"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppGuiExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppGuiExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
