/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-first-run-page.h"
#include "amparo-main-view.h"
#include "amparo-unlock-page.h"
#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_WINDOW (amparo_window_get_type ())

G_DECLARE_FINAL_TYPE (AmparoWindow, amparo_window, AMPARO, WINDOW, AdwApplicationWindow)

/* The throw-away demo vault's passphrase, shown on its unlock page. */
#define AMPARO_DEMO_PASSPHRASE "amparo demo"

AmparoWindow     *amparo_window_new                   (GtkApplication *application,
                                                       const char     *vault_dir,
                                                       gboolean        demo);
AmparoVault      *amparo_window_get_vault             (AmparoWindow   *self);
gboolean          amparo_window_get_demo              (AmparoWindow   *self);
void              amparo_window_lock                  (AmparoWindow   *self);
void              amparo_window_show_case_widget      (AmparoWindow   *self,
                                                       GtkWidget      *widget);
void              amparo_window_add_toast             (AmparoWindow   *self,
                                                       AdwToast       *toast);
void              amparo_window_track_dialog          (AmparoWindow   *self,
                                                       GtkWindow      *dialog);
const char       *amparo_window_get_visible_page      (AmparoWindow   *self);
AmparoUnlockPage *amparo_window_get_unlock_page       (AmparoWindow   *self);
AmparoFirstRunPage *amparo_window_get_first_run_page  (AmparoWindow   *self);
AmparoMainView   *amparo_window_get_main_view         (AmparoWindow   *self);
void              amparo_window_set_idle_timeout_ms_for_testing (AmparoWindow *self,
                                                                 guint         ms);

G_END_DECLS
