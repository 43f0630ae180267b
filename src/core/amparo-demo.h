/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-types.h"

G_BEGIN_DECLS

/**
 * AMPARO_DEMO_REFERENCE_DATE:
 *
 * The "today" of the demo data: the end of US federal fiscal year 2026.
 * Cases are opened over the five years before it. It is fixed, not the
 * real date, so the same seed and number of cases always give the same
 * coded data.
 */
#define AMPARO_DEMO_REFERENCE_DATE "2026-09-30"

#define AMPARO_DEMO_MAX_CASES 1000000

gboolean amparo_demo_generate (AmparoVault *vault,
                               guint        n_cases,
                               guint64      seed,
                               GError     **error);

G_END_DECLS
