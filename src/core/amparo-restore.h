/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean amparo_restore_replacing (const char  *from_dir,
                                   const char  *vault_dir,
                                   char       **out_set_aside,
                                   GError     **error);

G_END_DECLS
