#ifndef CLIBSECRET_SHIM_H
#define CLIBSECRET_SHIM_H

// The few libsecret and GLib declarations csm-auth calls, written out here instead of
// including <libsecret/secret.h>: that header needs GLib's include folders from pkg-config,
// whose flags carry `-pthread`, which SwiftPM refuses with a warning on every build. The
// declarations follow libsecret 0.20 and GLib 2.x, whose ABI is stable; the suite runs them
// against a real gnome-keyring.

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct _SecretService SecretService;
typedef struct _SecretCollection SecretCollection;
typedef struct _SecretItem SecretItem;
typedef struct _SecretValue SecretValue;
typedef struct _GCancellable GCancellable;
typedef struct _GHashTable GHashTable;
typedef uint32_t GQuark;
typedef int gboolean;

typedef struct _GError {
    GQuark domain;
    int code;
    char *message;
} GError;

typedef struct _GList {
    void *data;
    struct _GList *next;
    struct _GList *prev;
} GList;

typedef enum { SECRET_SCHEMA_ATTRIBUTE_STRING = 0, SECRET_SCHEMA_ATTRIBUTE_INTEGER = 1, SECRET_SCHEMA_ATTRIBUTE_BOOLEAN = 2 } SecretSchemaAttributeType;
typedef enum { SECRET_SCHEMA_NONE = 0, SECRET_SCHEMA_DONT_MATCH_NAME = 1 << 1 } SecretSchemaFlags;
typedef enum { SECRET_SERVICE_NONE = 0, SECRET_SERVICE_OPEN_SESSION = 1 << 1, SECRET_SERVICE_LOAD_COLLECTIONS = 1 << 2 } SecretServiceFlags;
typedef enum { SECRET_COLLECTION_NONE = 0, SECRET_COLLECTION_LOAD_ITEMS = 1 << 1 } SecretCollectionFlags;
typedef enum {
    SECRET_SEARCH_NONE = 0, SECRET_SEARCH_ALL = 1 << 1, SECRET_SEARCH_UNLOCK = 1 << 2, SECRET_SEARCH_LOAD_SECRETS = 1 << 3
} SecretSearchFlags;

/// libsecret's SECRET_ERROR_IS_LOCKED, and GIO's G_IO_ERROR_CANCELLED (a dismissed unlock prompt).
enum { CLIBSECRET_ERROR_IS_LOCKED = 2, CLIBSECRET_IO_ERROR_CANCELLED = 19 };

typedef struct {
    const char *name;
    SecretSchemaAttributeType type;
} SecretSchemaAttribute;

typedef struct {
    const char *name;
    SecretSchemaFlags flags;
    SecretSchemaAttribute attributes[32];
    int reserved;
    void *reserved1, *reserved2, *reserved3, *reserved4, *reserved5, *reserved6, *reserved7;
} SecretSchema;

SecretService *secret_service_get_sync(SecretServiceFlags flags, GCancellable *cancellable, GError **error);
GList *secret_service_search_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                  SecretSearchFlags flags, GCancellable *cancellable, GError **error);
gboolean secret_service_store_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                   const char *collection, const char *label, SecretValue *value,
                                   GCancellable *cancellable, GError **error);
gboolean secret_service_clear_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                   GCancellable *cancellable, GError **error);
SecretCollection *secret_collection_for_alias_sync(SecretService *service, const char *alias, SecretCollectionFlags flags,
                                                   GCancellable *cancellable, GError **error);
gboolean secret_collection_get_locked(SecretCollection *self);
gboolean secret_item_get_locked(SecretItem *self);
SecretValue *secret_item_get_secret(SecretItem *self);
SecretValue *secret_value_new(const char *secret, ssize_t length, const char *content_type);
const char *secret_value_get(SecretValue *value, size_t *length);
void secret_value_unref(void *value);
GQuark secret_error_get_quark(void);

GQuark g_io_error_quark(void);
void g_error_free(GError *error);
void g_object_unref(void *object);
void g_list_free(GList *list);
void g_hash_table_unref(GHashTable *table);
GHashTable *g_hash_table_new_full(unsigned int (*hash)(const void *), gboolean (*equal)(const void *, const void *),
                                  void (*key_destroy)(void *), void (*value_destroy)(void *));
gboolean g_hash_table_insert(GHashTable *table, void *key, void *value);
unsigned int g_str_hash(const void *value);
gboolean g_str_equal(const void *a, const void *b);
char *g_strdup(const char *text);
void g_free(void *memory);

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
static inline GQuark clibsecret_io_error_domain(void) { return g_io_error_quark(); }

#endif
