/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-types.h"

G_BEGIN_DECLS

gboolean    amparo_forms_lang_is_valid   (const char  *lang);
const char *amparo_forms_code_label      (const char  *category_id,
                                          const char  *code,
                                          const char  *lang);

GStrv       amparo_forms_referral_scope  (AmparoVault *vault,
                                          gint64       referral_id,
                                          const char  *on_date,
                                          GError     **error);
gboolean    amparo_forms_referral_pdf    (AmparoVault *vault,
                                          gint64       referral_id,
                                          const char  *lang,
                                          const char  *path,
                                          GError     **error);
gboolean    amparo_forms_release_pdf     (AmparoVault *vault,
                                          gint64       release_id,
                                          const char  *lang,
                                          const char  *path,
                                          GError     **error);

G_END_DECLS
