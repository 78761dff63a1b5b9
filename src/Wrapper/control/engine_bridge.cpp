#include "engine_bridge.h"
#include <cstdlib>
#include <cstring>
#include <mutex>
#include "log.h"
#include "parameters.h"
#include "platform.h"

namespace aicp {

namespace {
// Loads the engine library and resolves its exports (may throw std::bad_alloc: engineLibrary() catches it).
void loadEngineLibrary(EngineLibrary& library) {
    char dir[1024];
    if (!platform::thisModuleDirectory(dir, sizeof dir)) { library.error = "cannot find the bundle folder"; return; }
    library.directory = dir;
    // AICOPILOT_ENGINE overrides the engine path (used by tests that load a broken engine).
    std::string path = std::getenv("AICOPILOT_ENGINE") ? std::getenv("AICOPILOT_ENGINE") : std::string(dir) + platform::kEngineLibraryName;
    char error[512] = {0};
    void* handle = platform::loadLibraryNoUnload(path.c_str(), error, sizeof error);
    if (!handle) {
        library.error = std::string("engine library not loaded: ") + error;
        logLine("%s", library.error.c_str());
        return;
    }
    auto find = [&](const char* name) { return platform::findSymbol(handle, name); };
    library.abiVersion = reinterpret_cast<aicp_abi_version_fn>(find("aicp_abi_version"));
    library.layoutInfo = reinterpret_cast<aicp_layout_info_fn>(find("aicp_layout_info"));
    library.create = reinterpret_cast<aicp_engine_create_fn>(find("aicp_engine_create"));
    library.start = reinterpret_cast<aicp_engine_start_fn>(find("aicp_engine_start"));
    library.stop = reinterpret_cast<aicp_engine_stop_fn>(find("aicp_engine_stop"));
    library.destroy = reinterpret_cast<aicp_engine_destroy_fn>(find("aicp_engine_destroy"));
    library.getState = reinterpret_cast<aicp_engine_get_state_fn>(find("aicp_engine_get_state"));
    library.setState = reinterpret_cast<aicp_engine_set_state_fn>(find("aicp_engine_set_state"));
    library.status = reinterpret_cast<aicp_engine_status_fn>(find("aicp_engine_status"));
    library.metrics = reinterpret_cast<aicp_engine_metrics_fn>(find("aicp_engine_metrics"));
    library.lastError = reinterpret_cast<aicp_engine_last_error_fn>(find("aicp_engine_last_error"));
    library.editorOpen = reinterpret_cast<aicp_editor_open_fn>(find("aicp_editor_open"));
    library.editorFd = reinterpret_cast<aicp_editor_fd_fn>(find("aicp_editor_fd"));
    library.editorIdle = reinterpret_cast<aicp_editor_idle_fn>(find("aicp_editor_idle"));
    library.editorResize = reinterpret_cast<aicp_editor_resize_fn>(find("aicp_editor_resize"));
    library.editorClose = reinterpret_cast<aicp_editor_close_fn>(find("aicp_editor_close"));
    if (!(library.editorOpen && library.editorFd && library.editorIdle && library.editorResize && library.editorClose))
        library.editorOpen = nullptr;  // all or nothing
    bool complete = library.abiVersion && library.layoutInfo && library.create && library.start && library.stop &&
                    library.destroy && library.getState && library.setState && library.status && library.metrics &&
                    library.lastError;
    if (!complete) library.error = "engine library lacks exports (wrong or damaged file): " + path;
    else if (library.abiVersion() != AICP_ABI_VERSION)
        library.error = "engine library speaks ABI " + std::to_string(library.abiVersion()) + ", the wrapper " + std::to_string(AICP_ABI_VERSION);
    if (!library.error.empty()) {
        logLine("%s", library.error.c_str());
        library.create = nullptr;
    }
}
}  // namespace


const EngineLibrary& engineLibrary() noexcept {
    static EngineLibrary library;
    static std::once_flag once;
    try {
        std::call_once(once, [] {
            try {
                loadEngineLibrary(library);
            } catch (...) {  // out of memory while loading: no engine in this process (the library stays as far as it got)
                library.create = nullptr;
                logLine("engine library not loaded: out of memory");
            }
        });
    } catch (...) {  // std::call_once itself failed (std::system_error): no engine
    }
    return library;
}


bool EngineBridge::initialize(double sampleRate) noexcept {
    try {
        shutdown();
        if (!input_.allocate(kInputCapacity) || !output_.allocate(kOutputCapacity)) { failure_ = "out of memory for rings"; return false; }
        params_ = static_cast<AicpSharedParams*>(platform::alignedAlloc(kCacheLine, sizeof(AicpSharedParams)));
        if (!params_) { failure_ = "out of memory for parameters"; return false; }
        std::memset(params_, 0, sizeof(AicpSharedParams));
        const EngineLibrary& lib = engineLibrary();
        if (!lib.create) { failure_ = lib.error; return false; }
        char logDir[1024] = {0};
        platform::userCacheDirectory(logDir, sizeof logDir);
        AicpEngineConfig config{};
        config.abiVersion = AICP_ABI_VERSION;
        config.structSize = sizeof(AicpEngineConfig);
        config.inputRing = input_.ring().header();
        config.inputRecords = input_.ring().records();
        config.outputRing = output_.ring().header();
        config.outputRecords = output_.ring().records();
        config.params = params_;
        config.sampleRate = sampleRate;
        config.bundleDirectory = lib.directory.c_str();
        config.logDirectory = logDir;
        config.parameters = paramInfos();  // the engine binds what it uses by string ID
        config.parameterCount = AICP_PARAM_COUNT;
        handle_ = lib.create(&config);
        if (handle_ == 0) {
            failure_ = "engine refused to start: " + lastError(0);
            logLine("%s", failure_.c_str());
            return false;
        }
        if (!keptStyle_.empty()) {
            std::string reason;
            setStyle(keptStyle_, reason);
        }
        failure_.clear();
        return true;
    } catch (...) {  // out of memory: the reason itself may not fit
        try { failure_ = "engine initialization failed (out of memory)"; } catch (...) {}
        return false;
    }
}

void EngineBridge::shutdown() noexcept {
    stop();
    if (handle_ != 0) {
        keepStyle();  // survives a terminate/initialize cycle (out of memory: the last one kept stays)
        engineLibrary().destroy(handle_);
        handle_ = 0;
    }
    input_.release();
    output_.release();
    platform::alignedFree(params_);
    params_ = nullptr;
}

bool EngineBridge::start() noexcept {
    if (handle_ == 0 || running_) return running_;
    running_ = engineLibrary().start(handle_) == 0;
    return running_;
}

void EngineBridge::stop() noexcept {
    if (handle_ != 0 && running_) engineLibrary().stop(handle_);
    running_ = false;
}

std::string EngineBridge::status() const {
    if (handle_ == 0) return failure_.empty() ? "engine not loaded" : failure_;
    char buffer[kStatusBytes] = {0};
    engineLibrary().status(handle_, buffer, sizeof buffer);
    return buffer;
}

bool EngineBridge::metrics(AicpEngineMetrics& out) const noexcept {
    out = AicpEngineMetrics{};
    if (handle_ == 0) return false;
    out.structSize = sizeof(AicpEngineMetrics);
    if (engineLibrary().metrics(handle_, &out) == AICP_OK && out.structSize == sizeof(AicpEngineMetrics)) return true;
    out = AicpEngineMetrics{};
    return false;
}

std::vector<uint8_t> EngineBridge::getStyle() {
    if (handle_ == 0) return keptStyle_;
    int32_t size = 0;
    std::vector<uint8_t> buffer(64 * 1024);
    for (int attempt = 0; attempt < 4; ++attempt) {
        int32_t rc = engineLibrary().getState(handle_, buffer.data(), int32_t(buffer.size()), &size);
        if (rc == AICP_OK) { buffer.resize(size); return buffer; }
        if (rc != AICP_ERR_BUFFER_TOO_SMALL || size <= 0 || size > 256 * 1024 * 1024) break;
        buffer.resize(size_t(size));
    }
    logLine("engine could not save its style (%s); the previous one is kept", lastError(handle_).c_str());
    return keptStyle_;
}

bool EngineBridge::keepStyle() noexcept {
    try {
        std::vector<uint8_t> style = getStyle();
        keptStyle_.swap(style);
        return true;
    } catch (...) {
        logLine("out of memory saving the engine's style before it goes: the last one kept stays");
        return false;
    }
}

bool EngineBridge::setStyle(const std::vector<uint8_t>& blob, std::string& reason) {
    keptStyle_ = blob;
    if (handle_ == 0) return true;  // kept verbatim until an engine can take it: never lose the user's data
    if (engineLibrary().setState(handle_, blob.data(), int32_t(blob.size())) != AICP_OK) {
        reason = "the engine refused the saved style: " + lastError(handle_);
        return false;
    }
    return true;
}

std::string EngineBridge::lastError(int64_t handle) const {
    const EngineLibrary& lib = engineLibrary();
    if (!lib.lastError) return "unknown";
    char buffer[512] = {0};
    lib.lastError(handle, buffer, sizeof buffer);
    return buffer;
}

}  // namespace aicp
