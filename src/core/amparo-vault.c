/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoVault"

#include <errno.h>
#include <sodium.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "amparo-audit.h"
#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-purge.h"
#include "amparo-error.h"
#include "amparo-schema.h"
#include "amparo-secret.h"
#include "amparo-vault-private.h"

/* A vault is a directory (0700) with three files (0600):
 *   keys         staff accounts and the wrapped data keys
 *   cases.db     the coded store, keyed with K_cases
 *   contacts.db  the identifying store, keyed with K_contacts
 * K_cases and K_contacts are independent random keys, so the reporting
 * role can hold the first without the second. */

G_DEFINE_FINAL_TYPE (AmparoVault, amparo_vault, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
amparo_vault_path (const char *dir,
                   const char *file)
{
  return g_build_filename (dir, file, NULL);
}

/**
 * amparo_vault_default_dir:
 *
 * Returns: `$XDG_DATA_HOME/amparo`
 */
char *
amparo_vault_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "amparo", NULL);
}

gboolean
amparo_vault_exists (const char *dir)
{
  g_autofree char *keys = amparo_vault_path (dir, "keys");

  return g_file_test (keys, G_FILE_TEST_IS_REGULAR);
}

GStrv
amparo_vault_list_accounts (const char *dir,
                            GError    **error)
{
  g_autofree char *keys = amparo_vault_path (dir, "keys");
  g_autoptr(AmparoKeyFile) kf = amparo_key_file_load (keys, error);

  return kf != NULL ? amparo_key_file_list_accounts (kf) : NULL;
}

static void
amparo_vault_finalize (GObject *object)
{
  AmparoVault *self = AMPARO_VAULT (object);

  amparo_vault_lock (self);
  g_mutex_clear (&self->pool_lock);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->user, g_free);
  G_OBJECT_CLASS (amparo_vault_parent_class)->finalize (object);
}

