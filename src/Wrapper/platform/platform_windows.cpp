// Windows implementations of platform.h. Written for the Windows build (installer/windows), compiled and tested
// only there: these machines have no Windows toolchain.
#include "platform.h"
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <shlobj.h>
#include <cstdio>
#include <cstring>

namespace aicp::platform {

void* loadLibraryNoUnload(const char* path, char* error, int errorSize) noexcept {
    wchar_t wide[1024];
    if (MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, 1024) == 0) {
        if (error && errorSize > 0) std::snprintf(error, errorSize, "path too long or not UTF-8");
        return nullptr;
    }
    HMODULE module = LoadLibraryExW(wide, nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (!module) {
        if (error && errorSize > 0) std::snprintf(error, errorSize, "LoadLibrary failed with error %lu", GetLastError());
        return nullptr;
    }
    // Pinned: a .NET runtime must never be unloaded while the host lives (the counterpart of RTLD_NODELETE).
    HMODULE pinned = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
                       reinterpret_cast<LPCWSTR>(GetProcAddress(module, "aicp_abi_version")), &pinned);
    return module;
}

void* findSymbol(void* library, const char* name) noexcept {
    return library ? reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(library), name)) : nullptr;
}

bool thisModuleDirectory(char* out, int size) noexcept {
    HMODULE self = nullptr;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            reinterpret_cast<LPCWSTR>(&thisModuleDirectory), &self))
        return false;
    wchar_t wide[1024];
    DWORD n = GetModuleFileNameW(self, wide, 1024);
    if (n == 0 || n >= 1024) return false;
    wchar_t* slash = wcsrchr(wide, L'\\');
    if (slash) slash[1] = 0;
    return WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, size, nullptr, nullptr) > 0;
}

bool userCacheDirectory(char* out, int size) noexcept {
    wchar_t* local = nullptr;
    if (SHGetKnownFolderPath(FOLDERID_LocalAppData, KF_FLAG_CREATE, nullptr, &local) != S_OK) return false;
    wchar_t wide[1024];
    _snwprintf_s(wide, 1024, _TRUNCATE, L"%s\\AiCoPilot\\", local);
    CoTaskMemFree(local);
    CreateDirectoryW(wide, nullptr);
    return WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, size, nullptr, nullptr) > 0;
}

}  // namespace aicp::platform
