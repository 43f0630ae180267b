/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-period.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_PERIOD_PICKER (amparo_period_picker_get_type ())

G_DECLARE_FINAL_TYPE (AmparoPeriodPicker, amparo_period_picker, AMPARO, PERIOD_PICKER, GtkBox)

GtkWidget *amparo_period_picker_new            (void);
char      *amparo_period_picker_dup_period     (AmparoPeriodPicker *self);
gboolean   amparo_period_picker_set_period     (AmparoPeriodPicker *self,
                                                const char         *period);
void       amparo_period_picker_set_fixed_kind (AmparoPeriodPicker *self,
                                                AmparoPeriodKind    kind);
void       amparo_period_picker_last_complete  (AmparoPeriod       *period,
                                                AmparoPeriodKind    kind);

G_END_DECLS
