/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCaseList"

/* Rows handed to the view per frame; GTK spends about a millisecond per
 * thousand rows added, so 100,000 at once would freeze the window. */
#define CHUNK_ROWS 4000

#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gi18n.h>

#include "amparo-case-index.h"
#include "amparo-case-list.h"
#include "amparo-codes.h"
#include "amparo-gui-util.h"

/* The Cases page: a search entry, three filters and a virtualized column
 * view. Every query runs in a worker thread (amparo-case-index.c); a new
 * one cancels the one before. For the reporting role the name column is
 * never created and no name ever reaches this widget. */

struct _AmparoCaseList
{
  AdwBin              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkDropDown        *risk_dropdown;
  GtkDropDown        *alert_dropdown;
  GtkButton          *new_button;
  GtkSpinner         *spinner;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  GtkLabel           *count_label;
  GtkLabel           *role_label;

  AmparoVault        *vault;
  GtkSingleSelection *selection;
  GListStore         *shown;        /* the rows in the view so far */
  GListModel         *pending;      /* the query's rows, moved into shown a chunk a frame */
  GListModel         *unsearched;   /* every row the filters allow; typing narrows it in memory */
  guint               pending_pos;
  guint               chunk_source;
  GCancellable       *cancellable;
  guint               spinner_source;
  gboolean            has_names;
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (AmparoCaseList, amparo_case_list, ADW_TYPE_BIN)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  COLUMN_REF_CODE,
  COLUMN_NAME,
  COLUMN_STATUS,
  COLUMN_OPENED,
  COLUMN_ACTIVITY,
  COLUMN_RISK,
  COLUMN_ALERTS,
} Column;

static const char *const risk_codes[] = { NULL, "high", "moderate", "low", "not_assessed" };
static const AmparoCaseAlerts alert_choices[] = {
  AMPARO_CASE_ALERT_NONE, AMPARO_CASE_ALERT_ALL, AMPARO_CASE_ALERT_RELEASE_EXPIRING,
  AMPARO_CASE_ALERT_SAFETY_PLAN, AMPARO_CASE_ALERT_FOLLOW_UP,
};

static const struct {
  AmparoCaseAlerts  alert;
  const char       *label;
  const char       *tooltip;
  const char       *css;
} badges[] = {
  { AMPARO_CASE_ALERT_RELEASE_EXPIRING, N_("Release expiring"),
    N_("A release of information expires within 7 days"), "alert-release" },
  { AMPARO_CASE_ALERT_SAFETY_PLAN, N_("Plan incomplete"),
    N_("The safety plan is not complete"), "alert-plan" },
  { AMPARO_CASE_ALERT_FOLLOW_UP, N_("Follow-up due"),
    N_("The follow-up date is today or has passed"), "alert-follow-up" },
};

static AmparoCaseFilter *
current_filter (AmparoCaseList *self)
{
  AmparoCaseFilter *filter = amparo_case_filter_new ();
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint risk = gtk_drop_down_get_selected (self->risk_dropdown);
  guint alert = gtk_drop_down_get_selected (self->alert_dropdown);

  filter->status = status <= AMPARO_CASE_STATUS_ALL ? status : AMPARO_CASE_STATUS_OPEN;
  filter->risk_level = risk < G_N_ELEMENTS (risk_codes) ? g_strdup (risk_codes[risk]) : NULL;
  filter->alerts = alert < G_N_ELEMENTS (alert_choices) ? alert_choices[alert] : 0;
  return filter;
}

static gboolean
narrowed (AmparoCaseList *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0'
         || gtk_drop_down_get_selected (self->risk_dropdown) != 0
         || gtk_drop_down_get_selected (self->alert_dropdown) != 0;
}

/* ------------------------------------------------------------ columns */

/* The reference code is a flat button that opens the case: a row can be
 * activated with a double click or Enter, but GTK 4.8 offers assistive
 * technologies no action on a row, and a button has one. */
static GtkWidget *
ref_code_button_new (void)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "refcode");
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "refcode-button");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  /* a target of the action's type first, or GTK warns of a mismatch */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (0));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-case");
  gtk_widget_set_tooltip_text (button, _("Open this case"));
  return button;
}

