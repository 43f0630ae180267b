/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoWindow"

#include <stdio.h>
#include <glib/gi18n.h>

#include "amparo-case-index.h"
#include "amparo-demo.h"
#include "amparo-import-dialog.h"
#include "amparo-language.h"
#include "amparo-preferences-window.h"
#include "amparo-vault-tasks.h"
#include "amparo-window-private.h"

/* One window, four states: preparing the demo, first run (no vault yet),
 * locked (the unlock page) and unlocked (the main view). The main view is
 * made on unlock and destroyed on lock, with everything that showed case
 * data; the title never says more than "Amparo". */

G_DEFINE_FINAL_TYPE (AmparoWindow, amparo_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VAULT_DIR,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEMO_CASES 250
#define DEMO_SEED  20240501

/* ---------------------------------------------------------- idle lock */

static guint
idle_limit_ms (AmparoWindow *self)
{
  if (self->idle_ms > 0)
    return self->idle_ms;
  return (guint) g_settings_get_int (self->settings, "idle-lock-minutes") * 60 * 1000;
}

static gboolean idle_timeout_cb (gpointer user_data);

static void
schedule_idle (AmparoWindow *self,
               guint         delay_ms)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->vault != NULL)
    self->idle_source = g_timeout_add (delay_ms, idle_timeout_cb, self);
}

/* Input only records the time; the timer checks it when it fires, so a
 * moving mouse does not re-arm a timer a hundred times a second. */
static gboolean
idle_timeout_cb (gpointer user_data)
{
  AmparoWindow *self = user_data;
  gint64 idle_ms = (g_get_monotonic_time () - self->last_input) / 1000;
  guint limit = idle_limit_ms (self);

  self->idle_source = 0;
  if (idle_ms >= limit)
    {
      g_debug ("Idle for %" G_GINT64_FORMAT " ms: locking", idle_ms);
      amparo_window_lock (self);
    }
  else
    schedule_idle (self, limit - (guint) idle_ms);
  return G_SOURCE_REMOVE;
}

static void
input_cb (AmparoWindow *self)
{
  self->last_input = g_get_monotonic_time ();
}

static void
watch_input (AmparoWindow *self,
             GtkWidget    *widget)
{
  GtkEventController *controllers[] = {
    gtk_event_controller_key_new (),
    gtk_event_controller_motion_new (),
    GTK_EVENT_CONTROLLER (gtk_gesture_click_new ()),
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES),
  };
  const char *signals[] = { "key-pressed", "motion", "pressed", "scroll" };

  for (guint i = 0; i < G_N_ELEMENTS (controllers); i++)
    {
      /* capture phase: seen before any child handles the event */
      gtk_event_controller_set_propagation_phase (controllers[i], GTK_PHASE_CAPTURE);
      g_signal_connect_object (controllers[i], signals[i], G_CALLBACK (input_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_widget_add_controller (widget, controllers[i]);
    }
}

static void
idle_setting_changed_cb (AmparoWindow *self)
{
  if (self->vault != NULL)
    schedule_idle (self, 1000);
}

/* ----------------------------------------------------------- language */

/* A new language needs a new window: every label was translated when it
 * was made. That is done only while the unlock page shows, where nothing
 * typed can be lost; a change made while unlocked waits for the lock. */
static gboolean
remake_for_language_cb (gpointer user_data)
{
  AmparoWindow *self = user_data;
  g_autofree char *wanted = g_settings_get_string (self->settings, "language");
  AmparoWindow *fresh;
  int width, height;

  self->language_source = 0;
  if (self->vault != NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "unlock") != 0)
    return G_SOURCE_REMOVE;
  amparo_language_apply (wanted);
  if (g_strcmp0 (g_getenv ("LANGUAGE"), self->built_language) == 0)
    return G_SOURCE_REMOVE;

  fresh = amparo_window_new (gtk_window_get_application (GTK_WINDOW (self)), self->vault_dir,
                             self->demo);
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (fresh), width, height);
  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    gtk_window_maximize (GTK_WINDOW (fresh));
  gtk_window_present (GTK_WINDOW (fresh));
  gtk_window_destroy (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_language_check (AmparoWindow *self)
{
  if (self->language_source == 0)
    self->language_source = g_idle_add (remake_for_language_cb, self);
}

/* ------------------------------------------------------------ helpers */

static void
update_title (AmparoWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), self->demo ? _("Amparo — demo") : _("Amparo"));
}

