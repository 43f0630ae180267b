/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoKeys"

#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-keys.h"
#include "amparo-safe-file.h"
#include "amparo-secret.h"

/* The `keys` file:
 *
 *   AMPARO-KEYS 1 <BLAKE2b-256 hex of the body>\n
 *   <body: one JSON object>
 *
 * The checksum tells a damaged file (bit rot, a torn copy) from a wrong
 * passphrase; it is not a defence against tampering, which the AEAD is.
 * Each account holds its Argon2id parameters and the data keys its role
 * may use, each wrapped with XChaCha20-Poly1305 under the key derived
 * from the passphrase. The associated data binds every wrapped key to
 * the vault, the account name, its role and which key it is, so moving a
 * wrapped key or editing a role in the file makes unwrapping fail.
 */

#define MAGIC "AMPARO-KEYS"
#define KDF_ALG_NAME "argon2id13"
#define SALT_BYTES crypto_pwhash_SALTBYTES
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WRAPPED_BYTES (NONCE_BYTES + AMPARO_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)

/* Never below 2 passes / 64 MiB; refuse absurd limits a damaged or hostile
 * file could ask for (they would hang or exhaust a small laptop). */
#define OPS_MIN 2
#define OPS_MAX 10
#define MEM_MIN (64 * 1024 * 1024)
#define MEM_MAX ((gsize) 1024 * 1024 * 1024)

typedef struct
{
  char       *name;
  AmparoRole  role;
  guint64     ops;
  gsize       mem;
  guint8      salt[SALT_BYTES];
  guint8      cases[WRAPPED_BYTES];
  guint8      contacts[WRAPPED_BYTES];
  gboolean    has_contacts;
} Account;

struct _AmparoKeyFile
{
  char            *vault_id;
  AmparoVaultKind  kind;
  GPtrArray       *accounts;
};

static void
account_free (gpointer data)
{
  Account *a = data;

  g_free (a->name);
  sodium_memzero (a, sizeof *a);
  g_free (a);
}

static void
default_limits (guint64 *ops,
                gsize   *mem)
{
  *ops = crypto_pwhash_OPSLIMIT_MODERATE;
  *mem = crypto_pwhash_MEMLIMIT_MODERATE;
#if AMPARO_ENABLE_TEST_HOOKS
  /* Test builds only: INTERACTIVE is still within the accepted floor. */
  if (g_strcmp0 (g_getenv ("AMPARO_TEST_KDF"), "interactive") == 0)
    {
      *ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      *mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    }
#endif
}

static const char *
kind_to_string (AmparoVaultKind kind)
{
  return kind == AMPARO_VAULT_KIND_COORDINATOR ? "coordinator" : "agency";
}

AmparoKeyFile *
amparo_key_file_new (const char      *vault_id,
                     AmparoVaultKind  kind)
{
  AmparoKeyFile *kf;

  g_return_val_if_fail (g_uuid_string_is_valid (vault_id), NULL);

  kf = g_new0 (AmparoKeyFile, 1);
  kf->vault_id = g_strdup (vault_id);
  kf->kind = kind;
  kf->accounts = g_ptr_array_new_with_free_func (account_free);
  return kf;
}

void
amparo_key_file_free (AmparoKeyFile *kf)
{
  if (kf == NULL)
    return;
  g_free (kf->vault_id);
  g_ptr_array_unref (kf->accounts);
  g_free (kf);
}

static Account *
find_account (AmparoKeyFile *kf,
              const char    *name)
{
  for (guint i = 0; i < kf->accounts->len; i++)
    {
      Account *a = g_ptr_array_index (kf->accounts, i);
      if (g_utf8_collate (a->name, name) == 0)
        return a;
    }
  return NULL;
}

static gboolean
valid_account_name (const char *name)
{
  glong len;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  len = g_utf8_strlen (name, -1);
  if (len < 1 || len > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return !g_ascii_isspace (name[0]) && !g_ascii_isspace (name[strlen (name) - 1]);
}

/* ---------------------------------------------------------------- parse */

static gboolean
damaged (GError    **error,
         const char *why)
{
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_KEYS,
               _("The vault’s keys file is damaged (%s). Restore it from a backup."), why);
  return FALSE;
}

