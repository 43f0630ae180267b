/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-types.h"

G_BEGIN_DECLS

#define AMPARO_KEY_BYTES 32

gboolean      amparo_secure_init        (GError **error);

AmparoSecret *amparo_secret_new         (gsize               len);
AmparoSecret *amparo_secret_new_random  (gsize               len);
AmparoSecret *amparo_secret_copy        (const AmparoSecret *secret);
void          amparo_secret_free        (AmparoSecret       *secret);
gsize         amparo_secret_get_size    (const AmparoSecret *secret);
const guint8 *amparo_secret_get_data    (const AmparoSecret *secret);
guint8       *amparo_secret_get_data_mut (AmparoSecret      *secret);
gboolean      amparo_secret_equal       (const AmparoSecret *a,
                                         const AmparoSecret *b);
char         *amparo_secret_to_sql_key  (const AmparoSecret *secret);
void          amparo_secret_free_sql_key (char              *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoSecret, amparo_secret_free)

G_END_DECLS
