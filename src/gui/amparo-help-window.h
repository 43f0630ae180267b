/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMPARO_TYPE_HELP_WINDOW (amparo_help_window_get_type ())

G_DECLARE_FINAL_TYPE (AmparoHelpWindow, amparo_help_window, AMPARO, HELP_WINDOW, AdwWindow)

AmparoHelpWindow *amparo_help_window_new          (GtkWindow        *parent,
                                                   const char       *lang,
                                                   const char       *topic);
const char       *amparo_help_window_get_language (AmparoHelpWindow *self);
const char       *amparo_help_window_get_topic    (AmparoHelpWindow *self);
gboolean          amparo_help_window_set_topic    (AmparoHelpWindow *self,
                                                   const char       *topic);

void              amparo_help_show                (GtkWindow        *parent,
                                                   const char       *topic);

G_END_DECLS