static gboolean
only_members (JsonObject         *obj,
              const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return FALSE;
  return TRUE;
}

static const char *
get_string (JsonObject *obj,
            const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_uint (JsonObject *obj,
          const char *member,
          guint64    *out)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0)
    return FALSE;
  *out = (guint64) json_node_get_int (node);
  return TRUE;
}

static gboolean
get_b64 (JsonObject *obj,
         const char *member,
         guint8     *out,
         gsize       expected)
{
  const char *str = get_string (obj, member);
  gsize len = 0;
  g_autofree guint8 *raw = NULL;

  if (str == NULL || strlen (str) > 4 * expected)
    return FALSE;
  raw = g_base64_decode (str, &len);
  if (len != expected)
    return FALSE;
  memcpy (out, raw, expected);
  sodium_memzero (raw, len);
  return TRUE;
}

static gboolean
parse_account (JsonNode  *node,
               Account  **out,
               GError   **error)
{
  static const char *const allowed[] = { "name", "role", "kdf", "cases", "contacts", NULL };
  static const char *const kdf_allowed[] = { "alg", "ops", "mem", "salt", NULL };
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func (account_free);
  JsonObject *obj, *kdf;
  JsonNode *kdf_node;
  const char *name, *role, *alg;
  guint64 mem;
  Account *a;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    /* Translators: this and the following short reasons fill the %s of
     * “The vault’s keys file is damaged (%s).” */
    return damaged (error, _("an account is not an object"));
  obj = json_node_get_object (node);
  if (!only_members (obj, allowed))
    return damaged (error, _("an account has an unknown field"));

  a = g_new0 (Account, 1);
  g_ptr_array_add (holder, a);

  name = get_string (obj, "name");
  role = get_string (obj, "role");
  if (!valid_account_name (name))
    return damaged (error, _("an account name is invalid"));
  a->name = g_strdup (name);
  if (role == NULL || !amparo_role_from_string (role, &a->role))
    return damaged (error, _("an account role is invalid"));

  kdf_node = json_object_get_member (obj, "kdf");
  if (kdf_node == NULL || !JSON_NODE_HOLDS_OBJECT (kdf_node))
    return damaged (error, _("an account has no key-derivation settings"));
  kdf = json_node_get_object (kdf_node);
  if (!only_members (kdf, kdf_allowed))
    return damaged (error, _("the key-derivation settings have an unknown field"));

  alg = get_string (kdf, "alg");
  if (g_strcmp0 (alg, KDF_ALG_NAME) != 0 || !get_uint (kdf, "ops", &a->ops)
      || !get_uint (kdf, "mem", &mem))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WEAK_KDF,
                           _("The keys file asks for a key-derivation method this program "
                             "does not accept; refusing to use it"));
      return FALSE;
    }
  if (a->ops < OPS_MIN || a->ops > OPS_MAX || mem < MEM_MIN || mem > MEM_MAX)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WEAK_KDF,
                           _("The keys file asks for key-derivation limits that are too weak "
                             "or unreasonable; refusing to use it"));
      return FALSE;
    }
  a->mem = (gsize) mem;
  if (!get_b64 (kdf, "salt", a->salt, SALT_BYTES))
    return damaged (error, _("a salt is invalid"));

  if (!get_b64 (obj, "cases", a->cases, WRAPPED_BYTES))
    return damaged (error, _("a wrapped key is invalid"));
  if (json_object_has_member (obj, "contacts"))
    {
      if (!get_b64 (obj, "contacts", a->contacts, WRAPPED_BYTES))
        return damaged (error, _("a wrapped key is invalid"));
      a->has_contacts = TRUE;
    }
  /* The reporting role never holds the identifying store's key. */
  if (a->has_contacts == (a->role == AMPARO_ROLE_REPORTING))
    return damaged (error, _("an account holds keys its role may not hold"));

  *out = g_ptr_array_steal_index (holder, 0);
  return TRUE;
}

