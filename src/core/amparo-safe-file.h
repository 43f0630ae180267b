/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AMPARO_SAFE_FILE_NAME_ALPHABET:
 *
 * The characters used for the random part of file names made by
 * amparo_safe_file_write_new(): upper case only (FAT ignores case) and
 * without look-alikes such as 0/O or 1/I/L.
 */
#define AMPARO_SAFE_FILE_NAME_ALPHABET "23456789ABCDEFGHJKMNPQRSTVWXYZ"

/**
 * AMPARO_SAFE_FILE_NAME_RANDOM_LEN:
 *
 * How many random characters amparo_safe_file_write_new() puts between
 * the prefix and the suffix.
 */
#define AMPARO_SAFE_FILE_NAME_RANDOM_LEN 8

gboolean amparo_safe_file_write_new (const char  *dir,
                                     const char  *name_prefix,
                                     const char  *suffix,
                                     GBytes      *contents,
                                     char       **out_path,
                                     GError     **error);
gboolean amparo_safe_file_write_new_full (const char  *dir,
                                          const char  *name_prefix,
                                          const char  *suffix,
                                          GBytes      *contents,
                                          char       **out_path,
                                          gboolean    *out_may_remain,
                                          GError     **error);
guint    amparo_safe_file_remove_stale_parts (const char *dir,
                                              const char *suffix,
                                              gint64      min_age);
gboolean amparo_safe_file_replace   (const char  *path,
                                     GBytes      *contents,
                                     const char  *backup_path,
                                     GError     **error);
gboolean amparo_safe_file_create    (const char  *path,
                                     GBytes      *contents,
                                     GError     **error);
gboolean amparo_safe_file_sync      (const char  *path,
                                     GError     **error);
gboolean amparo_safe_file_rename_new (const char  *from,
                                      const char  *to,
                                      GError     **error);
GBytes  *amparo_safe_file_read      (const char  *path,
                                     gsize        max_size,
                                     GError     **error);
gboolean amparo_fsync_directory     (const char  *dir,
                                     GError     **error);

/* Test hooks: they only act in builds configured with -Dtest_hooks=true
 * and do nothing in product builds. */
void     amparo_safe_file_set_fault      (const char *spec);
guint    amparo_safe_file_faults_fired   (void);
void     amparo_safe_file_set_name_seed  (guint32     seed);
void     amparo_test_kill_point          (void);

G_END_DECLS
