; AiCoPilot for Windows x64: installs the VST3 bundle where Windows DAWs look for it,
; %CommonProgramFiles%\VST3\AiCoPilot.vst3, and the uninstaller into %ProgramFiles%\AiCoPilot.
; Built on Linux by build_installer.sh (makensis), which passes every value below from VERSION and out/win:
;   VERSION (x.y.z...), VERSION4 (x.y.z.w for the file's version resource), BUNDLE (the AiCoPilot.vst3 folder),
;   LICENSE_TXT (the MIT licence, CRLF), SIZE_KB, OUTFILE.
; Silent: setup.exe /S installs; Uninstall.exe /S uninstalls (add _?=<its folder> to wait for it, as the test does).
; The user's takes and logs (%LOCALAPPDATA%\AiCoPilot) are never touched.

!ifndef VERSION | VERSION4 | BUNDLE | LICENSE_TXT | SIZE_KB | OUTFILE
  !error "build with installer/windows/build_installer.sh, which defines VERSION, VERSION4, BUNDLE, LICENSE_TXT, SIZE_KB, OUTFILE"
!endif

Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel admin
ManifestSupportedOS all
ManifestDPIAware true

!define PRODUCT "AiCoPilot"
!define PUBLISHER "AiCoPilot developers"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
; The bundle's place: the folder every VST3 host scans. Installing swaps a complete copy in (see the section).
!define VST3_DIR "$COMMONFILES64\VST3"
!define BUNDLE_DIR "${VST3_DIR}\${PRODUCT}.vst3"
!define BUNDLE_NEW "${VST3_DIR}\.${PRODUCT}.vst3.new"
!define BUNDLE_OLD "${VST3_DIR}\.${PRODUCT}.vst3.old"
!define MODEL_CARD "${BUNDLE_DIR}\Contents\Resources\MODEL_CARD.md"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT License, (c) ${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} ${VERSION} setup (VST3 MIDI plug-in, x64)"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "${PRODUCT} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "This installs the ${PRODUCT} VST3 plug-in for every user of this computer, into$\r$\n$\r$\n${BUNDLE_DIR}$\r$\n$\r$\nwhere your DAW finds it on its next plug-in scan. An older ${PRODUCT} there is replaced; close your DAW first.$\r$\n$\r$\nThe plug-in ships a small music model. Its model card (MODEL_CARD.md in the bundle's Contents\Resources) says what it was trained on, what it is for and its limits.$\r$\n$\r$\nYour takes and logs (%LOCALAPPDATA%\${PRODUCT}) are never touched by installing or uninstalling."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${LICENSE_TXT}"
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "${PRODUCT} ${VERSION} is installed. Rescan plug-ins in your DAW to find it.$\r$\n$\r$\nIts model card is MODEL_CARD.md in the bundle's Contents\Resources folder."
!define MUI_FINISHPAGE_SHOWREADME
!define MUI_FINISHPAGE_SHOWREADME_TEXT "Read the model card"
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED
!define MUI_FINISHPAGE_SHOWREADME_FUNCTION ShowModelCard
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "This removes the ${PRODUCT} plug-in, ${BUNDLE_DIR}, and this uninstaller. Your takes and logs (%LOCALAPPDATA%\${PRODUCT}) are kept. Close your DAW first."
!define MUI_UNCONFIRMPAGE_TEXT_LOCATION "Uninstaller:"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Function ShowModelCard
  Exec '"$WINDIR\notepad.exe" "${MODEL_CARD}"'
FunctionEnd

Function .onInit
  SetRegView 64
FunctionEnd

Section "AiCoPilot VST3 plug-in" SecPlugin
  SectionIn RO
  ; A complete copy goes in beside the old bundle first; the old one is moved aside in one rename (if that fails,
  ; e.g. a file in it is open, setup stops with nothing changed), then the new one is renamed into place. A failed
  ; copy never leaves half a bundle, and no file of an older version survives in the new one.
  RMDir /r "${BUNDLE_NEW}"
  RMDir /r "${BUNDLE_OLD}"
  SetOutPath "${BUNDLE_NEW}"
  File /r "${BUNDLE}/*"
  SetOutPath "$TEMP"
  ClearErrors
  ${If} ${FileExists} "${BUNDLE_DIR}\*.*"
    Rename "${BUNDLE_DIR}" "${BUNDLE_OLD}"
    ${If} ${Errors}
      RMDir /r "${BUNDLE_NEW}"
      MessageBox MB_OK|MB_ICONSTOP "${BUNDLE_DIR} is in use (is a DAW running with ${PRODUCT} loaded?). Close it and run setup again; nothing was changed." /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
  ${EndIf}
  ClearErrors
  Rename "${BUNDLE_NEW}" "${BUNDLE_DIR}"
  ${If} ${Errors}
    ; Put the old bundle back rather than leave none.
    Rename "${BUNDLE_OLD}" "${BUNDLE_DIR}"
    RMDir /r "${BUNDLE_NEW}"
    MessageBox MB_OK|MB_ICONSTOP "Could not move the new bundle into ${BUNDLE_DIR}." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  RMDir /r /REBOOTOK "${BUNDLE_OLD}"   ; a DLL still loaded from it goes at the next restart; hosts ignore the name
  DetailPrint "Installed ${BUNDLE_DIR}"

  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${PRODUCT} ${VERSION} (VST3 plug-in)"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\Uninstall.exe"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "${BUNDLE_DIR}"
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" ${SIZE_KB}
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  ; The bundle (and any copy an interrupted setup left beside it), the uninstaller and its registry entry.
  ; Nothing under %LOCALAPPDATA%\AiCoPilot: the user's takes and logs stay. The bundle is renamed aside first, so a
  ; plug-in in use stops the uninstall before anything is removed.
  SetOutPath "$TEMP"
  RMDir /r "${BUNDLE_NEW}"
  RMDir /r "${BUNDLE_OLD}"
  ClearErrors
  ${If} ${FileExists} "${BUNDLE_DIR}\*.*"
    Rename "${BUNDLE_DIR}" "${BUNDLE_OLD}"
    ${If} ${Errors}
      MessageBox MB_OK|MB_ICONSTOP "${BUNDLE_DIR} is in use (is a DAW running with ${PRODUCT} loaded?). Close it and uninstall again; nothing was removed." /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    RMDir /r /REBOOTOK "${BUNDLE_OLD}"
  ${EndIf}
  DeleteRegKey HKLM "${UNINST_KEY}"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd
