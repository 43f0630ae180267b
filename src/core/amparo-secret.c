/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSecret"

#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-secret.h"

/* Key material lives only in sodium_malloc() memory: guard pages, mlock'd
 * where the system allows, wiped on free. */
struct _AmparoSecret
{
  guint8 *data;
  gsize   len;
};

/**
 * amparo_secure_init:
 *
 * Initialises libsodium and hardens the process: no core dumps (they would
 * hold keys and names), not ptrace-able by other users' processes, files
 * created private.
 */
gboolean
amparo_secure_init (GError **error)
{
  struct rlimit no_core = { 0, 0 };

  umask (077);
  setrlimit (RLIMIT_CORE, &no_core);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                           _("The cryptography library could not start"));
      return FALSE;
    }
  return TRUE;
}

AmparoSecret *
amparo_secret_new (gsize len)
{
  AmparoSecret *secret;

  g_return_val_if_fail (len > 0, NULL);

  if (sodium_init () < 0)
    g_error ("libsodium failed to initialise");
  secret = g_new0 (AmparoSecret, 1);
  secret->data = sodium_malloc (len);
  if (secret->data == NULL)
    g_error ("Out of secure memory");
  sodium_memzero (secret->data, len);
  secret->len = len;
  return secret;
}

AmparoSecret *
amparo_secret_new_random (gsize len)
{
  AmparoSecret *secret = amparo_secret_new (len);

  randombytes_buf (secret->data, len);
  return secret;
}

AmparoSecret *
amparo_secret_copy (const AmparoSecret *secret)
{
  AmparoSecret *copy;

  g_return_val_if_fail (secret != NULL, NULL);

  copy = amparo_secret_new (secret->len);
  memcpy (copy->data, secret->data, secret->len);
  return copy;
}

void
amparo_secret_free (AmparoSecret *secret)
{
  if (secret == NULL)
    return;
  /* sodium_free() wipes before unmapping */
  sodium_free (secret->data);
  g_free (secret);
}

gsize
amparo_secret_get_size (const AmparoSecret *secret)
{
  g_return_val_if_fail (secret != NULL, 0);
  return secret->len;
}

const guint8 *
amparo_secret_get_data (const AmparoSecret *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);
  return secret->data;
}

guint8 *
amparo_secret_get_data_mut (AmparoSecret *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);
  return secret->data;
}

gboolean
amparo_secret_equal (const AmparoSecret *a,
                     const AmparoSecret *b)
{
  return a->len == b->len && sodium_memcmp (a->data, b->data, a->len) == 0;
}

/**
 * amparo_secret_to_sql_key:
 *
 * Returns: (transfer full): `x'<hex>'` in sodium_malloc() memory, for
 *   sqlite3_key(); free with amparo_secret_free_sql_key()
 */
char *
amparo_secret_to_sql_key (const AmparoSecret *secret)
{
  gsize size = 2 * secret->len + 4;
  char *sql = sodium_malloc (size);

  if (sql == NULL)
    g_error ("Out of secure memory");
  sql[0] = 'x';
  sql[1] = '\'';
  sodium_bin2hex (sql + 2, 2 * secret->len + 1, secret->data, secret->len);
  sql[2 + 2 * secret->len] = '\'';
  sql[3 + 2 * secret->len] = '\0';
  return sql;
}

void
amparo_secret_free_sql_key (char *sql)
{
  if (sql != NULL)
    sodium_free (sql);
}
