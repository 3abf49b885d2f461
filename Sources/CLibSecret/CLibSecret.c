#include "CLibSecret.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// The real prototypes (libsecret 0.20, GLib 2.x), which give each table entry its exact type.
SecretService *secret_service_get_sync(SecretServiceFlags flags, GCancellable *cancellable, GError **error);
GList *secret_service_search_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                  SecretSearchFlags flags, GCancellable *cancellable, GError **error);
gboolean secret_service_store_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                   const char *collection, const char *label, SecretValue *value,
                                   GCancellable *cancellable, GError **error);
gboolean secret_service_clear_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                   GCancellable *cancellable, GError **error);
gboolean secret_service_search_for_dbus_paths_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                                   GCancellable *cancellable, char ***unlocked, char ***locked, GError **error);
SecretValue *secret_service_get_secret_for_dbus_path_sync(SecretService *service, const char *item_path,
                                                          GCancellable *cancellable, GError **error);
void g_strfreev(char **strings);
SecretCollection *secret_collection_for_alias_sync(SecretService *service, const char *alias, SecretCollectionFlags flags,
                                                   GCancellable *cancellable, GError **error);
gboolean secret_collection_get_locked(SecretCollection *self);
gboolean secret_item_get_locked(SecretItem *self);
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


static struct {
    __typeof__(secret_service_get_sync) *service_get_sync;
    __typeof__(secret_service_search_sync) *service_search_sync;
    __typeof__(secret_service_store_sync) *service_store_sync;
    __typeof__(secret_service_clear_sync) *service_clear_sync;
    __typeof__(secret_service_search_for_dbus_paths_sync) *search_for_dbus_paths_sync;
    __typeof__(secret_service_get_secret_for_dbus_path_sync) *get_secret_for_dbus_path_sync;
    __typeof__(g_strfreev) *strfreev;
    __typeof__(secret_collection_for_alias_sync) *collection_for_alias_sync;
    __typeof__(secret_collection_get_locked) *collection_get_locked;
    __typeof__(secret_item_get_locked) *item_get_locked;
    __typeof__(secret_value_new) *value_new;
    __typeof__(secret_value_get) *value_get;
    __typeof__(secret_value_unref) *value_unref;
    __typeof__(secret_error_get_quark) *error_get_quark;
    __typeof__(g_io_error_quark) *io_error_quark;
    __typeof__(g_error_free) *error_free;
    __typeof__(g_object_unref) *object_unref;
    __typeof__(g_list_free) *list_free;
    __typeof__(g_hash_table_unref) *hash_table_unref;
    __typeof__(g_hash_table_new_full) *hash_table_new_full;
    __typeof__(g_hash_table_insert) *hash_table_insert;
    __typeof__(g_str_hash) *str_hash;
    __typeof__(g_str_equal) *str_equal;
    __typeof__(g_strdup) *gstrdup;
    __typeof__(g_free) *gfree;
} table;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure;
static char failureText[512];

#ifdef __APPLE__
#define CLIBSECRET_SONAME "libsecret-1.0.dylib"
#else
#define CLIBSECRET_SONAME "libsecret-1.so.0"
#endif

