/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void         amparo_language_init       (void);
gboolean     amparo_language_apply      (const char *choice);
const char  *amparo_language_get_choice (void);

G_END_DECLS
