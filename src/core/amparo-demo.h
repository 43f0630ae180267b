/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-types.h"

G_BEGIN_DECLS

gboolean amparo_demo_generate (AmparoVault  *vault,
                               guint         n_cases,
                               guint64       seed,
                               GError      **error);

G_END_DECLS
