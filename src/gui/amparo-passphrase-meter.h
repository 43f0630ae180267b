/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AMPARO_TYPE_PASSPHRASE_METER (amparo_passphrase_meter_get_type ())

G_DECLARE_FINAL_TYPE (AmparoPassphraseMeter, amparo_passphrase_meter, AMPARO, PASSPHRASE_METER, GtkWidget)

/* Passphrases below this many bits (as zxcvbn estimates them) are refused. */
#define AMPARO_PASSPHRASE_MIN_BITS 40.0

double     amparo_passphrase_entropy_bits           (const char            *passphrase,
                                                     const char *const     *user_words);
void       amparo_passphrase_meter_set_passphrase   (AmparoPassphraseMeter *self,
                                                     const char            *passphrase);
void       amparo_passphrase_meter_set_user_words   (AmparoPassphraseMeter *self,
                                                     const char *const     *words);
gboolean   amparo_passphrase_meter_get_acceptable   (AmparoPassphraseMeter *self);

G_END_DECLS
