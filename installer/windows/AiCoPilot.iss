; Inno Setup script: installs AiCoPilot.vst3 into the system VST3 folder (%CommonProgramFiles%\VST3).
; Built by installer/windows/build.ps1, which passes AppVersion and SourceDir. UNTESTED (see installer/README.md).
[Setup]
AppName=AiCoPilot
AppVersion={#AppVersion}
AppPublisher=AiCoPilot developers
DefaultDirName={commoncf64}\VST3
DisableDirPage=yes
DisableProgramGroupPage=yes
ArchitecturesInstallIn64BitMode=x64compatible
ArchitecturesAllowed=x64compatible
OutputBaseFilename=aicopilot-{#AppVersion}-windows-x64-setup
LicenseFile={#SourceDir}\AiCoPilot.vst3\Contents\Resources\LICENSE
UninstallDisplayName=AiCoPilot {#AppVersion}

[Files]
Source: "{#SourceDir}\AiCoPilot.vst3\*"; DestDir: "{app}\AiCoPilot.vst3"; Flags: recursesubdirs ignoreversion

[UninstallDelete]
Type: filesandordirs; Name: "{app}\AiCoPilot.vst3"