static void
amparo_vault_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AmparoVault *self = AMPARO_VAULT (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_vault_class_init (AmparoVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = amparo_vault_finalize;
  object_class->get_property = amparo_vault_get_property;

  /**
   * AmparoVault:locked:
   *
   * Whether the vault was locked: databases closed, keys wiped. Views that
   * showed case data drop everything when this turns %TRUE.
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
amparo_vault_init (AmparoVault *self)
{
  g_mutex_init (&self->pool_lock);
}

/* ------------------------------------------------------------ opening */

static gboolean
check_vault_id (AmparoVault *self,
                sqlite3     *db,
                GError     **error)
{
  g_autofree char *id = amparo_db_query_text (db, "SELECT value FROM settings"
                                                  " WHERE key = 'vault_id';");

  /* the contacts store has no settings table; its ids are checked by the
   * cross-store check instead */
  if (db == self->contacts)
    return TRUE;
  if (g_strcmp0 (id, amparo_key_file_get_vault_id (self->key_file)) != 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE,
                           _("A data file does not belong to this vault"));
      return FALSE;
    }
  return TRUE;
}

/* A damaged store is named, so the message differs from a damaged keys
 * file and from the other store */
static gboolean
name_damaged_store (GError    **error,
                    const char *prefix)
{
  if (error != NULL && g_error_matches (*error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE))
    g_prefix_error (error, "%s", prefix);
  return FALSE;
}

static gboolean
open_stores (AmparoVault *self,
             gboolean     create,
             GError     **error)
{
  g_autofree char *cases_path = amparo_vault_path (self->dir, "cases.db");
  g_autofree char *contacts_path = amparo_vault_path (self->dir, "contacts.db");

  self->cases = amparo_db_open (cases_path, self->k_cases, create, error);
  if (self->cases == NULL || !amparo_schema_migrate (self->cases, AMPARO_STORE_CASES, error)
      || (!create && !check_vault_id (self, self->cases, error)))
    return name_damaged_store (error, _("Coded store: "));

  if (self->k_contacts != NULL)
    {
      self->contacts = amparo_db_open (contacts_path, self->k_contacts, create, error);
      if (self->contacts == NULL
          || !amparo_schema_migrate (self->contacts, AMPARO_STORE_CONTACTS, error))
        return name_damaged_store (error, _("Identifying store: "));
    }
  return TRUE;
}

static gboolean
seed_settings (AmparoVault *self,
               const char  *agency_name,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) set = NULL;
  g_autoptr(sqlite3_stmt) key = NULL;
  g_autoptr(sqlite3_stmt) risk = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *agency_id = g_uuid_string_random ();
  const AmparoCategory *indicators = amparo_category_lookup ("risk_indicator");
  const char *pairs[][2] = {
    { "vault_id", amparo_key_file_get_vault_id (self->key_file) },
    { "kind", self->kind == AMPARO_VAULT_KIND_COORDINATOR ? "coordinator" : "agency" },
    { "agency_id", agency_id },
    { "agency_name", agency_name },
    { "created", today },
    { "k", "5" },
    { "public_k", "10" },
    { "release_days", "30" },
    { "counted_default", "1" },
    { "period_kind", "quarter" },
    /* US federal fiscal year (VOCA): October to September */
    { "fiscal_year_start_month", "10" },
    { "export_sequence", "0" },
  };
  int position = 0;

  if (!amparo_db_begin (self->cases, error))
    return FALSE;
  set = amparo_db_prepare (self->cases, "INSERT INTO settings (key, value) VALUES (?, ?);", error);
  if (set == NULL)
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      sqlite3_bind_text (set, 1, pairs[i][0], -1, SQLITE_STATIC);
      sqlite3_bind_text (set, 2, pairs[i][1], -1, SQLITE_STATIC);
      if (!amparo_db_step_done (self->cases, set, error))
        goto fail;
    }

  if (self->kind == AMPARO_VAULT_KIND_AGENCY)
    {
      guint8 pk[crypto_sign_PUBLICKEYBYTES];
      g_autoptr(AmparoSecret) sk = amparo_secret_new (crypto_sign_SECRETKEYBYTES);

      crypto_sign_keypair (pk, amparo_secret_get_data_mut (sk));
      key = amparo_db_prepare (self->cases, "INSERT INTO signing_key (id, public, secret)"
                                            " VALUES (1, ?, ?);", error);
      if (key == NULL)
        goto fail;
      sqlite3_bind_blob (key, 1, pk, sizeof pk, SQLITE_TRANSIENT);
      sqlite3_bind_blob (key, 2, amparo_secret_get_data (sk), crypto_sign_SECRETKEYBYTES,
                         SQLITE_TRANSIENT);
    }
  else
    {
      guint8 pk[crypto_box_PUBLICKEYBYTES];
      g_autoptr(AmparoSecret) sk = amparo_secret_new (crypto_box_SECRETKEYBYTES);

      crypto_box_keypair (pk, amparo_secret_get_data_mut (sk));
      key = amparo_db_prepare (self->cases, "INSERT INTO coordinator_key (id, public, secret)"
                                            " VALUES (1, ?, ?);", error);
      if (key == NULL)
        goto fail;
      sqlite3_bind_blob (key, 1, pk, sizeof pk, SQLITE_TRANSIENT);
      sqlite3_bind_blob (key, 2, amparo_secret_get_data (sk), crypto_box_SECRETKEYBYTES,
                         SQLITE_TRANSIENT);
    }
  if (!amparo_db_step_done (self->cases, key, error))
    goto fail;

  risk = amparo_db_prepare (self->cases, "INSERT INTO risk_items (code, position) VALUES (?, ?);",
                            error);
  if (risk == NULL)
    goto fail;
  for (const AmparoCode *c = indicators->codes; c->code != NULL; c++)
    {
      sqlite3_bind_text (risk, 1, c->code, -1, SQLITE_STATIC);
      sqlite3_bind_int (risk, 2, position++);
      if (!amparo_db_step_done (self->cases, risk, error))
        goto fail;
    }

  if (!amparo_audit_append (self->cases, self->user, "vault.create", 0,
                            self->kind == AMPARO_VAULT_KIND_COORDINATOR ? "coordinator" : "agency",
                            error))
    goto fail;
  return amparo_db_commit (self->cases, error);

fail:
  amparo_db_rollback (self->cases);
  return FALSE;
}

static gboolean
valid_agency_name (const char *name)
{
  glong len;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  len = g_utf8_strlen (name, -1);
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return len >= 1 && len <= 200;
}

/**
 * amparo_vault_create:
 * @dir: a folder that does not exist or is empty
 * @user: the first supervisor's account name
 *
 * Makes a new vault with fresh random keys and one supervisor account.
 * On failure nothing is left behind in @dir.
 */
