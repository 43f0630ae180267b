/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMPARO_TYPE_APPLICATION (amparo_application_get_type ())

G_DECLARE_FINAL_TYPE (AmparoApplication, amparo_application, AMPARO, APPLICATION, AdwApplication)

AmparoApplication *amparo_application_new        (void);
void               amparo_application_open_demo  (AmparoApplication *self);
void               amparo_application_lock_all   (AmparoApplication *self);

G_END_DECLS