static void load(void) {
    // dlsym on libsecret's handle also searches its dependencies, GLib, GObject and GIO.
    void *library = dlopen(CLIBSECRET_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(failureText, sizeof failureText, "%s", dlerror());
        failure = failureText;
        return;
    }
#define CLIBSECRET_BIND(field, symbol)                                                         \
    if ((*(void **)&table.field = dlsym(library, #symbol)) == NULL) {                           \
        snprintf(failureText, sizeof failureText, CLIBSECRET_SONAME " has no symbol " #symbol); \
        failure = failureText;                                                                   \
        return;                                                                                  \
    }
    CLIBSECRET_BIND(service_get_sync, secret_service_get_sync)
    CLIBSECRET_BIND(service_search_sync, secret_service_search_sync)
    CLIBSECRET_BIND(service_store_sync, secret_service_store_sync)
    CLIBSECRET_BIND(service_clear_sync, secret_service_clear_sync)
    CLIBSECRET_BIND(search_for_dbus_paths_sync, secret_service_search_for_dbus_paths_sync)
    CLIBSECRET_BIND(get_secret_for_dbus_path_sync, secret_service_get_secret_for_dbus_path_sync)
    CLIBSECRET_BIND(strfreev, g_strfreev)
    CLIBSECRET_BIND(collection_for_alias_sync, secret_collection_for_alias_sync)
    CLIBSECRET_BIND(collection_get_locked, secret_collection_get_locked)
    CLIBSECRET_BIND(item_get_locked, secret_item_get_locked)
    CLIBSECRET_BIND(value_new, secret_value_new)
    CLIBSECRET_BIND(value_get, secret_value_get)
    CLIBSECRET_BIND(value_unref, secret_value_unref)
    CLIBSECRET_BIND(error_get_quark, secret_error_get_quark)
    CLIBSECRET_BIND(io_error_quark, g_io_error_quark)
    CLIBSECRET_BIND(error_free, g_error_free)
    CLIBSECRET_BIND(object_unref, g_object_unref)
    CLIBSECRET_BIND(list_free, g_list_free)
    CLIBSECRET_BIND(hash_table_unref, g_hash_table_unref)
    CLIBSECRET_BIND(hash_table_new_full, g_hash_table_new_full)
    CLIBSECRET_BIND(hash_table_insert, g_hash_table_insert)
    CLIBSECRET_BIND(str_hash, g_str_hash)
    CLIBSECRET_BIND(str_equal, g_str_equal)
    CLIBSECRET_BIND(gstrdup, g_strdup)
    CLIBSECRET_BIND(gfree, g_free)
#undef CLIBSECRET_BIND
}

const char *clibsecret_load(void) {
    pthread_once(&once, load);
    return failure;
}

SecretService *clibsecret_service_get_sync(SecretServiceFlags flags, GCancellable *cancellable, GError **error) {
    return table.service_get_sync(flags, cancellable, error);
}
GList *clibsecret_service_search_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                      SecretSearchFlags flags, GCancellable *cancellable, GError **error) {
    return table.service_search_sync(service, schema, attributes, flags, cancellable, error);
}
gboolean clibsecret_service_store_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                       const char *collection, const char *label, SecretValue *value,
                                       GCancellable *cancellable, GError **error) {
    return table.service_store_sync(service, schema, attributes, collection, label, value, cancellable, error);
}
gboolean clibsecret_service_clear_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                       GCancellable *cancellable, GError **error) {
    return table.service_clear_sync(service, schema, attributes, cancellable, error);
}
SecretCollection *clibsecret_collection_for_alias_sync(SecretService *service, const char *alias, SecretCollectionFlags flags,
                                                       GCancellable *cancellable, GError **error) {
    return table.collection_for_alias_sync(service, alias, flags, cancellable, error);
}
gboolean clibsecret_service_search_for_dbus_paths_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                                       GCancellable *cancellable, char ***unlocked, char ***locked, GError **error) {
    return table.search_for_dbus_paths_sync(service, schema, attributes, cancellable, unlocked, locked, error);
}
SecretValue *clibsecret_service_get_secret_for_dbus_path_sync(SecretService *service, const char *item_path,
                                                              GCancellable *cancellable, GError **error) {
    return table.get_secret_for_dbus_path_sync(service, item_path, cancellable, error);
}
void clibsecret_strfreev(char **strings) { table.strfreev(strings); }
gboolean clibsecret_collection_get_locked(SecretCollection *self) { return table.collection_get_locked(self); }
gboolean clibsecret_item_get_locked(SecretItem *self) { return table.item_get_locked(self); }
const char *clibsecret_value_get(SecretValue *value, size_t *length) { return table.value_get(value, length); }
void clibsecret_value_unref(void *value) { table.value_unref(value); }
void clibsecret_error_free(GError *error) { table.error_free(error); }
void clibsecret_object_unref(void *object) { table.object_unref(object); }
void clibsecret_list_free(GList *list) { table.list_free(list); }
void clibsecret_hash_table_unref(GHashTable *hashTable) { table.hash_table_unref(hashTable); }

const SecretSchema *clibsecret_schema(void) {
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

GHashTable *clibsecret_attributes_new(void) {
    return table.hash_table_new_full(table.str_hash, table.str_equal, table.gfree, table.gfree);
}

void clibsecret_attributes_insert(GHashTable *hashTable, const char *key, const char *value) {
    table.hash_table_insert(hashTable, table.gstrdup(key), table.gstrdup(value));
}

SecretValue *clibsecret_value_new_text(const char *text) { return table.value_new(text, -1, "text/plain"); }
GQuark clibsecret_error_domain(void) { return table.error_get_quark(); }
GQuark clibsecret_io_error_domain(void) { return table.io_error_quark(); }
