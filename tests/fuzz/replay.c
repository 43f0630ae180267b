/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

/* Feeds every file of the given folders (or the given files) to a fuzz
 * target once, so the committed corpus is replayed in every build, with
 * any compiler. libFuzzer provides its own main() in fuzzing builds. */

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv) __attribute__ ((weak));
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static guint
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &error))
    g_error ("%s", error->message);
  /* A copy of exactly the file's size, so a read past the end is seen
   * by AddressSanitizer where it runs. */
  {
    g_autofree uint8_t *copy = g_memdup2 (data, len);

    LLVMFuzzerTestOneInput (copy, len);
  }
  return 1;
}

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GDir) dir = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          n += replay_file (argv[i]);
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint j = 0; j < names->len; j++)
        n += replay_file (g_ptr_array_index (names, j));
    }
  printf ("replayed %u inputs\n", n);
  /* An empty corpus means a wrong path, not a pass. */
  return n > 0 ? 0 : 1;
}
