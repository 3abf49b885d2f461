#ifndef CLIBSECRET_SHIM_H
#define CLIBSECRET_SHIM_H

#include <libsecret/secret.h>

// The schema under which csm-auth stores one item per profile. A C static
// keeps its address stable for libsecret, and SECRET_SCHEMA_DONT_MATCH_NAME
// lets other clients (secret-tool) find items by attributes alone.
static inline const SecretSchema *clibsecret_schema(void) {
    static const SecretSchema schema = {
        "org.csm-auth.Credentials", SECRET_SCHEMA_DONT_MATCH_NAME,
        {
            { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
            { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
            { NULL, 0 },
        }
    };
    return &schema;
}

// Attribute tables own copies of their strings, so Swift strings can be
// passed in and freed right after; g_str_hash and friends are easier to
// reach from C than through Swift function pointer conversions.
static inline GHashTable *clibsecret_attributes_new(void) {
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

static inline void clibsecret_attributes_insert(GHashTable *table, const char *key, const char *value) {
    g_hash_table_insert(table, g_strdup(key), g_strdup(value));
}

// Plain-text secrets need a content type; SecretValue's constructor takes it
// with a length, which a wrapper with C types keeps simple from Swift.
static inline SecretValue *clibsecret_value_new_text(const char *text) {
    return secret_value_new(text, -1, "text/plain");
}

static inline GQuark clibsecret_error_domain(void) { return secret_error_get_quark(); }
static inline GQuark clibsecret_dbus_error_domain(void) { return g_dbus_error_quark(); }
static inline GQuark clibsecret_io_error_domain(void) { return g_io_error_quark(); }

#endif