static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label;

  if (GPOINTER_TO_INT (user_data) == COLUMN_REF_CODE)
    {
      gtk_list_item_set_child (item, ref_code_button_new ());
      return;
    }
  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  AmparoCaseRow *row = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkLabel *label = GTK_IS_BUTTON (child) ? GTK_LABEL (gtk_button_get_child (GTK_BUTTON (child)))
                                          : GTK_LABEL (child);
  g_autofree char *text = NULL;

  switch ((Column) GPOINTER_TO_INT (user_data))
    {
    case COLUMN_REF_CODE:
      gtk_label_set_label (label, amparo_case_row_get_ref_code (row));
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (child),
                                              g_variant_new_int64 (amparo_case_row_get_id (row)));
      /* Translators: %s is a case's reference code, like "K7QM-3XTD" */
      text = g_strdup_printf (_("Open case %s"), amparo_case_row_get_ref_code (row));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
      break;
    case COLUMN_NAME:
      gtk_label_set_label (label, amparo_case_row_get_display_name (row));
      break;
    case COLUMN_STATUS:
      gtk_label_set_label (label, g_strcmp0 (amparo_case_row_get_status (row), "open") == 0
                                    ? C_("case status", "Open") : C_("case status", "Closed"));
      break;
    case COLUMN_OPENED:
      text = amparo_gui_format_date (amparo_case_row_get_opened (row));
      gtk_label_set_label (label, text);
      break;
    case COLUMN_ACTIVITY:
      text = amparo_gui_format_date (amparo_case_row_get_last_activity (row));
      gtk_label_set_label (label, text);
      break;
    case COLUMN_RISK:
      {
        const char *code = amparo_case_row_get_risk_level (row);
        g_autofree char *css = g_strconcat ("risk-", code, NULL);
        const char *classes[] = { "risk", css, NULL };

        gtk_label_set_label (label, amparo_code_label ("risk_level", code));
        gtk_widget_set_css_classes (GTK_WIDGET (label), classes);
      }
      break;
    case COLUMN_ALERTS:
    default:
      g_assert_not_reached ();
    }
}

static void
alerts_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    {
      GtkWidget *badge = gtk_label_new (_(badges[i].label));

      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, badges[i].css);
      gtk_widget_set_tooltip_text (badge, _(badges[i].tooltip));
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), badge);
    }
  gtk_list_item_set_child (item, box);
}

static void
alerts_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  AmparoCaseRow *row = gtk_list_item_get_item (item);
  AmparoCaseAlerts alerts = amparo_case_row_get_alerts (row);
  GtkWidget *badge = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  for (guint i = 0; badge != NULL && i < G_N_ELEMENTS (badges); i++)
    {
      gtk_widget_set_visible (badge, (alerts & badges[i].alert) != 0);
      badge = gtk_widget_get_next_sibling (badge);
    }
}

static void
add_column (AmparoCaseList *self,
            Column          column,
            const char     *title,
            gboolean        expand,
            int             fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  if (column == COLUMN_ALERTS)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (alerts_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (alerts_bind_cb), NULL);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), GINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), GINT_TO_POINTER (column));
    }
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (col, fixed_width);
  gtk_column_view_append_column (self->column_view, col);
  g_object_unref (col);
}

static void
build_columns (AmparoCaseList *self)
{
  /* Translators: column heading for the case's reference code, not a referral */
  add_column (self, COLUMN_REF_CODE, _("Reference"), FALSE, 130);
  /* the reporting role must never see names: no column at all, not a hidden one */
  if (self->has_names)
    add_column (self, COLUMN_NAME, _("Name"), TRUE, -1);
  add_column (self, COLUMN_STATUS, _("Status"), FALSE, 90);
  add_column (self, COLUMN_OPENED, _("Opened"), FALSE, 110);
  add_column (self, COLUMN_ACTIVITY, _("Last Activity"), FALSE, 120);
  add_column (self, COLUMN_RISK, _("Risk"), FALSE, 110);
  add_column (self, COLUMN_ALERTS, _("Alerts"), !self->has_names, -1);
}

/* -------------------------------------------------------------- query */

static gboolean
show_spinner_cb (gpointer user_data)
{
  AmparoCaseList *self = user_data;

  self->spinner_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  return G_SOURCE_REMOVE;
}

