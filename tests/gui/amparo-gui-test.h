/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Main-loop helpers shared by the tests in tests/gui. */

/* Spins the main loop until @done returns TRUE; fails the test after 60 s
 * (generous: an unlock under AddressSanitizer on a loaded machine is slow). */
void spin_until (gboolean (*done) (gpointer),
                 gpointer  data);

/* Spins the main loop for @ms milliseconds. */
void spin_for   (guint     ms);

/* Runs whatever the main loop has ready, without waiting. */
void spin       (void);

/* Widget-tree look-ups: the first widget named @name (gtk_widget_set_name)
 * or of @type under @root, or NULL. */
GtkWidget *find_named     (GtkWidget  *root,
                           const char *name);
GtkWidget *find_type      (GtkWidget  *root,
                           GType       type);

/* Whether a visible label or text field under @root shows @text;
 * contains_text() counts hidden ones too (for what must never be there). */
gboolean   shows_text     (GtkWidget  *root,
                           const char *text);
gboolean   contains_text  (GtkWidget  *root,
                           const char *text);

/* A window at the app's usual size, with a toast overlay, holding @child;
 * presented, with its pending work run. */
GtkWidget *show_in_window (GtkWidget  *child);

G_END_DECLS