static void
show_page (AmparoWindow *self,
           const char   *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  amparo_window_update_actions (self);
}

/* Test builds only: the benchmark (tests/bench/amparo-bench.c) starts the
 * app on a vault it made, unlocked with AMPARO_TEST_UNLOCK_USER and
 * AMPARO_TEST_UNLOCK_PASSPHRASE, and waits for this line on standard
 * output before it reads the process's peak memory. */
static void
test_hook_list_loaded_cb (AmparoCaseList *list,
                          AmparoWindow   *self)
{
  g_signal_handlers_disconnect_by_func (list, test_hook_list_loaded_cb, self);
  g_print ("amparo-test: case list loaded\n");
  fflush (stdout);
}

static gboolean
test_hook_active (void)
{
#if AMPARO_ENABLE_TEST_HOOKS
  return g_getenv ("AMPARO_TEST_UNLOCK_USER") != NULL
         && g_getenv ("AMPARO_TEST_UNLOCK_PASSPHRASE") != NULL;
#else
  return FALSE;
#endif
}

static void
test_hook_unlock (AmparoWindow *self)
{
  if (test_hook_active ())
    amparo_unlock_page_submit (self->unlock_page, g_getenv ("AMPARO_TEST_UNLOCK_USER"),
                               g_getenv ("AMPARO_TEST_UNLOCK_PASSPHRASE"));
}

/* The benchmark's peak memory is the case list's, not the key
 * derivation's (Argon2id's memory is freed once the key is derived):
 * Linux resets the peak when "5" is written to clear_refs. */