static void
set_loading (AmparoCaseList *self,
             gboolean        loading)
{
  self->loading = loading;
  g_clear_handle_id (&self->spinner_source, g_source_remove);
  if (loading)
    {
      /* only queries that take noticeably long get a spinner */
      self->spinner_source = g_timeout_add (200, show_spinner_cb, self);
      return;
    }
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
}

/* Drops a replaced result set in a thread of its own: freeing 100,000
 * rows takes long enough to be seen. */
static gpointer
free_rows_thread (gpointer data)
{
  g_object_unref (data);
  return NULL;
}

static void
show_empty (AmparoCaseList *self)
{
  if (narrowed (self))
    {
      adw_status_page_set_title (self->empty_page, _("No Matching Cases"));
      adw_status_page_set_description (self->empty_page,
                                       self->has_names
                                         ? _("Try another name or reference code, or change the filters.")
                                         : _("Try another reference code, or change the filters."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Cases Here"));
      adw_status_page_set_description (self->empty_page,
                                       _("Cases appear here once they are opened."));
    }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static gboolean
add_chunk (AmparoCaseList *self)
{
  guint n = g_list_model_get_n_items (self->pending);
  guint end = MIN (self->pending_pos + CHUNK_ROWS, n);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (end - self->pending_pos, g_object_unref);

  for (guint i = self->pending_pos; i < end; i++)
    g_ptr_array_add (rows, g_list_model_get_item (self->pending, i));
  g_list_store_splice (self->shown, self->pending_pos, 0, rows->pdata, rows->len);
  self->pending_pos = end;
  return end < n;
}

/* Loading a list frees a good deal (the query's scratch, the previous
 * rows) in the middle of the heap, where glibc keeps it resident; hand it
 * back to the system once the list is on screen. */
static gboolean
trim_heap_cb (gpointer data)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

static void
finish_loading (AmparoCaseList *self)
{
  g_clear_object (&self->pending);
  set_loading (self, FALSE);
  g_signal_emit (self, signals[LOADED], 0);
  g_idle_add_full (G_PRIORITY_LOW, trim_heap_cb, NULL, NULL);
}

static gboolean
add_chunk_cb (gpointer user_data)
{
  AmparoCaseList *self = user_data;

  if (add_chunk (self))
    return G_SOURCE_CONTINUE;
  self->chunk_source = 0;
  finish_loading (self);
  return G_SOURCE_REMOVE;
}

static void
show_results (AmparoCaseList *self,
              GListModel     *model)
{
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case", "%u cases",
                                                          n), n);
  GListStore *old = g_steal_pointer (&self->shown);

  g_clear_handle_id (&self->chunk_source, g_source_remove);
  g_set_object (&self->pending, model);
  self->pending_pos = 0;
  self->shown = g_list_store_new (AMPARO_TYPE_CASE_ROW);
  gtk_label_set_label (self->count_label, count);

  /* the first screenful at once, the rest a chunk per frame */
  if (n > 0 && add_chunk (self))
    self->chunk_source = g_idle_add (add_chunk_cb, self);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->shown));
  if (old != NULL)
    g_thread_unref (g_thread_new ("amparo-free-rows", free_rows_thread, old));

  if (n > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "list");
  else
    show_empty (self);
  if (self->chunk_source == 0)
    finish_loading (self);
}

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = amparo_case_index_query_finish (AMPARO_VAULT (source), result,
                                                                &error);
  AmparoCaseList *self;

  /* cancelled: a newer query replaced this one, or the list is gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AMPARO_CASE_LIST (user_data);
  g_set_object (&self->unsearched, model);
  if (model != NULL)
    {
      g_autoptr(GListModel) found = NULL;

      found = amparo_case_index_filter (model,
                                        gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      show_results (self, found);
    }
  else
    show_results (self, NULL);
  if (model == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The Cases Could Not Be Read"));
      adw_status_page_set_description (self->empty_page, error->message);
    }
}

static void
start_query (AmparoCaseList *self)
{
  g_autoptr(AmparoCaseFilter) filter = NULL;

  if (self->vault == NULL || amparo_vault_is_locked (self->vault))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->chunk_source, g_source_remove);
  self->cancellable = g_cancellable_new ();
  filter = current_filter (self);
  set_loading (self, TRUE);
  g_clear_object (&self->unsearched);
  /* no search: the rows come once per filter, and each keystroke narrows
   * them in memory (a keystroke must not wait for 100,000 rows) */
  amparo_case_index_query_async (self->vault, NULL, filter, self->cancellable, query_done_cb,
                                 self);
}

