#ifndef CCURL_H
#define CCURL_H

// libcurl, loaded on first use: csm-auth does not link it, so a `token` served from the kernel
// cache maps neither libcurl nor its ~30 dependencies (TLS, IDN, LDAP, Kerberos…). The types and
// constants come from <curl/curl.h> (libcurl4-openssl-dev at build time); the calls go through
// a table of function pointers filled by `ccurl_load` from libcurl.so.4 (package libcurl4).
//
// Swift cannot call C variadic functions, and curl_easy_setopt and curl_easy_getinfo are
// variadic: the typed setopt/getinfo wrappers exist for that reason.

#include <curl/curl.h>

/// Loads libcurl once (thread-safe). NULL on success, else why it could not be loaded (static text).
const char *ccurl_load(void);

// Each of these requires a successful `ccurl_load` first.
CURLcode ccurl_global_init(long flags);
CURL *ccurl_easy_init(void);
void ccurl_easy_reset(CURL *handle);
void ccurl_easy_cleanup(CURL *handle);
CURLcode ccurl_easy_perform(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text);
void ccurl_slist_free_all(struct curl_slist *list);

CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *userdata);
CURLcode ccurl_easy_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback callback);

CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

#endif
