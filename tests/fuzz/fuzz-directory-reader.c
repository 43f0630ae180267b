/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "amparo-error.h"
#include "amparo-partners-private.h"

/* The partner directory (.ampd) reader that `directory import` runs
 * before it touches the vault: amparo_partners_parse_directory().
 * Besides "no crash, no leak", it checks that a refusal is an
 * AMPARO_ERROR with a UTF-8 message, and that every accepted entry
 * passes the same validation the directory editor applies. */

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) partners = NULL;

  partners = amparo_partners_parse_directory ((const char *) data, size, &error);
  if (partners == NULL)
    {
      if (error == NULL || error->domain != AMPARO_ERROR
          || !g_utf8_validate (error->message, -1, NULL))
        g_error ("refused without an Amparo error");
      return 0;
    }
  if (partners->len > AMPARO_DIRECTORY_MAX_PARTNERS)
    g_error ("more partners than allowed were accepted");
  for (guint i = 0; i < partners->len; i++)
    {
      const AmparoPartner *p = g_ptr_array_index (partners, i);
      const char *bad = NULL;

      if (!amparo_partner_validate (p, &bad, NULL))
        g_error ("an accepted partner fails validation at %s", bad);
    }
  return 0;
}