AmparoKeyFile *
amparo_key_file_parse (const guint8 *data,
                       gsize         len,
                       GError      **error)
{
  static const char *const allowed[] = { "vault", "kind", "accounts", NULL };
  g_autoptr(AmparoKeyFile) kf = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *header = NULL;
  g_auto(GStrv) fields = NULL;
  guint8 digest[32];
  char hex[65];
  const guint8 *nl, *body;
  gsize body_len;
  JsonNode *root, *accounts;
  JsonObject *obj;
  const char *vault, *kind;
  GList *elements;

  if (len > AMPARO_KEYS_MAX_SIZE)
    /* Translators: this and the following short reasons fill the %s of
     * “The vault’s keys file is damaged (%s).”; “it” is the keys file */
    return (damaged (error, _("it is far too large")), NULL);
  /* an empty file may come as no buffer at all */
  nl = data != NULL ? memchr (data, '\n', MIN (len, 200)) : NULL;
  if (nl == NULL)
    return (damaged (error, _("its header is missing")), NULL);
  header = g_strndup ((const char *) data, nl - data);
  fields = g_strsplit (header, " ", -1);
  if (g_strv_length (fields) != 3 || !g_str_equal (fields[0], MAGIC))
    return (damaged (error, _("its header is missing")), NULL);
  if (!g_str_equal (fields[1], G_STRINGIFY (AMPARO_KEYS_FORMAT_VERSION)))
    return (damaged (error, _("it was written by an unknown version")), NULL);

  body = nl + 1;
  body_len = len - (body - data);
  crypto_generichash (digest, sizeof digest, body, body_len, NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  if (strlen (fields[2]) != 64 || sodium_memcmp (hex, fields[2], 64) != 0)
    return (damaged (error, _("its checksum does not match")), NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *) body, body_len, NULL))
    return (damaged (error, _("it is not readable")), NULL);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return (damaged (error, _("it is not readable")), NULL);
  obj = json_node_get_object (root);
  if (!only_members (obj, allowed))
    return (damaged (error, _("it has an unknown field")), NULL);

  vault = get_string (obj, "vault");
  kind = get_string (obj, "kind");
  if (vault == NULL || !g_uuid_string_is_valid (vault))
    return (damaged (error, _("the vault id is invalid")), NULL);
  if (g_strcmp0 (kind, "agency") != 0 && g_strcmp0 (kind, "coordinator") != 0)
    return (damaged (error, _("the vault kind is invalid")), NULL);
  kf = amparo_key_file_new (vault, g_str_equal (kind, "coordinator")
                                     ? AMPARO_VAULT_KIND_COORDINATOR : AMPARO_VAULT_KIND_AGENCY);

  accounts = json_object_get_member (obj, "accounts");
  if (accounts == NULL || !JSON_NODE_HOLDS_ARRAY (accounts)
      || json_array_get_length (json_node_get_array (accounts)) == 0
      || json_array_get_length (json_node_get_array (accounts)) > 1000)
    return (damaged (error, _("it lists no accounts")), NULL);

  elements = json_array_get_elements (json_node_get_array (accounts));
  for (GList *l = elements; l != NULL; l = l->next)
    {
      Account *a = NULL;

      if (!parse_account (l->data, &a, error))
        {
          g_list_free (elements);
          return NULL;
        }
      if (find_account (kf, a->name) != NULL)
        {
          account_free (a);
          g_list_free (elements);
          return (damaged (error, _("an account appears twice")), NULL);
        }
      g_ptr_array_add (kf->accounts, a);
    }
  g_list_free (elements);
  return g_steal_pointer (&kf);
}

AmparoKeyFile *
amparo_key_file_load (const char *path,
                      GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_VAULT,
                             _("There is no vault in this folder"));
      else
        g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                             _("The vault’s keys file could not be read"));
      return NULL;
    }
  return amparo_key_file_parse ((const guint8 *) contents, len, error);
}

/* ---------------------------------------------------------------- write */

static char *
b64 (const guint8 *data,
     gsize         len)
{
  return g_base64_encode (data, len);
}

