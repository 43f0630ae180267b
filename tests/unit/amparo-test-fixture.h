/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

/* The prefix of every marker amparo_test_fill_cases() writes into
 * identifying fields and narratives when asked to. */
#define AMPARO_TEST_MARKER "ZZQMARKER-"

/* Cases are opened from this day on, over about two years and a quarter. */
#define AMPARO_TEST_FIRST_OPENED "2024-10-01"

void amparo_test_fill_cases (AmparoVault *vault,
                             guint        n_cases,
                             guint32      seed,
                             gboolean     markers);

G_END_DECLS
