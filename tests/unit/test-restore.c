/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "amparo-error.h"
#include "amparo-restore.h"
#include "amparo-test-util.h"
#include "amparo-vault.h"

#define PASS "tin lantern orchard 42"

typedef struct
{
  char *root;
  char *vault;
  char *backup;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;

  f->root = amparo_test_make_dir ();
  f->vault = g_build_filename (f->root, "vault", NULL);
  vault = amparo_vault_create (f->vault, AMPARO_VAULT_KIND_AGENCY, "Agency", "sup", PASS, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_vault_backup (vault, f->root, &f->backup, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  amparo_test_remove_dir (f->root);
  g_free (f->root);
  g_free (f->vault);
  g_free (f->backup);
}

static void
test_damaged_vault_is_set_aside_not_deleted (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) opened = NULL;
  g_autofree char *keys = g_build_filename (f->vault, "keys", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *aside_keys = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (keys, "garbage", -1, NULL));
  opened = amparo_vault_unlock (f->vault, NULL, PASS, &error);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_KEYS);
  g_clear_error (&error);

  g_assert_true (amparo_restore_replacing (f->backup, f->vault, &aside, &error));
  g_assert_no_error (error);
  g_assert_nonnull (aside);
  g_assert_true (g_str_has_prefix (aside, f->vault));
  aside_keys = g_build_filename (aside, "keys", NULL);
  g_assert_true (g_file_get_contents (aside_keys, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "garbage");

  opened = amparo_vault_unlock (f->vault, NULL, PASS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened);
}

static void
test_missing_vault_is_restored_in_place (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) opened = NULL;
  /* not owned: the call must overwrite it with NULL, not free it */
  char *aside = (char *) "unset";
  g_autofree char *fresh = g_build_filename (f->root, "fresh", NULL);

  g_assert_true (amparo_restore_replacing (f->backup, fresh, &aside, &error));
  g_assert_no_error (error);
  g_assert_null (aside);
  opened = amparo_vault_unlock (fresh, NULL, PASS, &error);
  g_assert_no_error (error);
}

static void
test_bad_backup_leaves_vault_alone (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) opened = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *manifest = g_build_filename (f->backup, "manifest.json", NULL);

  g_assert_true (g_file_set_contents (manifest, "{}", -1, NULL));
  g_assert_false (amparo_restore_replacing (f->backup, f->vault, &aside, &error));
  g_assert_nonnull (error);
  g_assert_null (aside);
  g_clear_error (&error);
  opened = amparo_vault_unlock (f->vault, NULL, PASS, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/restore/replacing/sets-damaged-aside", Fixture, NULL, setup,
              test_damaged_vault_is_set_aside_not_deleted, teardown);
  g_test_add ("/restore/replacing/missing-vault", Fixture, NULL, setup,
              test_missing_vault_is_restored_in_place, teardown);
  g_test_add ("/restore/replacing/bad-backup", Fixture, NULL, setup,
              test_bad_backup_leaves_vault_alone, teardown);
  return g_test_run ();
}
