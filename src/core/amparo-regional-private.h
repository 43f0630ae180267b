/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "amparo-regional.h"

G_BEGIN_DECLS

/* Shared by the amparo-regional*.c files. */

char *amparo_range_to_text (AmparoRange             r);
char *amparo_key_label     (const AmparoTableSpec  *spec,
                            char                  **key);
void  amparo_csv_field     (GString                *out,
                            const char             *field,
                            gboolean                last);

G_END_DECLS
