/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

/**
 * AmparoShareState:
 * @AMPARO_SHARE_STATE_IDLE: nothing written yet
 * @AMPARO_SHARE_STATE_WRITING: writing and reading back
 * @AMPARO_SHARE_STATE_SAFE: written and checked: the stick may be removed
 * @AMPARO_SHARE_STATE_FAILED: not written; the page says why
 */
typedef enum
{
  AMPARO_SHARE_STATE_IDLE,
  AMPARO_SHARE_STATE_WRITING,
  AMPARO_SHARE_STATE_SAFE,
  AMPARO_SHARE_STATE_FAILED,
} AmparoShareState;

#define AMPARO_TYPE_SHARE_PAGE (amparo_share_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoSharePage, amparo_share_page, AMPARO, SHARE_PAGE, AdwBin)

GtkWidget        *amparo_share_page_new              (AmparoVault     *vault);
void              amparo_share_page_reload           (AmparoSharePage *self);
gboolean          amparo_share_page_set_period       (AmparoSharePage *self,
                                                      const char      *period);
gboolean          amparo_share_page_is_busy          (AmparoSharePage *self);
void              amparo_share_page_open_card        (AmparoSharePage *self,
                                                      GFile           *file);
void              amparo_share_page_export_to_folder (AmparoSharePage *self,
                                                      GFile           *folder);
AmparoShareState  amparo_share_page_get_state        (AmparoSharePage *self);
const char       *amparo_share_page_get_written_path (AmparoSharePage *self);

G_END_DECLS
