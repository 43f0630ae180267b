/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "amparo-window.h"

G_BEGIN_DECLS

struct _AmparoWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AmparoFirstRunPage   *first_run_page;
  AmparoUnlockPage     *unlock_page;
  AdwStatusPage        *loading_page;

  GSettings            *settings;
  char                 *vault_dir;
  gboolean              demo;
  AmparoVault          *vault;
  AmparoMainView       *main_view;   /* owned by the stack while unlocked */
  GPtrArray            *dialogs;     /* weak: windows closed on lock */

  guint                 idle_source;
  guint                 idle_ms;
  gint64                last_input;

  char                 *built_language; /* LANGUAGE when the window was made */
  guint                 language_source;
};

/* amparo-window-actions.c */
void amparo_window_install_actions    (GtkWidgetClass *widget_class);
void amparo_window_update_actions     (AmparoWindow   *self);
void amparo_window_check_backup_age   (AmparoWindow   *self);

G_END_DECLS