GBytes *
amparo_key_file_serialize (AmparoKeyFile *kf)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  guint8 digest[32];
  char hex[65];
  gsize body_len;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "vault");
  json_builder_add_string_value (b, kf->vault_id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, kind_to_string (kf->kind));
  json_builder_set_member_name (b, "accounts");
  json_builder_begin_array (b);
  for (guint i = 0; i < kf->accounts->len; i++)
    {
      Account *a = g_ptr_array_index (kf->accounts, i);
      g_autofree char *salt = b64 (a->salt, SALT_BYTES);
      g_autofree char *cases = b64 (a->cases, WRAPPED_BYTES);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, a->name);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, amparo_role_to_string (a->role));
      json_builder_set_member_name (b, "kdf");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "alg");
      json_builder_add_string_value (b, KDF_ALG_NAME);
      json_builder_set_member_name (b, "ops");
      json_builder_add_int_value (b, (gint64) a->ops);
      json_builder_set_member_name (b, "mem");
      json_builder_add_int_value (b, (gint64) a->mem);
      json_builder_set_member_name (b, "salt");
      json_builder_add_string_value (b, salt);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "cases");
      json_builder_add_string_value (b, cases);
      if (a->has_contacts)
        {
          g_autofree char *contacts = b64 (a->contacts, WRAPPED_BYTES);
          json_builder_set_member_name (b, "contacts");
          json_builder_add_string_value (b, contacts);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  body = json_generator_to_data (gen, &body_len);

  crypto_generichash (digest, sizeof digest, (const guint8 *) body, body_len, NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  {
    char *text = g_strdup_printf ("%s %d %s\n%s", MAGIC, AMPARO_KEYS_FORMAT_VERSION, hex, body);
    return g_bytes_new_take (text, strlen (text));
  }
}

/**
 * amparo_key_file_save:
 *
 * Replaces @path atomically through amparo_safe_file_replace()
 * (temporary file, fsync, rename, folder fsync). While it runs,
 * `<path>.bak` holds the previous file, so a crash at any point leaves a
 * file that opens with the old or the new passphrase; the backup is
 * removed once the new file is durable. On failure @path is as it was.
 */
gboolean
amparo_key_file_save (AmparoKeyFile *kf,
                      const char    *path,
                      GError       **error)
{
  g_autoptr(GBytes) bytes = amparo_key_file_serialize (kf);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) old = NULL;
  g_autofree char *old_data = NULL;
  gsize old_len = 0;

  /* read outside the safe-file layer: its faults are for writing */
  if (g_file_get_contents (path, &old_data, &old_len, &local_error))
    old = g_bytes_new_take (g_steal_pointer (&old_data), old_len);
  else if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                   _("The keys file was not saved, so nothing was changed. %s"),
                   _("The vault’s keys file could not be read"));
      return FALSE;
    }
  g_clear_error (&local_error);
  if (amparo_safe_file_replace (path, bytes, old != NULL ? backup : NULL, &local_error))
    {
      g_unlink (backup);
      return TRUE;
    }

  /* the copy is not needed while the file is still the old one */
  if (old != NULL)
    {
      g_autofree char *now = NULL;
      gsize now_len = 0;

      if (g_file_get_contents (path, &now, &now_len, NULL) && now_len == g_bytes_get_size (old)
          && memcmp (now, g_bytes_get_data (old, NULL), now_len) == 0)
        g_unlink (backup);
    }
  /* Translators: %s says why, such as "The destination is full: …" */
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
               _("The keys file was not saved, so nothing was changed. %s"),
               local_error->message);
  return FALSE;
}

/* ------------------------------------------------------------- accounts */

const char *
amparo_key_file_get_vault_id (AmparoKeyFile *kf)
{
  return kf->vault_id;
}

AmparoVaultKind
amparo_key_file_get_kind (AmparoKeyFile *kf)
{
  return kf->kind;
}

GStrv
amparo_key_file_list_accounts (AmparoKeyFile *kf)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  for (guint i = 0; i < kf->accounts->len; i++)
    g_strv_builder_add (builder, ((Account *) g_ptr_array_index (kf->accounts, i))->name);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

gboolean
amparo_key_file_has_account (AmparoKeyFile *kf,
                             const char    *name)
{
  return name != NULL && find_account (kf, name) != NULL;
}

