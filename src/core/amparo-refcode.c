/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoRefcode"

#include <sodium.h>

#include "amparo-refcode.h"

/* Reference codes name a case in meetings and on referral forms without a
 * name: 8 symbols from an alphabet without look-alikes (no 0/O, 1/I/L, U),
 * shown as two groups of four. 30^8 ≈ 6.6 × 10^11 codes; uniqueness is
 * enforced by the database. */
static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
#define ALPHABET_LEN (sizeof alphabet - 1)

char *
amparo_refcode_generate (void)
{
  char code[10];

  for (guint i = 0, j = 0; i < 8; i++)
    {
      if (i == 4)
        code[j++] = '-';
      code[j++] = alphabet[randombytes_uniform (ALPHABET_LEN)];
    }
  code[9] = '\0';
  return g_strdup (code);
}

/**
 * amparo_refcode_normalize:
 *
 * Turns what a person typed ("k7qm 4td2", "K7QM4TD2") into the stored form.
 *
 * Returns: (nullable): `XXXX-XXXX`, or %NULL if @input cannot be a code
 */
char *
amparo_refcode_normalize (const char *input)
{
  GString *s = g_string_new (NULL);

  for (const char *p = input; p != NULL && *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || c == ' ')
        continue;
      if (strchr (alphabet, c) == NULL || c == '\0')
        {
          g_string_free (s, TRUE);
          return NULL;
        }
      g_string_append_c (s, c);
    }
  if (s->len != 8)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  g_string_insert_c (s, 4, '-');
  return g_string_free (s, FALSE);
}

gboolean
amparo_refcode_is_valid (const char *code)
{
  g_autofree char *norm = amparo_refcode_normalize (code);

  return norm != NULL && g_strcmp0 (norm, code) == 0;
}