AmparoVault *
amparo_vault_create (const char      *dir,
                     AmparoVaultKind  kind,
                     const char      *agency_name,
                     const char      *user,
                     const char      *passphrase,
                     GError         **error)
{
  g_autoptr(AmparoVault) self = NULL;
  g_autofree char *keys_path = NULL;
  g_autofree char *vault_id = NULL;
  g_autoptr(GDir) listing = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!amparo_secure_init (error))
    return NULL;
  if (!valid_agency_name (agency_name))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The agency name needs 1 to 200 characters"));
      return NULL;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO, _("The vault folder could not be made: %s"),
                   g_strerror (errno));
      return NULL;
    }
  listing = g_dir_open (dir, 0, NULL);
  if (listing == NULL || g_dir_read_name (listing) != NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS,
                           _("The vault folder is not empty; choose a new folder"));
      return NULL;
    }
  g_chmod (dir, 0700);

  self = g_object_new (AMPARO_TYPE_VAULT, NULL);
  self->dir = g_strdup (dir);
  self->user = g_strdup (user);
  self->kind = kind;
  self->role = AMPARO_ROLE_SUPERVISOR;
  vault_id = g_uuid_string_random ();
  self->key_file = amparo_key_file_new (vault_id, kind);
  self->k_cases = amparo_secret_new_random (AMPARO_KEY_BYTES);
  self->k_contacts = amparo_secret_new_random (AMPARO_KEY_BYTES);

  if (!amparo_key_file_add_account (self->key_file, user, AMPARO_ROLE_SUPERVISOR, passphrase,
                                    self->k_cases, self->k_contacts, error))
    {
      g_clear_object (&self);
      return NULL;
    }

  keys_path = amparo_vault_path (dir, "keys");
  if (!open_stores (self, TRUE, error) || !seed_settings (self, agency_name, error)
      || !amparo_key_file_save (self->key_file, keys_path, error))
    {
      g_autofree char *cases = amparo_vault_path (dir, "cases.db");
      g_autofree char *contacts = amparo_vault_path (dir, "contacts.db");
      const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

      amparo_vault_lock (self);
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *a = g_strconcat (cases, suffixes[i], NULL);
          g_autofree char *b = g_strconcat (contacts, suffixes[i], NULL);
          g_unlink (a);
          g_unlink (b);
        }
      g_unlink (keys_path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static AmparoVault *unlock_with_kek (AmparoVault        *self_in,
                                     const AmparoSecret *kek,
                                     GError            **error);

/**
 * amparo_vault_unlock:
 * @user: (nullable): the account; %NULL for the only account, or else the
 *   first supervisor
 *
 * Derives the account's key (Argon2id: slow, run it off the main thread),
 * unwraps the data keys the role holds and opens the stores.
 *
 * Errors: %AMPARO_ERROR_NO_VAULT, %AMPARO_ERROR_DAMAGED_KEYS,
 * %AMPARO_ERROR_WEAK_KDF, %AMPARO_ERROR_NO_SUCH_ACCOUNT,
 * %AMPARO_ERROR_WRONG_PASSPHRASE, %AMPARO_ERROR_DAMAGED_DATABASE,
 * %AMPARO_ERROR_NO_CIPHER. None of them changes a file.
 */
AmparoVault *
amparo_vault_unlock (const char *dir,
                     const char *user,
                     const char *passphrase,
                     GError    **error)
{
  g_autoptr(AmparoVault) self = NULL;
  g_autoptr(AmparoSecret) kek = NULL;
  g_autofree char *keys_path = NULL;
  const char *account;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);

  if (!amparo_secure_init (error))
    return NULL;

  self = g_object_new (AMPARO_TYPE_VAULT, NULL);
  self->dir = g_strdup (dir);
  keys_path = amparo_vault_path (dir, "keys");
  self->key_file = amparo_key_file_load (keys_path, error);
  if (self->key_file == NULL)
    return NULL;
  self->kind = amparo_key_file_get_kind (self->key_file);

  account = user != NULL ? user : amparo_key_file_default_account (self->key_file);
  if (account == NULL || !amparo_key_file_has_account (self->key_file, account))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_SUCH_ACCOUNT,
                           user != NULL ? _("There is no such account in this vault")
                                        : _("This vault has several accounts: say which one"));
      return NULL;
    }
  self->user = g_strdup (account);

  kek = amparo_key_file_derive_kek (self->key_file, account, passphrase, error);
  if (kek == NULL)
    return NULL;
  return unlock_with_kek (g_steal_pointer (&self), kek, error);
}