/* ---------------------------------------------------------- callbacks */

static void
search_changed_cb (AmparoCaseList *self)
{
  g_autoptr(GListModel) found = NULL;

  /* a query still running applies the search once it is done */
  if (self->loading && self->unsearched == NULL)
    return;
  if (self->unsearched == NULL)
    {
      start_query (self);
      return;
    }
  found = amparo_case_index_filter (self->unsearched,
                                    gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  set_loading (self, TRUE);
  show_results (self, found);
}

static void
filter_changed_cb (AmparoCaseList *self)
{
  start_query (self);
}

static void
row_activated_cb (AmparoCaseList *self,
                  guint           position)
{
  g_autoptr(AmparoCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-case", "x",
                              amparo_case_row_get_id (row));
}

/* ------------------------------------------------------------ GObject */

static void
amparo_case_list_dispose (GObject *object)
{
  AmparoCaseList *self = AMPARO_CASE_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->spinner_source, g_source_remove);
  g_clear_handle_id (&self->chunk_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_CASE_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown);
  g_clear_object (&self->pending);
  g_clear_object (&self->unsearched);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_case_list_parent_class)->dispose (object);
}

static void
amparo_case_list_class_init (AmparoCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_case_list_dispose;

  /**
   * AmparoCaseList::loaded:
   *
   * A query finished and its rows are shown.
   */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-case-list.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, risk_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, alert_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, new_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, spinner);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, content_stack);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, column_view);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, count_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoCaseList, role_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
amparo_case_list_init (AmparoCaseList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

/**
 * amparo_case_list_new:
 *
 * Returns: (transfer floating): the Cases page for @vault
 */
GtkWidget *
amparo_case_list_new (AmparoVault *vault)
{
  AmparoCaseList *self;
  gboolean agency;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_CASE_LIST, NULL);
  self->vault = g_object_ref (vault);
  self->has_names = amparo_vault_can_see_contacts (vault);
  agency = amparo_vault_get_kind (vault) == AMPARO_VAULT_KIND_AGENCY;

  g_object_set (self->search_entry, "placeholder-text",
                self->has_names ? _("Search by name or reference code")
                                : _("Search by reference code"), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->new_button), self->has_names && agency);
  gtk_widget_set_visible (GTK_WIDGET (self->role_label), !self->has_names);
  build_columns (self);
  start_query (self);
  return GTK_WIDGET (self);
}

void
amparo_case_list_refresh (AmparoCaseList *self)
{
  g_return_if_fail (AMPARO_IS_CASE_LIST (self));
  start_query (self);
}

void
amparo_case_list_focus_search (AmparoCaseList *self)
{
  g_return_if_fail (AMPARO_IS_CASE_LIST (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* For tests: the same as typing into the search entry. */
void
amparo_case_list_set_search (AmparoCaseList *self,
                             const char     *text)
{
  g_return_if_fail (AMPARO_IS_CASE_LIST (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
}

/**
 * amparo_case_list_get_model:
 *
 * Returns: (transfer none) (nullable): the rows shown, #AmparoCaseRow
 *   items; complete once amparo_case_list_is_loading() is %FALSE
 */
GListModel *
amparo_case_list_get_model (AmparoCaseList *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_LIST (self), NULL);
  return G_LIST_MODEL (self->shown);
}

GtkColumnView *
amparo_case_list_get_column_view (AmparoCaseList *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_LIST (self), NULL);
  return self->column_view;
}

gboolean
amparo_case_list_has_name_column (AmparoCaseList *self)
{
  GListModel *columns;
  guint n;

  g_return_val_if_fail (AMPARO_IS_CASE_LIST (self), FALSE);

  columns = gtk_column_view_get_columns (self->column_view);
  n = g_list_model_get_n_items (columns);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, i);
      if (g_strcmp0 (gtk_column_view_column_get_title (col), _("Name")) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
amparo_case_list_is_loading (AmparoCaseList *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_LIST (self), FALSE);
  return self->loading;
}
