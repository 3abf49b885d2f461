#ifndef CLIBSECRET_H
#define CLIBSECRET_H

// libsecret, loaded on first use: csm-auth does not link it, so a `token` served from the kernel
// cache maps neither libsecret nor GLib. `clibsecret_load` opens libsecret-1.so.0 (package
// libsecret-1-0), which brings GLib, GObject and GIO with it, and fills a table of function
// pointers; the `clibsecret_*` functions call through it.
//
// The few types used are written out here instead of including <libsecret/secret.h>: that
// header needs GLib's include folders from pkg-config, whose flags carry `-pthread`, which
// SwiftPM refuses with a warning on every build. They follow libsecret 0.20 and GLib 2.x, whose
// ABI is stable; the suite runs them against a real gnome-keyring.

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

/// Loads libsecret once (thread-safe). NULL on success, else why it could not be loaded (static text).
const char *clibsecret_load(void);

// Each of these requires a successful `clibsecret_load` first; each calls the libsecret or GLib
// function of the same name without the `clibsecret_` prefix (`g_` for the GLib ones).
SecretService *clibsecret_service_get_sync(SecretServiceFlags flags, GCancellable *cancellable, GError **error);
GList *clibsecret_service_search_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                      SecretSearchFlags flags, GCancellable *cancellable, GError **error);
gboolean clibsecret_service_store_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                       const char *collection, const char *label, SecretValue *value,
                                       GCancellable *cancellable, GError **error);
gboolean clibsecret_service_clear_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                       GCancellable *cancellable, GError **error);
SecretCollection *clibsecret_collection_for_alias_sync(SecretService *service, const char *alias, SecretCollectionFlags flags,
                                                       GCancellable *cancellable, GError **error);
gboolean clibsecret_service_search_for_dbus_paths_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                                       GCancellable *cancellable, char ***unlocked, char ***locked, GError **error);
SecretValue *clibsecret_service_get_secret_for_dbus_path_sync(SecretService *service, const char *item_path,
                                                              GCancellable *cancellable, GError **error);
void clibsecret_strfreev(char **strings);
gboolean clibsecret_collection_get_locked(SecretCollection *self);
gboolean clibsecret_item_get_locked(SecretItem *self);
const char *clibsecret_value_get(SecretValue *value, size_t *length);
void clibsecret_value_unref(void *value);
void clibsecret_error_free(GError *error);
void clibsecret_object_unref(void *object);
void clibsecret_list_free(GList *list);
void clibsecret_hash_table_unref(GHashTable *table);

/// The schema under which csm-auth stores one item per profile (a static, so its address is
/// stable for libsecret). SECRET_SCHEMA_DONT_MATCH_NAME lets other clients (secret-tool) find
/// items by attributes alone.
const SecretSchema *clibsecret_schema(void);

/// An attribute table that owns copies of its strings, so Swift strings can be passed in and freed right after.
GHashTable *clibsecret_attributes_new(void);
void clibsecret_attributes_insert(GHashTable *table, const char *key, const char *value);

/// A plain-text secret (libsecret's constructor takes a content type and a length).
SecretValue *clibsecret_value_new_text(const char *text);

/// libsecret's error domain, and GIO's.
GQuark clibsecret_error_domain(void);
GQuark clibsecret_io_error_domain(void);

#endif
