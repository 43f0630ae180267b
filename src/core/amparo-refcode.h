/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *amparo_refcode_generate  (void);
char     *amparo_refcode_normalize (const char *input);
gboolean  amparo_refcode_is_valid  (const char *code);

G_END_DECLS