gboolean
amparo_key_file_get_role (AmparoKeyFile *kf,
                          const char    *name,
                          AmparoRole    *role)
{
  Account *a = find_account (kf, name);

  if (a == NULL)
    return FALSE;
  *role = a->role;
  return TRUE;
}

/* The only account, or else the first supervisor (DESIGN 7). */
const char *
amparo_key_file_default_account (AmparoKeyFile *kf)
{
  if (kf->accounts->len == 1)
    return ((Account *) g_ptr_array_index (kf->accounts, 0))->name;
  for (guint i = 0; i < kf->accounts->len; i++)
    {
      Account *a = g_ptr_array_index (kf->accounts, i);
      if (a->role == AMPARO_ROLE_SUPERVISOR)
        return a->name;
    }
  return NULL;
}

static void
build_ad (AmparoKeyFile *kf,
          Account       *a,
          const char    *which,
          GString       *ad)
{
  g_string_append_printf (ad, "amparo-keys-v1%c%s%c%s%c%s%c%s", 0, kf->vault_id, 0, a->name, 0,
                          amparo_role_to_string (a->role), 0, which);
}

static AmparoSecret *
derive (Account    *a,
        const char *passphrase,
        GError    **error)
{
  g_autoptr(AmparoSecret) kek = amparo_secret_new (AMPARO_KEY_BYTES);

  if (crypto_pwhash (amparo_secret_get_data_mut (kek), AMPARO_KEY_BYTES, passphrase,
                     strlen (passphrase), a->salt, a->ops, a->mem,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                           _("Not enough memory to check the passphrase"));
      return NULL;
    }
  return g_steal_pointer (&kek);
}

static void
wrap (AmparoKeyFile      *kf,
      Account            *a,
      const char         *which,
      const AmparoSecret *kek,
      const AmparoSecret *key,
      guint8             *out)
{
  g_autoptr(GString) ad = g_string_new (NULL);

  build_ad (kf, a, which, ad);
  randombytes_buf (out, NONCE_BYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + NONCE_BYTES, NULL,
                                              amparo_secret_get_data (key), AMPARO_KEY_BYTES,
                                              (const guint8 *) ad->str, ad->len, NULL, out,
                                              amparo_secret_get_data (kek));
}

static AmparoSecret *
unwrap (AmparoKeyFile      *kf,
        Account            *a,
        const char         *which,
        const AmparoSecret *kek,
        const guint8       *in)
{
  g_autoptr(GString) ad = g_string_new (NULL);
  g_autoptr(AmparoSecret) key = amparo_secret_new (AMPARO_KEY_BYTES);

  build_ad (kf, a, which, ad);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (amparo_secret_get_data_mut (key), NULL, NULL,
                                                  in + NONCE_BYTES, WRAPPED_BYTES - NONCE_BYTES,
                                                  (const guint8 *) ad->str, ad->len, in,
                                                  amparo_secret_get_data (kek)) != 0)
    return NULL;
  return g_steal_pointer (&key);
}

gboolean
amparo_check_passphrase_policy (const char *passphrase,
                                GError    **error)
{
  if (passphrase == NULL || !g_utf8_validate (passphrase, -1, NULL)
      || g_utf8_strlen (passphrase, -1) < 8)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("A passphrase needs at least 8 characters; a few unrelated words "
                             "are best"));
      return FALSE;
    }
  return TRUE;
}

/**
 * amparo_key_file_set_account:
 *
 * Adds @name, or replaces its entry (new role, new salt, new passphrase).
 * @k_contacts must be %NULL exactly when @role is reporting.
 */
