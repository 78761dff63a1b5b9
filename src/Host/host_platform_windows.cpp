// host_platform.h on Windows (x64, built with mingw-w64; run here under Wine).
#include "host_platform.h"
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <psapi.h>
#include <shellapi.h>
#include <fcntl.h>
#include <io.h>
#include <cstdio>
#include <stdexcept>

namespace aicphost::platform {
namespace {

std::wstring wide(const std::string& utf8) {
    if (utf8.empty()) return std::wstring();
    int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), int(utf8.size()), nullptr, 0);
    std::wstring out(size_t(n > 0 ? n : 0), L'\0');
    if (n > 0) MultiByteToWideChar(CP_UTF8, 0, utf8.data(), int(utf8.size()), out.data(), n);
    return out;
}

std::string utf8(const wchar_t* text) {
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
    if (n <= 1) return std::string();
    std::string out(size_t(n - 1), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text, -1, out.data(), n, nullptr, nullptr);
    return out;
}

std::string lastErrorText(DWORD code) {
    char text[512] = {0};
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, code, 0, text, sizeof text, nullptr);
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' ')) text[--n] = 0;
    return "error " + std::to_string(code) + (n > 0 ? std::string(" (") + text + ")" : std::string());
}

}  // namespace

double nowSeconds() noexcept {
    static const double frequency = [] {
        LARGE_INTEGER f;
        QueryPerformanceFrequency(&f);
        return double(f.QuadPart);
    }();
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return double(t.QuadPart) / frequency;
}

int onlineCpus() noexcept {
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    return int(info.dwNumberOfProcessors);
}

std::vector<std::string> setUpProcess(int argc, char** argv) {
    _setmode(_fileno(stdout), _O_BINARY);
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
    std::vector<std::string> out;
    int count = 0;
    if (LPWSTR* args = CommandLineToArgvW(GetCommandLineW(), &count)) {
        for (int i = 0; i < count; ++i) out.push_back(utf8(args[i]));
        LocalFree(args);
        return out;
    }
    return std::vector<std::string>(argv, argv + argc);
}

std::filesystem::path filePath(const std::string& text) { return std::filesystem::path(wide(text)); }

PluginLibrary openPluginLibrary(const std::string& bundlePath) {
    std::string name = bundlePath;
    while (!name.empty() && (name.back() == '/' || name.back() == '\\')) name.pop_back();
    std::string stem = name.substr(name.find_last_of("/\\") + 1);
    if (stem.size() > 5 && stem.substr(stem.size() - 5) == ".vst3") stem = stem.substr(0, stem.size() - 5);
    PluginLibrary out;
    out.binaryFolder = name + "\\Contents\\x86_64-win";
    out.binaryPath = out.binaryFolder + "\\" + stem + ".vst3";
    HMODULE module = LoadLibraryW(wide(out.binaryPath).c_str());
    if (!module) throw std::runtime_error("cannot load " + out.binaryPath + ": " + lastErrorText(GetLastError()));
    out.handle = module;
    // The folder as the loader names it (the modules the plug-in loads from it are named the same way).
    wchar_t loaded[MAX_PATH * 4];
    DWORD n = GetModuleFileNameW(module, loaded, DWORD(sizeof loaded / sizeof loaded[0]));
    if (n > 0 && n < sizeof loaded / sizeof loaded[0]) {
        out.binaryPath = utf8(loaded);
        out.binaryFolder = out.binaryPath.substr(0, out.binaryPath.find_last_of("/\\"));
    }
    using EntryFn = bool (*)(HMODULE);
    auto entry = reinterpret_cast<EntryFn>(reinterpret_cast<void*>(GetProcAddress(module, "InitDll")));
    if (!entry) throw std::runtime_error("the module does not export InitDll");
    if (!entry(module)) throw std::runtime_error("InitDll failed");
    return out;
}

void* findSymbol(void* library, const char* name) noexcept {
    return library ? reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(library), name)) : nullptr;
}

void exitPluginLibrary(void* library) noexcept {
    using ExitFn = bool (*)();
    if (auto exit = reinterpret_cast<ExitFn>(findSymbol(library, "ExitDll"))) exit();  // no FreeLibrary, as DAWs do
}

AudioThreadSetup configureAudioThread(bool realtime) {
    AudioThreadSetup setup;
    const int cpus = onlineCpus();
    if (cpus >= 2 && cpus <= 64 && SetThreadAffinityMask(GetCurrentThread(), DWORD_PTR(1) << (cpus - 1)) != 0) setup.cpu = cpus - 1;
    if (!realtime) return setup;
    // MMCSS, as Windows DAWs register their audio threads (the service raises the thread into its real-time band).
    std::string granted;
    if (HMODULE avrt = LoadLibraryW(L"avrt.dll")) {
        using SetFn = HANDLE(WINAPI*)(LPCWSTR, LPDWORD);
        auto set = reinterpret_cast<SetFn>(reinterpret_cast<void*>(GetProcAddress(avrt, "AvSetMmThreadCharacteristicsW")));
        DWORD task = 0;
        if (set && set(L"Pro Audio", &task)) granted = "MMCSS Pro Audio";
    }
    if (SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_TIME_CRITICAL) && GetThreadPriority(GetCurrentThread()) == THREAD_PRIORITY_TIME_CRITICAL)
        granted += granted.empty() ? "THREAD_PRIORITY_TIME_CRITICAL" : ", THREAD_PRIORITY_TIME_CRITICAL";
    setup.realtimePriority = !granted.empty();
    if (setup.realtimePriority) setup.priority = granted;
    return setup;
}

bool lockMemoryAsADawDoes() noexcept { return false; }

struct KeepOffAudioCore::Saved {};
KeepOffAudioCore::KeepOffAudioCore(bool) {}
KeepOffAudioCore::~KeepOffAudioCore() = default;

double residentKiB() noexcept {
    PROCESS_MEMORY_COUNTERS counters{};
    counters.cb = sizeof counters;
    if (!GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters)) return 0;
    return double(counters.WorkingSetSize) / 1024.0;
}

std::pair<double, double> nativeHeapKiB() noexcept {
    HANDLE heaps[64];
    DWORD count = GetProcessHeaps(64, heaps);
    if (count > 64) count = 64;
    double used = 0, held = 0;
    for (DWORD h = 0; h < count; ++h) {
        if (!HeapLock(heaps[h])) continue;
        PROCESS_HEAP_ENTRY entry{};
        const char *regionStart = nullptr, *regionEnd = nullptr;  // the region the entries that follow it lie in
        while (HeapWalk(heaps[h], &entry)) {
            if (entry.wFlags & PROCESS_HEAP_REGION) {
                held += double(entry.Region.dwCommittedSize);
                regionStart = static_cast<const char*>(entry.Region.lpFirstBlock);
                regionEnd = static_cast<const char*>(entry.Region.lpLastBlock);
            } else if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) {
                used += double(entry.cbData);
                // Large blocks are mapped apart from the regions: held from the system as well.
                const char* at = static_cast<const char*>(entry.lpData);
                if (at < regionStart || at >= regionEnd) held += double(entry.cbData);
            }
        }
        HeapUnlock(heaps[h]);
    }
    return {used / 1024.0, held / 1024.0};
}

}  // namespace aicphost::platform