/**
 * amparo_vault_unlock_with_kek:
 * @kek: the key amparo_key_file_derive_kek() derived from the account's
 *   passphrase
 *
 * The part of amparo_vault_unlock() after the slow key derivation, for the
 * benchmark, which reports the two apart.
 */
AmparoVault *
amparo_vault_unlock_with_kek (const char         *dir,
                              const char         *user,
                              const AmparoSecret *kek,
                              GError            **error)
{
  g_autoptr(AmparoVault) self = NULL;
  g_autofree char *keys_path = NULL;

  g_return_val_if_fail (dir != NULL && user != NULL && kek != NULL, NULL);

  if (!amparo_secure_init (error))
    return NULL;
  self = g_object_new (AMPARO_TYPE_VAULT, NULL);
  self->dir = g_strdup (dir);
  keys_path = amparo_vault_path (dir, "keys");
  self->key_file = amparo_key_file_load (keys_path, error);
  if (self->key_file == NULL)
    return NULL;
  self->kind = amparo_key_file_get_kind (self->key_file);
  if (!amparo_key_file_has_account (self->key_file, user))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_SUCH_ACCOUNT,
                           _("There is no such account in this vault"));
      return NULL;
    }
  self->user = g_strdup (user);
  return unlock_with_kek (g_steal_pointer (&self), kek, error);
}

/* Takes @self_in, which has its key file and account. */
static AmparoVault *
unlock_with_kek (AmparoVault        *self_in,
                 const AmparoSecret *kek,
                 GError            **error)
{
  g_autoptr(AmparoVault) self = self_in;

  if (!amparo_key_file_unwrap (self->key_file, self->user, kek, &self->role, &self->k_cases,
                               &self->k_contacts, error))
    return NULL;

  if (!open_stores (self, FALSE, error))
    {
      amparo_vault_lock (self);
      return NULL;
    }
  self->locked = FALSE;
  if (!amparo_purge_resume (self, error) || !amparo_cases_recover (self, error)
      || !amparo_vault_audit (self, "unlock", 0, amparo_role_to_string (self->role), error))
    {
      amparo_vault_lock (self);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * amparo_vault_lock:
 *
 * Closes both stores and wipes every key. Idempotent.
 */
void
amparo_vault_lock (AmparoVault *self)
{
  g_return_if_fail (AMPARO_IS_VAULT (self));

  g_mutex_lock (&self->pool_lock);
  self->pool_open = FALSE;
  g_clear_pointer (&self->idle[0], amparo_db_close);
  g_clear_pointer (&self->idle[1], amparo_db_close);
  g_mutex_unlock (&self->pool_lock);
  g_clear_pointer (&self->cases, amparo_db_close);
  g_clear_pointer (&self->contacts, amparo_db_close);
  g_clear_pointer (&self->k_cases, amparo_secret_free);
  g_clear_pointer (&self->k_contacts, amparo_secret_free);
  g_clear_pointer (&self->key_file, amparo_key_file_free);
  if (!self->locked)
    {
      self->locked = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
    }
}

gboolean
amparo_vault_is_locked (AmparoVault *self)
{
  g_return_val_if_fail (AMPARO_IS_VAULT (self), TRUE);
  return self->locked;
}

const char *
amparo_vault_get_dir (AmparoVault *self)
{
  return self->dir;
}

const char *
amparo_vault_get_user (AmparoVault *self)
{
  return self->user;
}

AmparoRole
amparo_vault_get_role (AmparoVault *self)
{
  return self->role;
}

AmparoVaultKind
amparo_vault_get_kind (AmparoVault *self)
{
  return self->kind;
}

gboolean
amparo_vault_can_see_contacts (AmparoVault *self)
{
  return self->role != AMPARO_ROLE_REPORTING;
}

static gboolean
ensure_unlocked (AmparoVault *self,
                 GError     **error)
{
  if (self->locked || self->cases == NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_LOCKED, _("The vault is locked"));
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
amparo_vault_get_cases_db (AmparoVault *self,
                           GError     **error)
{
  g_return_val_if_fail (AMPARO_IS_VAULT (self), NULL);

  return ensure_unlocked (self, error) ? self->cases : NULL;
}

/**
 * amparo_vault_get_contacts_db:
 *
 * Returns: (transfer none): the identifying store, or %NULL with
 *   %AMPARO_ERROR_NOT_PERMITTED for the reporting role
 */
sqlite3 *
amparo_vault_get_contacts_db (AmparoVault *self,
                              GError     **error)
{
  g_return_val_if_fail (AMPARO_IS_VAULT (self), NULL);

  if (!ensure_unlocked (self, error))
    return NULL;
  if (self->contacts == NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED,
                           _("Not permitted for this role: identifying details are only for "
                             "advocates and supervisors"));
      return NULL;
    }
  return self->contacts;
}

/**
 * amparo_vault_open_extra:
 *
 * Another connection to a store, for a worker thread: the one an earlier
 * worker gave back if there is one (its page cache still warm, no keying
 * or schema to read again), else a new one. Give it back with
 * amparo_vault_close_extra(); locking closes it either way.
 */
sqlite3 *
amparo_vault_open_extra (AmparoVault *self,
                         gboolean     contacts,
                         GError     **error)
{
  g_autofree char *path = NULL;
  sqlite3 *db;

  if (contacts ? amparo_vault_get_contacts_db (self, error) == NULL
               : amparo_vault_get_cases_db (self, error) == NULL)
    return NULL;
  g_mutex_lock (&self->pool_lock);
  db = g_steal_pointer (&self->idle[contacts ? 1 : 0]);
  self->pool_open = TRUE;
  g_mutex_unlock (&self->pool_lock);
  if (db != NULL)
    return db;
  path = amparo_vault_path (self->dir, contacts ? "contacts.db" : "cases.db");
  return amparo_db_open (path, contacts ? self->k_contacts : self->k_cases, FALSE, error);
}

/**
 * amparo_vault_close_extra:
 * @db: (transfer full) (nullable): from amparo_vault_open_extra()
 *
 * Gives a worker's connection back, from any thread. It is kept for the
 * next worker only while the vault is unlocked and nothing is left open
 * in it; otherwise it is closed, with its copy of the key.
 */
void
amparo_vault_close_extra (AmparoVault *self,
                          gboolean     contacts,
                          sqlite3     *db)
{
  guint slot = contacts ? 1 : 0;

  if (db == NULL)
    return;
  g_mutex_lock (&self->pool_lock);
  if (self->pool_open && self->idle[slot] == NULL && sqlite3_get_autocommit (db)
      && sqlite3_next_stmt (db, NULL) == NULL)
    {
      self->idle[slot] = db;
      db = NULL;
    }
  g_mutex_unlock (&self->pool_lock);
  if (db != NULL)
    amparo_db_close (db);
}

gboolean
amparo_vault_require_role (AmparoVault *self,
                           gboolean     supervisor_only,
                           GError     **error)
{
  if (!ensure_unlocked (self, error))
    return FALSE;
  if (supervisor_only ? self->role != AMPARO_ROLE_SUPERVISOR : self->role == AMPARO_ROLE_REPORTING)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED,
                           supervisor_only ? _("Not permitted for this role: only a supervisor "
                                               "may do this")
                                           : _("Not permitted for this role"));
      return FALSE;
    }
  return TRUE;
}