gboolean
amparo_key_file_set_account (AmparoKeyFile      *kf,
                             const char         *name,
                             AmparoRole          role,
                             const char         *passphrase,
                             const AmparoSecret *k_cases,
                             const AmparoSecret *k_contacts,
                             GError            **error)
{
  g_autoptr(AmparoSecret) kek = NULL;
  Account *a, *existing;

  g_return_val_if_fail (k_cases != NULL, FALSE);
  g_return_val_if_fail ((k_contacts == NULL) == (role == AMPARO_ROLE_REPORTING), FALSE);

  if (!valid_account_name (name))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("An account name needs 1 to 64 characters, without control "
                             "characters or spaces at either end"));
      return FALSE;
    }
  if (!amparo_check_passphrase_policy (passphrase, error))
    return FALSE;

  a = g_new0 (Account, 1);
  a->name = g_strdup (name);
  a->role = role;
  default_limits (&a->ops, &a->mem);
  randombytes_buf (a->salt, SALT_BYTES);
  kek = derive (a, passphrase, error);
  if (kek == NULL)
    {
      account_free (a);
      return FALSE;
    }
  wrap (kf, a, "cases", kek, k_cases, a->cases);
  if (k_contacts != NULL)
    {
      wrap (kf, a, "contacts", kek, k_contacts, a->contacts);
      a->has_contacts = TRUE;
    }

  existing = find_account (kf, name);
  if (existing != NULL)
    {
      guint index = 0;
      g_ptr_array_find (kf->accounts, existing, &index);
      account_free (g_ptr_array_index (kf->accounts, index));
      g_ptr_array_index (kf->accounts, index) = a;
    }
  else
    g_ptr_array_add (kf->accounts, a);
  return TRUE;
}

gboolean
amparo_key_file_add_account (AmparoKeyFile      *kf,
                             const char         *name,
                             AmparoRole          role,
                             const char         *passphrase,
                             const AmparoSecret *k_cases,
                             const AmparoSecret *k_contacts,
                             GError            **error)
{
  if (name != NULL && find_account (kf, name) != NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS,
                           _("An account with this name already exists"));
      return FALSE;
    }
  return amparo_key_file_set_account (kf, name, role, passphrase, k_cases, k_contacts, error);
}

gboolean
amparo_key_file_remove_account (AmparoKeyFile *kf,
                                const char    *name,
                                GError       **error)
{
  Account *a = find_account (kf, name);
  guint supervisors = 0;

  if (a == NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_SUCH_ACCOUNT,
                           _("There is no such account"));
      return FALSE;
    }
  for (guint i = 0; i < kf->accounts->len; i++)
    if (((Account *) g_ptr_array_index (kf->accounts, i))->role == AMPARO_ROLE_SUPERVISOR)
      supervisors++;
  if (a->role == AMPARO_ROLE_SUPERVISOR && supervisors == 1)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The last supervisor account cannot be removed"));
      return FALSE;
    }
  g_ptr_array_remove (kf->accounts, a);
  return TRUE;
}

/**
 * amparo_key_file_derive_kek:
 *
 * Runs Argon2id for @name (the slow part of unlocking).
 */
AmparoSecret *
amparo_key_file_derive_kek (AmparoKeyFile *kf,
                            const char    *name,
                            const char    *passphrase,
                            GError       **error)
{
  Account *a = name != NULL ? find_account (kf, name) : NULL;

  if (a == NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_SUCH_ACCOUNT,
                           _("There is no such account in this vault"));
      return NULL;
    }
  return derive (a, passphrase, error);
}

gboolean
amparo_key_file_unwrap (AmparoKeyFile      *kf,
                        const char         *name,
                        const AmparoSecret *kek,
                        AmparoRole         *role,
                        AmparoSecret      **k_cases,
                        AmparoSecret      **k_contacts,
                        GError            **error)
{
  Account *a = find_account (kf, name);
  g_autoptr(AmparoSecret) cases = NULL;
  g_autoptr(AmparoSecret) contacts = NULL;

  g_return_val_if_fail (a != NULL, FALSE);

  cases = unwrap (kf, a, "cases", kek, a->cases);
  if (cases != NULL && a->has_contacts)
    contacts = unwrap (kf, a, "contacts", kek, a->contacts);
  if (cases == NULL || (a->has_contacts && contacts == NULL))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_PASSPHRASE,
                           _("The passphrase is not right for this account"));
      return FALSE;
    }
  if (role != NULL)
    *role = a->role;
  *k_cases = g_steal_pointer (&cases);
  if (k_contacts != NULL)
    *k_contacts = g_steal_pointer (&contacts);
  return TRUE;
}
