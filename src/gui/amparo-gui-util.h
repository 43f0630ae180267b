/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       amparo_gui_ensure_resources (void);
char      *amparo_gui_format_date      (const char   *iso);
char      *amparo_gui_format_timestamp (const char   *utc_iso);
void       amparo_gui_toast            (GtkWidget    *widget,
                                        const char   *text);
void       amparo_gui_error            (GtkWidget    *widget,
                                        const GError *error);
void       amparo_gui_set_label        (GtkWidget    *control,
                                        const char   *label);
void       amparo_gui_label_entry_row  (AdwEntryRow  *row);
GtkWidget *amparo_gui_switch_row       (const char   *title,
                                        const char   *subtitle,
                                        GtkWidget   **out_switch);
GtkWidget *amparo_gui_spin_row         (const char   *title,
                                        double        min,
                                        double        max,
                                        double        step,
                                        GtkWidget   **out_spin);
void       amparo_gui_list_box_clear   (GtkListBox   *list);
GtkWidget *amparo_gui_empty_row        (const char   *text);

/* Called with the file or folder the person chose; not called on cancel */
typedef void (*AmparoGuiChosenFunc) (gpointer  owner,
                                     GFile    *file);

void       amparo_gui_choose           (GtkFileChooserNative *chooser,
                                        gpointer              owner,
                                        AmparoGuiChosenFunc   chosen);

G_END_DECLS
