// A Windows program that takes a dropped file the way DAWs and Explorer do (OLE drag and drop, CF_HDROP), for the
// Windows editor test under Wine: it opens a window titled "AiCoPilot drop target", writes the path of each file
// dropped on it to OUT (UTF-8, a line each) and exits after the first drop, or after SECONDS with nothing dropped.
// Usage: ole_drop_target.exe OUT SECONDS
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <ole2.h>
#include <shellapi.h>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

const wchar_t* gOut = nullptr;
bool gDropped = false;

std::string utf8(const wchar_t* text) {
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
    std::string s(n > 0 ? n - 1 : 0, '\0');
    if (n > 1) WideCharToMultiByte(CP_UTF8, 0, text, -1, s.data(), n, nullptr, nullptr);
    return s;
}

class DropTarget final : public IDropTarget {
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** obj) override {
        if (iid == IID_IUnknown || iid == IID_IDropTarget) { *obj = this; return S_OK; }
        *obj = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return 1; }
    ULONG STDMETHODCALLTYPE Release() override { return 1; }
    HRESULT STDMETHODCALLTYPE DragEnter(IDataObject*, DWORD, POINTL, DWORD* effect) override { *effect = DROPEFFECT_COPY; return S_OK; }
    HRESULT STDMETHODCALLTYPE DragOver(DWORD, POINTL, DWORD* effect) override { *effect = DROPEFFECT_COPY; return S_OK; }
    HRESULT STDMETHODCALLTYPE DragLeave() override { return S_OK; }
    HRESULT STDMETHODCALLTYPE Drop(IDataObject* data, DWORD, POINTL, DWORD* effect) override {
        FORMATETC format{CF_HDROP, nullptr, DVASPECT_CONTENT, -1, TYMED_HGLOBAL};
        STGMEDIUM medium{};
        *effect = DROPEFFECT_NONE;
        if (FAILED(data->GetData(&format, &medium))) return S_OK;
        HDROP drop = static_cast<HDROP>(GlobalLock(medium.hGlobal));
        FILE* out = _wfopen(gOut, L"wb");
        for (UINT i = 0, n = DragQueryFileW(drop, 0xFFFFFFFF, nullptr, 0); i < n && out; ++i) {
            wchar_t path[MAX_PATH * 4];
            DragQueryFileW(drop, i, path, MAX_PATH * 4);
            std::fprintf(out, "%s\n", utf8(path).c_str());
        }
        if (out) std::fclose(out);
        GlobalUnlock(medium.hGlobal);
        ReleaseStgMedium(&medium);
        *effect = DROPEFFECT_COPY;
        gDropped = true;
        return S_OK;
    }
};

}  // namespace

int wmain(int argc, wchar_t** argv) {
    if (argc != 3) { std::fprintf(stderr, "usage: ole_drop_target.exe OUT SECONDS\n"); return 2; }
    gOut = argv[1];
    const DWORD limitMs = DWORD(_wtof(argv[2]) * 1000);
    OleInitialize(nullptr);
    WNDCLASSW wc{};
    wc.lpfnWndProc = DefWindowProcW;
    wc.hInstance = GetModuleHandleW(nullptr);
    wc.lpszClassName = L"AiCoPilotDropTarget";
    wc.hbrBackground = static_cast<HBRUSH>(GetStockObject(WHITE_BRUSH));
    RegisterClassW(&wc);
    HWND window = CreateWindowW(wc.lpszClassName, L"AiCoPilot drop target", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 1000, 100, 400, 300,
                                nullptr, nullptr, wc.hInstance, nullptr);
    DropTarget target;
    if (!window || FAILED(RegisterDragDrop(window, &target))) { std::fprintf(stderr, "no drop target\n"); return 1; }
    const DWORD start = GetTickCount();
    while (!gDropped && GetTickCount() - start < limitMs) {
        MsgWaitForMultipleObjects(0, nullptr, FALSE, 20, QS_ALLINPUT);
        MSG msg;
        while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) { TranslateMessage(&msg); DispatchMessageW(&msg); }
    }
    RevokeDragDrop(window);
    DestroyWindow(window);
    OleUninitialize();
    return gDropped ? 0 : 3;
}