/* ----------------------------------------------------------- settings */

char *
amparo_vault_get_setting (AmparoVault *self,
                          const char  *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (self->cases == NULL)
    return NULL;
  stmt = amparo_db_prepare (self->cases, "SELECT value FROM settings WHERE key = ?;", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gint64
amparo_vault_get_setting_int (AmparoVault *self,
                              const char  *key,
                              gint64       fallback)
{
  g_autofree char *value = amparo_vault_get_setting (self, key);
  gint64 out;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &out, NULL))
    return fallback;
  return out;
}

gboolean
amparo_vault_set_setting (AmparoVault *self,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = g_strdup_printf ("setting=%s", key);

  if (!ensure_unlocked (self, error))
    return FALSE;
  if (!amparo_db_begin (self->cases, error))
    return FALSE;
  stmt = amparo_db_prepare (self->cases, "INSERT OR REPLACE INTO settings (key, value)"
                                         " VALUES (?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (self->cases, stmt, error)
      || !amparo_audit_append (self->cases, self->user, "settings.change", 0, detail, error))
    goto fail;
  return amparo_db_commit (self->cases, error);

fail:
  amparo_db_rollback (self->cases);
  return FALSE;
}

gboolean
amparo_vault_audit (AmparoVault *self,
                    const char  *action,
                    gint64       case_id,
                    const char  *detail,
                    GError     **error)
{
  if (!ensure_unlocked (self, error))
    return FALSE;
  return amparo_audit_append (self->cases, self->user, action, case_id, detail, error);
}