static void
test_hook_reset_peak_memory (void)
{
  FILE *f;

  if (test_hook_active () && (f = fopen ("/proc/self/clear_refs", "w")) != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static void
show_locked (AmparoWindow *self)
{
  if (amparo_vault_exists (self->vault_dir))
    {
      amparo_unlock_page_set_vault_dir (self->unlock_page, self->vault_dir);
      show_page (self, "unlock");
      test_hook_unlock (self);
    }
  else
    show_page (self, "first-run");
}

static const char *
screenshot_account (void)
{
  const char *who = g_getenv ("AMPARO_SCREENSHOT_ACCOUNT");

  if (g_strcmp0 (who, "reporting") == 0)
    return _("Demo reporting");
  if (g_strcmp0 (who, "advocate") == 0)
    return _("Demo advocate");
  return _("Demo supervisor");
}

static void
screenshot_open_first_case_cb (AmparoCaseList *list,
                               AmparoWindow   *self)
{
  GListModel *model = amparo_case_list_get_model (list);
  g_autoptr(AmparoCaseRow) row = NULL;

  g_signal_handlers_disconnect_by_func (list, screenshot_open_first_case_cb, self);
  if (model != NULL && (row = g_list_model_get_item (model, 0)) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-case", "x",
                                amparo_case_row_get_id (row));
}

/* Demo and screenshot mode only: go straight to the page the screenshot
 * script asks for. */
static void
screenshot_goto (AmparoWindow *self)
{
  const char *page = g_getenv ("AMPARO_SCREENSHOT_PAGE");
  const char *search = g_getenv ("AMPARO_SCREENSHOT_SEARCH");
  AmparoCaseList *list = amparo_main_view_get_case_list (self->main_view);

  if (!self->demo || page == NULL)
    return;
  if (search != NULL && list != NULL)
    amparo_case_list_set_search (list, search);
  if (g_str_equal (page, "preferences"))
    gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
  else if (g_str_equal (page, "shortcuts"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-help-overlay", NULL);
  else if (g_str_equal (page, "import"))
    {
      const char *csv = g_getenv ("AMPARO_SCREENSHOT_CSV");

      gtk_widget_activate_action (GTK_WIDGET (self), "win.import-cases", NULL);
      if (csv != NULL && self->dialogs->len > 0
          && AMPARO_IS_IMPORT_DIALOG (g_ptr_array_index (self->dialogs, self->dialogs->len - 1)))
        {
          g_autoptr(GFile) file = g_file_new_for_path (csv);

          amparo_import_dialog_check_file (g_ptr_array_index (self->dialogs,
                                                              self->dialogs->len - 1), file);
        }
    }
  else if (g_str_equal (page, "case") && list != NULL)
    g_signal_connect (list, "loaded", G_CALLBACK (screenshot_open_first_case_cb), self);
  else
    amparo_main_view_set_page (self->main_view, page);
}

static void
close_dialogs (AmparoWindow *self)
{
  while (self->dialogs->len > 0)
    {
      GtkWindow *dialog = g_ptr_array_steal_index (self->dialogs, self->dialogs->len - 1);

      g_object_weak_unref (G_OBJECT (dialog), (GWeakNotify) g_ptr_array_remove, self->dialogs);
      gtk_window_destroy (dialog);
    }
}

static void
open_vault (AmparoWindow *self,
            AmparoVault  *vault)
{
  g_assert (self->vault == NULL);
  test_hook_reset_peak_memory ();

  self->vault = g_object_ref (vault);
  amparo_preferences_sync_from_vault (self->settings, vault);
  self->main_view = AMPARO_MAIN_VIEW (amparo_main_view_new (vault, self->demo));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->main_view), "main");
  show_page (self, "main");
  amparo_window_check_backup_age (self);
  self->last_input = g_get_monotonic_time ();
  schedule_idle (self, idle_limit_ms (self));
  screenshot_goto (self);
  if (test_hook_active () && amparo_main_view_get_case_list (self->main_view) != NULL)
    g_signal_connect (amparo_main_view_get_case_list (self->main_view), "loaded",
                      G_CALLBACK (test_hook_list_loaded_cb), self);
}

/* --------------------------------------------------------------- demo */

typedef struct
{
  char *dir;
  char *agency;
  char *users[3];
} DemoData;

static void
demo_data_free (DemoData *data)
{
  g_free (data->dir);
  g_free (data->agency);
  for (guint i = 0; i < G_N_ELEMENTS (data->users); i++)
    g_free (data->users[i]);
  g_free (data);
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DemoData *data = task_data;
  g_autoptr(AmparoVault) vault = NULL;
  GError *error = NULL;

  vault = amparo_vault_create (data->dir, AMPARO_VAULT_KIND_AGENCY, data->agency, data->users[0],
                               AMPARO_DEMO_PASSPHRASE, &error);
  if (vault == NULL
      || !amparo_vault_add_account (vault, data->users[1], AMPARO_ROLE_ADVOCATE,
                                    AMPARO_DEMO_PASSPHRASE, &error)
      || !amparo_vault_add_account (vault, data->users[2], AMPARO_ROLE_REPORTING,
                                    AMPARO_DEMO_PASSPHRASE, &error)
      || !amparo_demo_generate (vault, DEMO_CASES, DEMO_SEED, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  amparo_vault_lock (vault);
  g_task_return_boolean (task, TRUE);
}

static void
demo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AmparoWindow *self = AMPARO_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      adw_status_page_set_title (self->loading_page, _("The Demo Could Not Be Prepared"));
      adw_status_page_set_description (self->loading_page, error->message);
      adw_status_page_set_child (self->loading_page, NULL);
      return;
    }
  show_locked (self);
  if (g_getenv ("AMPARO_SCREENSHOT_PAGE") != NULL
      && !g_str_equal (g_getenv ("AMPARO_SCREENSHOT_PAGE"), "unlock"))
    amparo_unlock_page_submit (self->unlock_page, screenshot_account (), AMPARO_DEMO_PASSPHRASE);
}

static void
prepare_demo (AmparoWindow *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, demo_done_cb, NULL);
  DemoData *data = g_new0 (DemoData, 1);

  data->dir = g_strdup (self->vault_dir);
  data->agency = g_strdup (_("Demo Valley Safe Shelter"));
  data->users[0] = g_strdup (_("Demo supervisor"));
  data->users[1] = g_strdup (_("Demo advocate"));
  data->users[2] = g_strdup (_("Demo reporting"));
  g_task_set_task_data (task, data, (GDestroyNotify) demo_data_free);
  show_page (self, "loading");
  g_task_run_in_thread (task, demo_thread);
}

/* ---------------------------------------------------------- callbacks */

static void
unlocked_cb (AmparoWindow *self,
             AmparoVault  *vault)
{
  open_vault (self, vault);
}

static void
vault_created_cb (AmparoWindow *self,
                  AmparoVault  *vault)
{
  amparo_unlock_page_set_vault_dir (self->unlock_page, self->vault_dir);
  open_vault (self, vault);
}

static gboolean
close_request_cb (AmparoWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  amparo_window_lock (self);
  return FALSE;
}

/* ------------------------------------------------------------ GObject */

static void
amparo_window_constructed (GObject *object)
{
  AmparoWindow *self = AMPARO_WINDOW (object);

  G_OBJECT_CLASS (amparo_window_parent_class)->constructed (object);

  update_title (self);
  if (self->demo)
    {
      /* striped header bars: nobody mistakes the demo for the real vault */
      gtk_widget_add_css_class (GTK_WIDGET (self), "demo");
      gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
    }
  /* the screenshot script's Xvfb has no window manager to maximize */
  if (g_getenv ("AMPARO_SCREENSHOT_PAGE") != NULL)
    gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);
  if (self->vault_dir == NULL)
    self->vault_dir = amparo_vault_default_dir ();
  amparo_first_run_page_set_vault_dir (self->first_run_page, self->vault_dir);
  amparo_unlock_page_set_demo_passphrase (self->unlock_page,
                                          self->demo ? AMPARO_DEMO_PASSPHRASE : NULL);
  if (self->demo && !amparo_vault_exists (self->vault_dir))
    prepare_demo (self);
  else
    show_locked (self);
}

