/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <adwaita.h>

#include "amparo-gui-test.h"
#include "amparo-application.h"
#include "amparo-test-util.h"
#include "amparo-window.h"

/* The application as the desktop sees it, on a private D-Bus session bus
 * (GTestDBus) where this test plays the GNOME session manager and screen
 * saver: GTK itself turns the screen saver's ActiveChanged signal into
 * GtkApplication:screensaver-active, and every window must lock. Also the
 * shortcuts window and the About dialog. Runs under Xvfb; skips without a
 * display or without dbus-daemon. */

#define PASS "ember violet canal 37"

static const char fake_xml[] =
  "<node>"
  "  <interface name='org.gnome.SessionManager'>"
  "    <method name='RegisterClient'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='o' direction='out'/>"
  "    </method>"
  "    <method name='UnregisterClient'><arg type='o' direction='in'/></method>"
  "    <method name='IsInhibited'>"
  "      <arg type='u' direction='in'/><arg type='b' direction='out'/>"
  "    </method>"
  "  </interface>"
  "  <interface name='org.gnome.SessionManager.ClientPrivate'>"
  "    <method name='EndSessionResponse'>"
  "      <arg type='b' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "  <interface name='org.gnome.ScreenSaver'>"
  "    <method name='GetActive'><arg type='b' direction='out'/></method>"
  "    <signal name='ActiveChanged'><arg type='b'/></signal>"
  "  </interface>"
  "</node>";

#define CLIENT_PATH "/org/gnome/SessionManager/Client1"

/* The fake services answer on a connection and a thread of their own:
 * GTK calls the session manager synchronously from the main thread. */
typedef struct
{
  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  GDBusConnection *connection;
  GMutex           mutex;
  GCond            cond;
  gboolean         ready;
} FakeSession;

static FakeSession fake;

/* One per process: a registered application cannot register again */
static AmparoApplication *the_app;

typedef struct
{
  char              *root;
  char              *dir;
  AmparoApplication *app;
  AmparoWindow      *window;
} Fixture;

/* ------------------------------------------------------------ fake bus */

