/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include "amparo-report.h"
#include "amparo-share.h"
#include "amparo-suppress.h"
#include "amparo-test-fixture.h"
#include "amparo-test-util.h"

/* Times a period report on a large synthetic vault:
 *   bench-report [N_CASES] [VAULT_DIR]
 * With VAULT_DIR the vault is kept (and reused if it is there). */

static double
time_report (AmparoVault *vault,
             const char  *period,
             int          k)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(AmparoReport) report = amparo_report_build (vault, period, &error);
  g_autoptr(AmparoReport) safe = NULL;

  g_assert_no_error (error);
  if (k > 0)
    safe = amparo_report_suppressed (report, k);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = argc > 2 ? g_strdup (argv[2]) : amparo_test_make_dir ();
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GError) error = NULL;
  const char *periods[] = { "2025-Q4", "2026-Q1", "2026-H1", "2026-03" };
  gint64 start;

  if (amparo_vault_exists (dir))
    vault = amparo_vault_unlock (dir, "ana", TEST_PASSPHRASE, &error);
  else
    {
      vault = amparo_test_create_vault (dir, AMPARO_VAULT_KIND_AGENCY);
      start = g_get_monotonic_time ();
      amparo_test_fill_cases (vault, n, 1, FALSE);
      printf ("filled %u cases in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);
    }
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    printf ("%s: exact %.0f ms, exact + suppressed %.0f ms\n", periods[i],
            time_report (vault, periods[i], 0), time_report (vault, periods[i], 5));
  {
    g_autoptr(AmparoSharePreview) preview = NULL;
    start = g_get_monotonic_time ();
    preview = amparo_share_preview (vault, "2026-Q1", &error);
    g_assert_no_error (error);
    printf ("preview 2026-Q1: %.0f ms, payload %zu bytes\n",
            (g_get_monotonic_time () - start) / 1000.0, strlen (preview->payload));
  }
  if (argc <= 2)
    amparo_test_remove_dir (dir);
  return 0;
}