static void
amparo_window_dispose (GObject *object)
{
  AmparoWindow *self = AMPARO_WINDOW (object);

  amparo_window_lock (self);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->language_source, g_source_remove);
  if (self->dialogs != NULL)
    close_dialogs (self);
  g_clear_pointer (&self->dialogs, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_WINDOW);
  G_OBJECT_CLASS (amparo_window_parent_class)->dispose (object);
}

static void
amparo_window_finalize (GObject *object)
{
  AmparoWindow *self = AMPARO_WINDOW (object);

  g_clear_object (&self->settings);
  g_free (self->vault_dir);
  g_free (self->built_language);
  G_OBJECT_CLASS (amparo_window_parent_class)->finalize (object);
}

static void
amparo_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AmparoWindow *self = AMPARO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VAULT_DIR:
      g_value_set_string (value, self->vault_dir);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AmparoWindow *self = AMPARO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VAULT_DIR:
      self->vault_dir = g_value_dup_string (value);
      break;
    case PROP_DEMO:
      self->demo = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_window_class_init (AmparoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = amparo_window_constructed;
  object_class->dispose = amparo_window_dispose;
  object_class->finalize = amparo_window_finalize;
  object_class->get_property = amparo_window_get_property;
  object_class->set_property = amparo_window_set_property;

  properties[PROP_VAULT_DIR] =
    g_param_spec_string ("vault-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (AMPARO_TYPE_FIRST_RUN_PAGE);
  g_type_ensure (AMPARO_TYPE_UNLOCK_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/amparo/Amparo/amparo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AmparoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AmparoWindow, first_run_page);
  gtk_widget_class_bind_template_child (widget_class, AmparoWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, AmparoWindow, loading_page);
  gtk_widget_class_bind_template_callback (widget_class, unlocked_cb);
  gtk_widget_class_bind_template_callback (widget_class, vault_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  amparo_window_install_actions (widget_class);
}

static void
amparo_window_init (AmparoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->dialogs = g_ptr_array_new ();
  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_signal_connect_object (self->settings, "changed::idle-lock-minutes",
                           G_CALLBACK (idle_setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::backup-reminder-days",
                           G_CALLBACK (amparo_window_check_backup_age), self, G_CONNECT_SWAPPED);
  self->built_language = g_strdup (g_getenv ("LANGUAGE"));
  g_signal_connect_object (self->settings, "changed::language",
                           G_CALLBACK (schedule_language_check), self, G_CONNECT_SWAPPED);
  watch_input (self, GTK_WIDGET (self));
}

/* ------------------------------------------------------------- public */

/**
 * amparo_window_new:
 * @application: (nullable): the application; %NULL in tests
 * @vault_dir: (nullable): the vault folder; %NULL for the default
 * @demo: whether @vault_dir is a throw-away demo vault to fill
 */
AmparoWindow *
amparo_window_new (GtkApplication *application,
                   const char     *vault_dir,
                   gboolean        demo)
{
  return g_object_new (AMPARO_TYPE_WINDOW,
                       "application", application,
                       "vault-dir", vault_dir,
                       "demo", demo,
                       NULL);
}

/**
 * amparo_window_get_vault:
 *
 * Returns: (transfer none) (nullable): the unlocked vault, or %NULL
 */
AmparoVault *
amparo_window_get_vault (AmparoWindow *self)
{
  g_return_val_if_fail (AMPARO_IS_WINDOW (self), NULL);
  return self->vault;
}

gboolean
amparo_window_get_demo (AmparoWindow *self)
{
  g_return_val_if_fail (AMPARO_IS_WINDOW (self), FALSE);
  return self->demo;
}

/**
 * amparo_window_lock:
 *
 * Drops every view of case data, closes the vault's databases and wipes
 * its keys (as soon as no worker uses them), and shows the unlock page.
 */
void
amparo_window_lock (AmparoWindow *self)
{
  g_autoptr(AmparoVault) vault = NULL;

  g_return_if_fail (AMPARO_IS_WINDOW (self));

  if (self->vault == NULL)
    return;
  vault = g_steal_pointer (&self->vault);
  g_clear_handle_id (&self->idle_source, g_source_remove);

  /* dialogs first: some hold the vault or show case data */
  close_dialogs (self);
  if (self->main_view != NULL)
    {
      /* no transition: a crossfade would keep the view alive until it ends */
      gtk_stack_set_visible_child_full (self->stack, "unlock", GTK_STACK_TRANSITION_TYPE_NONE);
      gtk_stack_remove (self->stack, GTK_WIDGET (self->main_view));
      self->main_view = NULL;
    }
  amparo_vault_lock_soon (vault);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  show_locked (self);
  /* a language chosen while unlocked applies now */
  schedule_language_check (self);
}

/**
 * amparo_window_show_case_widget:
 * @widget: a case page
 *
 * Slides @widget in over the list. It is destroyed when the person goes
 * back, and on lock.
 */
void
amparo_window_show_case_widget (AmparoWindow *self,
                                GtkWidget    *widget)
{
  g_return_if_fail (AMPARO_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (self->main_view == NULL)
    {
      g_object_ref_sink (widget);
      g_object_unref (widget);
      return;
    }
  amparo_main_view_show_case_widget (self->main_view, widget);
}

void
amparo_window_add_toast (AmparoWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (AMPARO_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * amparo_window_track_dialog:
 *
 * @dialog is destroyed when the window locks, and typing in it counts as
 * activity for the idle lock.
 */
void
amparo_window_track_dialog (AmparoWindow *self,
                            GtkWindow    *dialog)
{
  g_return_if_fail (AMPARO_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  g_ptr_array_add (self->dialogs, dialog);
  g_object_weak_ref (G_OBJECT (dialog), (GWeakNotify) g_ptr_array_remove, self->dialogs);
  watch_input (self, GTK_WIDGET (dialog));
}

const char *
amparo_window_get_visible_page (AmparoWindow *self)
{
  g_return_val_if_fail (AMPARO_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

AmparoUnlockPage *
amparo_window_get_unlock_page (AmparoWindow *self)
{
  g_return_val_if_fail (AMPARO_IS_WINDOW (self), NULL);
  return self->unlock_page;
}

AmparoFirstRunPage *
amparo_window_get_first_run_page (AmparoWindow *self)
{
  g_return_val_if_fail (AMPARO_IS_WINDOW (self), NULL);
  return self->first_run_page;
}

/**
 * amparo_window_get_main_view:
 *
 * Returns: (transfer none) (nullable): the main view while unlocked
 */
AmparoMainView *
amparo_window_get_main_view (AmparoWindow *self)
{
  g_return_val_if_fail (AMPARO_IS_WINDOW (self), NULL);
  return self->main_view;
}

/* Tests only: lock after @ms of no input instead of the setting's minutes. */
void
amparo_window_set_idle_timeout_ms_for_testing (AmparoWindow *self,
                                               guint         ms)
{
  g_return_if_fail (AMPARO_IS_WINDOW (self));

  self->idle_ms = ms;
  if (self->vault != NULL)
    schedule_idle (self, ms > 0 ? ms : idle_limit_ms (self));
}
