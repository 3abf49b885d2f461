#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#ifdef __APPLE__
#define CCURL_SONAME "libcurl.4.dylib"
#else
#define CCURL_SONAME "libcurl.so.4"
#endif

// The prototypes of <curl/curl.h> give each pointer its exact type.
static struct {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_easy_init) *easy_init;
    __typeof__(curl_easy_reset) *easy_reset;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_perform) *easy_perform;
    __typeof__(curl_easy_strerror) *easy_strerror;
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
    __typeof__(curl_easy_setopt) *easy_setopt;
    __typeof__(curl_easy_getinfo) *easy_getinfo;
} table;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure;
static char failureText[512];

static void load(void) {
    void *library = dlopen(CCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(failureText, sizeof failureText, "%s", dlerror());
        failure = failureText;
        return;
    }
#define CCURL_BIND(field, symbol)                                                              \
    if ((*(void **)&table.field = dlsym(library, #symbol)) == NULL) {                            \
        snprintf(failureText, sizeof failureText, CCURL_SONAME " has no symbol " #symbol);       \
        failure = failureText;                                                                    \
        return;                                                                                   \
    }
    CCURL_BIND(global_init, curl_global_init)
    CCURL_BIND(easy_init, curl_easy_init)
    CCURL_BIND(easy_reset, curl_easy_reset)
    CCURL_BIND(easy_cleanup, curl_easy_cleanup)
    CCURL_BIND(easy_perform, curl_easy_perform)
    CCURL_BIND(easy_strerror, curl_easy_strerror)
    CCURL_BIND(slist_append, curl_slist_append)
    CCURL_BIND(slist_free_all, curl_slist_free_all)
    CCURL_BIND(easy_setopt, curl_easy_setopt)
    CCURL_BIND(easy_getinfo, curl_easy_getinfo)
#undef CCURL_BIND
}

const char *ccurl_load(void) {
    pthread_once(&once, load);
    return failure;
}

CURLcode ccurl_global_init(long flags) { return table.global_init(flags); }
CURL *ccurl_easy_init(void) { return table.easy_init(); }
void ccurl_easy_reset(CURL *handle) { table.easy_reset(handle); }
void ccurl_easy_cleanup(CURL *handle) { table.easy_cleanup(handle); }
CURLcode ccurl_easy_perform(CURL *handle) { return table.easy_perform(handle); }
const char *ccurl_easy_strerror(CURLcode code) { return table.easy_strerror(code); }
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text) { return table.slist_append(list, text); }
void ccurl_slist_free_all(struct curl_slist *list) { table.slist_free_all(list); }

CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) { return table.easy_setopt(handle, option, value); }
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) { return table.easy_setopt(handle, option, value); }
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) { return table.easy_setopt(handle, option, value); }
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) { return table.easy_setopt(handle, option, value); }
CURLcode ccurl_easy_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback callback) {
    return table.easy_setopt(handle, option, callback);
}
CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) { return table.easy_getinfo(handle, info, value); }
CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) { return table.easy_getinfo(handle, info, value); }
