/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Main-loop helpers shared by the tests in tests/gui. */

/* Spins the main loop until @done returns TRUE; fails the test after 60 s
 * (generous: an unlock under AddressSanitizer on a loaded machine is slow). */
void spin_until (gboolean (*done) (gpointer),
                 gpointer  data);

/* Spins the main loop for @ms milliseconds. */
void spin_for   (guint     ms);

G_END_DECLS