static void
fake_method_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *params,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  if (g_str_equal (method, "RegisterClient"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", CLIENT_PATH));
  else if (g_str_equal (method, "GetActive"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
  else if (g_str_equal (method, "IsInhibited"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable fake_vtable = { fake_method_cb, NULL, NULL };

static void
own_name (const char *name)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 result = 0;

  reply = g_dbus_connection_call_sync (fake.connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName", g_variant_new ("(su)", name, 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);  /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */
}

static gpointer
fake_thread (gpointer data)
{
  const char *address = data;
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;
  const struct { const char *path; guint iface; } objects[] = {
    { "/org/gnome/SessionManager", 0 },
    { CLIENT_PATH, 1 },
    { "/org/gnome/ScreenSaver", 2 },
  };

  g_main_context_push_thread_default (fake.context);
  node = g_dbus_node_info_new_for_xml (fake_xml, &error);
  g_assert_no_error (error);
  fake.connection = g_dbus_connection_new_for_address_sync (
    address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
             | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_dbus_connection_register_object (fake.connection, objects[i].path,
                                         node->interfaces[objects[i].iface], &fake_vtable, NULL,
                                         NULL, &error);
      g_assert_no_error (error);
    }
  own_name ("org.gnome.SessionManager");
  own_name ("org.gnome.ScreenSaver");

  g_mutex_lock (&fake.mutex);
  fake.ready = TRUE;
  g_cond_signal (&fake.cond);
  g_mutex_unlock (&fake.mutex);

  g_main_loop_run (fake.loop);
  g_main_context_pop_thread_default (fake.context);
  g_free (data);
  return NULL;
}

static void
fake_session_start (const char *address)
{
  fake.context = g_main_context_new ();
  fake.loop = g_main_loop_new (fake.context, FALSE);
  g_mutex_init (&fake.mutex);
  g_cond_init (&fake.cond);
  fake.thread = g_thread_new ("fake-session", fake_thread, g_strdup (address));
  g_mutex_lock (&fake.mutex);
  while (!fake.ready)
    g_cond_wait (&fake.cond, &fake.mutex);
  g_mutex_unlock (&fake.mutex);
}

static void
fake_screensaver_set_active (gboolean active)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (fake.connection, NULL, "/org/gnome/ScreenSaver",
                                 "org.gnome.ScreenSaver", "ActiveChanged",
                                 g_variant_new ("(b)", active), &error);
  g_assert_no_error (error);
  g_dbus_connection_flush_sync (fake.connection, NULL, NULL);
}

/* ------------------------------------------------------------- helpers */

static gboolean
shows_main (gpointer data)
{
  return g_strcmp0 (amparo_window_get_visible_page (data), "main") == 0;
}

static gboolean
shows_unlock (gpointer data)
{
  return g_strcmp0 (amparo_window_get_visible_page (data), "unlock") == 0;
}

static gboolean
screensaver_off (gpointer app)
{
  gboolean active = TRUE;

  g_object_get (app, "screensaver-active", &active, NULL);
  return !active;
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
shows_about (gpointer data)
{
  return find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shows_shortcuts (gpointer data)
{
  return find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

static void
collect_actions (GtkWidget *widget,
                 GPtrArray *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      char *action = NULL;

      g_object_get (widget, "action-name", &action, NULL);
      if (action != NULL)
        g_ptr_array_add (out, action);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_actions (child, out);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;

  f->root = amparo_test_make_dir ();
  f->dir = g_build_filename (f->root, "vault", NULL);
  vault = amparo_vault_create (f->dir, AMPARO_VAULT_KIND_AGENCY, "Agency", "sup", PASS, &error);
  g_assert_no_error (error);
  amparo_vault_lock (vault);

  f->app = g_object_ref (the_app);
  f->window = amparo_window_new (GTK_APPLICATION (f->app), f->dir, FALSE);
  g_object_ref (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  amparo_unlock_page_submit (amparo_window_get_unlock_page (f->window), "sup", PASS);
  spin_until (shows_main, f->window);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (f->app))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  g_clear_object (&f->window);
  g_clear_object (&f->app);
  amparo_test_remove_dir (f->root);
  g_free (f->root);
  g_free (f->dir);
}

/* --------------------------------------------------------------- tests */

static void
test_screensaver_locks (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AmparoVault) vault = g_object_ref (amparo_window_get_vault (f->window));
  gboolean active = TRUE;

  g_object_get (f->app, "screensaver-active", &active, NULL);
  g_assert_false (active);
  g_assert_false (amparo_vault_is_locked (vault));

  fake_screensaver_set_active (TRUE);
  spin_until (shows_unlock, f->window);
  g_object_get (f->app, "screensaver-active", &active, NULL);
  g_assert_true (active);
  g_assert_null (amparo_window_get_main_view (f->window));
  g_assert_null (amparo_window_get_vault (f->window));
  g_assert_true (amparo_vault_is_locked (vault));

  /* the screen saver going away does not unlock anything */
  fake_screensaver_set_active (FALSE);
  spin_until (screensaver_off, f->app);
  g_assert_cmpstr (amparo_window_get_visible_page (f->window), ==, "unlock");
}

static void
test_shortcuts_window (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lock_accels = NULL;
  GtkWidget *shortcuts;
  const char *expected[] = { "win.lock", "win.search", "win.new-case", "app.preferences",
                             "app.help", "app.quit" };

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL);
  spin_until (shows_shortcuts, NULL);
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  collect_actions (shortcuts, actions);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                                   expected[i]);

      g_assert_true (g_ptr_array_find_with_equal_func (actions, expected[i], g_str_equal, NULL));
      /* a line in the window means a key that works */
      g_assert_nonnull (accels[0]);
    }
  lock_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), "win.lock");
  g_assert_cmpstr (lock_accels[0], ==, "<Control>l");
  gtk_window_destroy (GTK_WINDOW (shortcuts));
}

static void
test_about_dialog (Fixture       *f,
                   gconstpointer  data)
{
  AdwAboutWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "about", NULL);
  spin_until (shows_about, NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Amparo");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  /* it says nothing about any case, so it may outlive a lock */
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (f->window));
  gtk_window_destroy (GTK_WINDOW (about));
}

static void
skip (void)
{
  g_test_skip ("no display or no dbus-daemon: run under xvfb-run with dbus installed");
}

/* kept to the end, stopped but never taken down (see below) */
static GTestDBus *bus;

int
main (int   argc,
      char *argv[])
{
  g_autofree char *display = NULL;
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_autoptr(GError) error = NULL;
  int status;

  if ((g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
      || dbus_daemon == NULL)
    {
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/application/skipped", skip);
      return g_test_run ();
    }

  /* a private session bus before anything connects to one */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* GTestDBus clears the display too; Xvfb's is the one wanted */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  fake_session_start (g_test_dbus_get_bus_address (bus));
  the_app = amparo_application_new ();
  if (!g_application_register (G_APPLICATION (the_app), NULL, &error))
    g_error ("%s", error->message);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/application/screensaver-locks", test_screensaver_locks);
  ADD ("/application/shortcuts-window", test_shortcuts_window);
  ADD ("/application/about-dialog", test_about_dialog);
#undef ADD
  status = g_test_run ();

  g_clear_object (&the_app);
  g_main_loop_quit (fake.loop);
  g_thread_join (fake.thread);
  g_clear_object (&fake.connection);
  /* GTK keeps the session connection to the end: stop the bus rather than
   * take it down (which waits for the connection to go), and keep the
   * process alive when the connection closes */
  {
    g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

    if (session != NULL)
      g_dbus_connection_set_exit_on_close (session, FALSE);
  }
  g_test_dbus_stop (bus);
  return status;
}
