/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoForms"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-consent.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-forms.h"
#include "amparo-forms-private.h"
#include "amparo-partners.h"
#include "amparo-vault.h"

/* Printable referral and release forms (PDF through cairo, text through
 * Pango so accents and any script render).
 *
 * The referral form carries the case's reference code. Identifying
 * details go on it only when amparo_release_covers() says, at the moment
 * of printing, that the survivor's release to that partner covers them:
 * `identity` for name and birth date, `contact` for phones, email,
 * address and safe-contact instructions. The decision is made here, in
 * core, inside the same transaction that records the disclosure, so no
 * caller can print more than a release allows and a revocation recorded
 * a moment earlier is always seen. An address marked "confidential
 * location" is never printed.
 *
 * The release form is for the survivor to sign. It prints no
 * identifying details at all (she writes her own name), so a copy left
 * on a printer names no one. */

#define PAGE_WIDTH    612.0   /* US Letter, in points */
#define PAGE_HEIGHT   792.0
#define MARGIN        48.0
#define FOOTER_HEIGHT 28.0
#define BODY_SIZE     10.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define CONTENT_BOTTOM (PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT)

typedef struct
{
  int      fd;
  gboolean failed;
  int      saved_errno;
} Sink;

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  PangoContext    *context;
  const char      *lang;
  const char      *ref_code;
  double           y;
  guint            page;
} Doc;

typedef struct
{
  char     *first_name;
  char     *last_name;
  char     *preferred_name;
  char     *birth_date;
  char     *email;
  char     *address;
  gboolean  confidential_location;
  char     *safe_contact;
  GPtrArray *phones;   /* of char *, already worded */
} Person;

/* ------------------------------------------------------------ helpers */

static void
person_free (Person *p)
{
  if (p == NULL)
    return;
  g_free (p->first_name);
  g_free (p->last_name);
  g_free (p->preferred_name);
  g_free (p->birth_date);
  g_free (p->email);
  g_free (p->address);
  g_free (p->safe_contact);
  g_clear_pointer (&p->phones, g_ptr_array_unref);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Person, person_free)

static cairo_status_t
sink_write_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          sink->failed = TRUE;
          sink->saved_errno = n < 0 ? errno : ENOSPC;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
doc_layout (Doc        *doc,
            const char *markup,
            double      size,
            double      width)
{
  PangoLayout *layout = pango_layout_new (doc->context);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static void
doc_footer (Doc *doc)
{
  g_autofree char *page = g_strdup_printf (amparo_forms_text (FORM_PAGE, doc->lang), doc->page);
  g_autofree char *markup = g_markup_printf_escaped ("%s · %s %s · %s",
                                                     amparo_forms_text (FORM_CONFIDENTIAL, doc->lang),
                                                     amparo_forms_text (FORM_REF_CODE, doc->lang),
                                                     doc->ref_code, page);
  g_autoptr(PangoLayout) layout = doc_layout (doc, markup, 8, CONTENT_WIDTH);

  cairo_set_source_rgb (doc->cr, 0.3, 0.3, 0.3);
  cairo_move_to (doc->cr, MARGIN, PAGE_HEIGHT - MARGIN - 10);
  pango_cairo_show_layout (doc->cr, layout);
  cairo_set_source_rgb (doc->cr, 0, 0, 0);
}

static void
doc_new_page (Doc *doc)
{
  doc_footer (doc);
  cairo_show_page (doc->cr);
  doc->page++;
  doc->y = MARGIN;
}

/* Draws @markup line by line so long text flows onto further pages. */
static void
doc_text (Doc        *doc,
          const char *markup,
          double      size,
          double      indent,
          double      space_after)
{
  g_autoptr(PangoLayout) layout = doc_layout (doc, markup, size, CONTENT_WIDTH - indent);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double offset = 0, height;
  int layout_height;

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      double top, line_height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      line_height = (double) logical.height / PANGO_SCALE;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      if (doc->y + (top - offset) + line_height > CONTENT_BOTTOM)
        {
          /* the lines drawn so far stay on this page */
          doc->y += top - offset;
          doc_new_page (doc);
          offset = top;
        }
      cairo_move_to (doc->cr, MARGIN + indent + (double) logical.x / PANGO_SCALE,
                     doc->y + baseline - offset);
      pango_cairo_show_layout_line (doc->cr, line);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  pango_layout_get_size (layout, NULL, &layout_height);
  height = (double) layout_height / PANGO_SCALE;
  doc->y += height - offset + space_after;
}

static void
doc_title (Doc        *doc,
           const char *title)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", title);

  doc_text (doc, markup, 16, 0, 8);
}

static void
doc_heading (Doc        *doc,
             const char *heading)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", heading);

  /* a heading never ends a page */
  if (doc->y + 60 > CONTENT_BOTTOM)
    doc_new_page (doc);
  doc->y += 4;
  doc_text (doc, markup, 11.5, 0, 3);
}

static void
doc_strong (Doc        *doc,
            const char *text)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);

  doc_text (doc, markup, BODY_SIZE, 0, 6);
}

static void
doc_paragraph (Doc        *doc,
               const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  doc_text (doc, markup, BODY_SIZE, 0, 6);
}

static void
doc_field (Doc        *doc,
           const char *label,
           const char *value)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s:</b> %s", label, value);

  doc_text (doc, markup, BODY_SIZE, 0, 4);
}

static void
doc_check (Doc        *doc,
           gboolean    checked,
           const char *text)
{
  g_autofree char *markup = g_markup_printf_escaped ("%s  %s", checked ? "☒" : "☐", text);

  doc_text (doc, markup, BODY_SIZE, 12, 3);
}

static void
doc_rule (Doc *doc)
{
  doc->y += 4;
  cairo_set_line_width (doc->cr, 0.6);
  cairo_move_to (doc->cr, MARGIN, doc->y);
  cairo_line_to (doc->cr, PAGE_WIDTH - MARGIN, doc->y);
  cairo_stroke (doc->cr);
  doc->y += 10;
}

/* A line to write on, with its caption underneath; two side by side. */
static void
doc_sign_lines (Doc        *doc,
                const char *left,
                const char *right)
{
  const double gap = 24, left_width = CONTENT_WIDTH * 0.62;
  const double right_x = MARGIN + left_width + gap;
  g_autofree char *left_markup = g_markup_escape_text (left, -1);
  g_autofree char *right_markup = right != NULL ? g_markup_escape_text (right, -1) : NULL;
  g_autoptr(PangoLayout) l = NULL;
  g_autoptr(PangoLayout) r = NULL;

  if (doc->y + 40 > CONTENT_BOTTOM)
    doc_new_page (doc);
  doc->y += 24;
  cairo_set_line_width (doc->cr, 0.8);
  cairo_move_to (doc->cr, MARGIN, doc->y);
  cairo_line_to (doc->cr, MARGIN + left_width, doc->y);
  if (right != NULL)
    {
      cairo_move_to (doc->cr, right_x, doc->y);
      cairo_line_to (doc->cr, PAGE_WIDTH - MARGIN, doc->y);
    }
  cairo_stroke (doc->cr);
  doc->y += 3;
  l = doc_layout (doc, left_markup, 9, left_width);
  cairo_move_to (doc->cr, MARGIN, doc->y);
  pango_cairo_show_layout (doc->cr, l);
  if (right != NULL)
    {
      r = doc_layout (doc, right_markup, 9, PAGE_WIDTH - MARGIN - right_x);
      cairo_move_to (doc->cr, right_x, doc->y);
      pango_cairo_show_layout (doc->cr, r);
    }
  doc->y += 12;
}

/* Opens a PDF document writing to @fd. */
static void
doc_begin (Doc        *doc,
           Sink       *sink,
           const char *lang,
           const char *ref_code,
           const char *title)
{
  doc->surface = cairo_pdf_surface_create_for_stream (sink_write_cb, sink, PAGE_WIDTH, PAGE_HEIGHT);
  /* metadata says what the form is, never whom it is about */
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_CREATOR, "Amparo");
  doc->cr = cairo_create (doc->surface);
  doc->context = pango_cairo_create_context (doc->cr);
  /* one Pango unit per PDF point, so sizes are in points */
  pango_cairo_context_set_resolution (doc->context, 72);
  doc->lang = lang;
  doc->ref_code = ref_code;
  doc->y = MARGIN;
  doc->page = 1;
}

static gboolean
doc_end (Doc     *doc,
         Sink    *sink,
         GError **error)
{
  cairo_status_t status;

  doc_footer (doc);
  cairo_show_page (doc->cr);
  g_clear_object (&doc->context);
  g_clear_pointer (&doc->cr, cairo_destroy);
  cairo_surface_finish (doc->surface);
  status = cairo_surface_status (doc->surface);
  g_clear_pointer (&doc->surface, cairo_surface_destroy);
  if (sink->failed || status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO, _("Could not write the form: %s"),
                   sink->failed ? g_strerror (sink->saved_errno) : cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* A temporary file beside @path, so the form appears under its name
 * only once complete. */
static char *
open_temp (const char *path,
           int        *out_fd,
           GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmpl = g_build_filename (dir, ".amparo-form-XXXXXX.part", NULL);
  int saved;

  *out_fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC, 0600);
  if (*out_fd < 0)
    {
      saved = errno;
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO, _("Could not write the form: %s"),
                   g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&tmpl);
}

static gboolean
close_temp (int      fd,
            GError **error)
{
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO, _("Could not write the form: %s"),
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
publish (const char *tmp,
         const char *path,
         GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO, _("Could not write the form: %s"),
                   g_strerror (saved));
      return FALSE;
    }
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}

static Person *
read_person (AmparoVault *vault,
             gint64       case_id,
             const char  *lang,
             GError     **error)
{
  g_autoptr(Person) p = g_new0 (Person, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) phones = NULL;
  sqlite3 *db = amparo_vault_get_contacts_db (vault, error);
  int rc;

  if (db == NULL)
    return NULL;
  p->phones = g_ptr_array_new_with_free_func (g_free);
  p->confidential_location = TRUE;
  stmt = amparo_db_prepare (db,
                            "SELECT first_name, last_name, preferred_name, birth_date, email,"
                            " address, confidential_location, safe_contact FROM people"
                            " WHERE case_id = ?;",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      p->first_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      p->last_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      p->preferred_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      p->birth_date = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      p->email = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      p->address = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      p->confidential_location = sqlite3_column_int (stmt, 6) != 0;
      p->safe_contact = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
    }
  phones = amparo_db_prepare (db, "SELECT number, safe_to_call, text_ok, voicemail_ok FROM phones"
                                  " WHERE case_id = ? ORDER BY id;", error);
  if (phones == NULL)
    return NULL;
  sqlite3_bind_int64 (phones, 1, case_id);
  while ((rc = sqlite3_step (phones)) == SQLITE_ROW)
    {
      const char *yes = amparo_forms_text (FORM_YES, lang), *no = amparo_forms_text (FORM_NO, lang);
      g_autofree char *flags = g_strdup_printf (amparo_forms_text (FORM_PHONE_FLAGS, lang),
                                                sqlite3_column_int (phones, 1) ? yes : no,
                                                sqlite3_column_int (phones, 2) ? yes : no,
                                                sqlite3_column_int (phones, 3) ? yes : no);

      g_ptr_array_add (p->phones, g_strdup_printf ("%s (%s)",
                                                   (const char *) sqlite3_column_text (phones, 0),
                                                   flags));
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&p);
}

static const char *
or_unspecified (const char *value,
                const char *lang)
{
  return value != NULL && value[0] != '\0' ? value : amparo_forms_text (FORM_NOT_SPECIFIED, lang);
}

static gboolean
check_request (AmparoVault *vault,
               const char  *lang,
               const char  *path,
               GError     **error)
{
  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  if (!amparo_forms_lang_is_valid (lang))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("Forms can be printed in English (en) or Spanish (es)"));
      return FALSE;
    }
  if (path == NULL || path[0] == '\0')
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID, _("No file was given"));
      return FALSE;
    }
  return TRUE;
}

static gint64
record_disclosure (sqlite3                *db,
                   AmparoVault            *vault,
                   const char             *kind,
                   gint64                  case_id,
                   const AmparoPartner    *partner,
                   const char             *scope,
                   gint64                  release_id,
                   const char             *today,
                   GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    amparo_db_prepare (db,
                       "INSERT INTO disclosures (case_id, date, kind, partner_id, recipient_sector,"
                       " scope, release_id, staff) VALUES (?, ?, ?, ?, ?, ?, ?, ?);",
                       error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, partner->id);
  sqlite3_bind_text (stmt, 5, partner->sector, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, scope, -1, SQLITE_TRANSIENT);
  if (release_id > 0)
    sqlite3_bind_int64 (stmt, 7, release_id);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_text (stmt, 8, amparo_vault_get_user (vault), -1, SQLITE_TRANSIENT);
  if (!amparo_db_step_done (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (db);
}

/* ----------------------------------------------------- referral form */

static void
draw_referral (Doc                  *doc,
               const char           *agency,
               const AmparoReferral *referral,
               const AmparoPartner  *partner,
               const char           *today,
               const Person         *person,
               gboolean              identity,
               gboolean              contact,
               const AmparoRelease  *release)
{
  const char *lang = doc->lang;
  g_autofree char *date = amparo_forms_format_date (today, lang);
  g_autofree char *to = g_strdup_printf ("%s (%s)", partner->name,
                                         amparo_forms_code_label ("sector", partner->sector, lang));
  const char *service = NULL;

  if (referral->service_needed != NULL)
    service = amparo_forms_code_label (amparo_code_is_valid ("voca", referral->service_needed)
                                         ? "voca" : "service_type",
                                       referral->service_needed, lang);

  doc_title (doc, amparo_forms_text (FORM_REFERRAL_TITLE, lang));
  doc_field (doc, amparo_forms_text (FORM_FROM, lang), agency);
  doc_field (doc, amparo_forms_text (FORM_TO, lang), to);
  if (partner->contact_person != NULL)
    doc_field (doc, amparo_forms_text (FORM_PARTNER_CONTACT, lang), partner->contact_person);
  doc_field (doc, amparo_forms_text (FORM_DATE, lang), date);
  doc_field (doc, amparo_forms_text (FORM_REF_CODE, lang), referral->ref_code);
  doc_field (doc, amparo_forms_text (FORM_SERVICE, lang), or_unspecified (service, lang));
  doc_field (doc, amparo_forms_text (FORM_WARM, lang),
             amparo_forms_text (referral->warm ? FORM_YES : FORM_NO, lang));
  doc_rule (doc);

  doc_heading (doc, amparo_forms_text (FORM_IDENTIFYING, lang));
  if (!identity && !contact)
    {
      doc_paragraph (doc, amparo_forms_text (FORM_NO_IDENTIFYING, lang));
    }
  else
    {
      g_autofree char *until = amparo_forms_format_date (release->expires, lang);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, release->id);
      g_autofree char *grounds = g_strdup_printf (amparo_forms_text (FORM_UNDER_RELEASE, lang),
                                                  number, until);

      if (identity)
        {
          g_autofree char *name = g_strjoin (" ", person->first_name ? person->first_name : "",
                                             person->last_name ? person->last_name : "", NULL);
          g_autofree char *birth = person->birth_date != NULL
                                     ? amparo_forms_format_date (person->birth_date, lang) : NULL;

          doc_field (doc, amparo_forms_text (FORM_NAME, lang), or_unspecified (g_strstrip (name), lang));
          if (person->preferred_name != NULL)
            doc_field (doc, amparo_forms_text (FORM_PREFERRED_NAME, lang), person->preferred_name);
          doc_field (doc, amparo_forms_text (FORM_BIRTH_DATE, lang), or_unspecified (birth, lang));
        }
      else
        doc_paragraph (doc, amparo_forms_text (FORM_NO_IDENTITY, lang));
      if (contact)
        {
          for (guint i = 0; i < person->phones->len; i++)
            doc_field (doc, amparo_forms_text (FORM_PHONE, lang),
                       g_ptr_array_index (person->phones, i));
          if (person->phones->len == 0)
            doc_field (doc, amparo_forms_text (FORM_PHONE, lang), or_unspecified (NULL, lang));
          doc_field (doc, amparo_forms_text (FORM_EMAIL, lang), or_unspecified (person->email, lang));
          doc_field (doc, amparo_forms_text (FORM_ADDRESS, lang),
                     person->confidential_location
                       ? amparo_forms_text (FORM_CONFIDENTIAL_LOCATION, lang)
                       : or_unspecified (person->address, lang));
          if (person->safe_contact != NULL)
            doc_field (doc, amparo_forms_text (FORM_SAFE_CONTACT, lang), person->safe_contact);
        }
      else
        doc_paragraph (doc, amparo_forms_text (FORM_NO_CONTACT, lang));
      doc->y += 4;
      doc_paragraph (doc, grounds);
    }
  doc_rule (doc);
  doc_paragraph (doc, amparo_forms_text (FORM_REFERRAL_FOOTER, lang));
}

/**
 * amparo_forms_referral_scope:
 * @on_date: `YYYY-MM-DD`, normally today
 *
 * What a referral form printed on @on_date would include beyond the
 * reference code, for showing before printing.
 *
 * Returns: (transfer full): the `release_scope` codes (`identity`,
 *   `contact`) a current release covers; empty when none
 */
GStrv
amparo_forms_referral_scope (AmparoVault *vault,
                             gint64       referral_id,
                             const char  *on_date,
                             GError     **error)
{
  g_autoptr(AmparoReferral) referral = NULL;
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  referral = amparo_referrals_get (vault, referral_id, error);
  if (referral == NULL)
    return NULL;
  if (referral->partner_id > 0)
    {
      if (amparo_release_covers (vault, referral->case_id, referral->partner_id, "identity", on_date))
        g_strv_builder_add (out, "identity");
      if (amparo_release_covers (vault, referral->case_id, referral->partner_id, "contact", on_date))
        g_strv_builder_add (out, "contact");
    }
  return g_strv_builder_end (out);
}

/**
 * amparo_forms_referral_pdf:
 * @lang: `en` or `es`, the form's language, whatever the interface's
 * @path: where to write the PDF (replaced if it exists)
 *
 * Prints the form for an outgoing referral. Identifying details are
 * included only as far as a release to the referral's partner covers
 * them today (see the top of this file). Records a disclosure (kind
 * `referral`, the scope actually included, the release relied on) and
 * logs `print.referral` with the case number and partner id.
 */
gboolean
amparo_forms_referral_pdf (AmparoVault *vault,
                           gint64       referral_id,
                           const char  *lang,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(AmparoReferral) referral = NULL;
  g_autoptr(AmparoPartner) partner = NULL;
  g_autoptr(AmparoRelease) release = NULL;
  g_autoptr(Person) person = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *agency = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(sqlite3_stmt) link = NULL;
  Sink sink = { -1, FALSE, 0 };
  Doc doc = { 0 };
  gboolean identity = FALSE, contact = FALSE, published = FALSE;
  gint64 disclosure;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);

  if (!check_request (vault, lang, path, error))
    return FALSE;
  referral = amparo_referrals_get (vault, referral_id, error);
  if (referral == NULL)
    return FALSE;
  if (!g_str_equal (referral->direction, "out") || referral->partner_id == 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("A referral form is printed only for a referral out to a partner"));
      return FALSE;
    }
  partner = amparo_partners_get (vault, referral->partner_id, error);
  if (partner == NULL)
    return FALSE;
  agency = amparo_vault_get_setting (vault, "agency_name");
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;

  /* decided now, inside the transaction that records the disclosure */
  identity = amparo_release_covers (vault, referral->case_id, partner->id, "identity", today);
  contact = amparo_release_covers (vault, referral->case_id, partner->id, "contact", today);
  if (identity || contact)
    {
      release = amparo_releases_find_current (vault, referral->case_id, partner->id, today, error);
      if (release == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED, _("No such release"));
          goto fail;
        }
      person = read_person (vault, referral->case_id, lang, error);
      if (person == NULL)
        goto fail;
    }
  scope = g_strdup (identity && contact ? "identity|contact"
                    : identity          ? "identity"
                    : contact           ? "contact"
                                        : "");

  tmp = open_temp (path, &sink.fd, error);
  if (tmp == NULL)
    goto fail;
  doc_begin (&doc, &sink, lang, referral->ref_code, amparo_forms_text (FORM_REFERRAL_TITLE, lang));
  draw_referral (&doc, agency != NULL ? agency : "", referral, partner, today, person, identity,
                 contact, release);
  if (!doc_end (&doc, &sink, error))
    goto fail;
  if (!close_temp (sink.fd, error))
    {
      sink.fd = -1;
      goto fail;
    }
  sink.fd = -1;

  disclosure = record_disclosure (db, vault, "referral", referral->case_id, partner, scope,
                                  release != NULL ? release->id : 0, today, error);
  if (disclosure == 0)
    goto fail;
  if (release != NULL)
    {
      link = amparo_db_prepare (db, "UPDATE referrals SET release_id = ? WHERE id = ?;", error);
      if (link == NULL)
        goto fail;
      sqlite3_bind_int64 (link, 1, release->id);
      sqlite3_bind_int64 (link, 2, referral->id);
      if (!amparo_db_step_done (db, link, error))
        goto fail;
    }
  detail = g_strdup_printf ("referral=%" G_GINT64_FORMAT " partner=%" G_GINT64_FORMAT
                            " disclosure=%" G_GINT64_FORMAT " scope=%s release=%" G_GINT64_FORMAT
                            " lang=%s",
                            referral->id, partner->id, disclosure, scope[0] ? scope : "-",
                            release != NULL ? release->id : 0, lang);
  if (!amparo_vault_audit (vault, "print.referral", referral->case_id, detail, error))
    goto fail;
  if (!publish (tmp, path, error))
    goto fail;
  published = TRUE;
  if (!amparo_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  amparo_db_rollback (db);
  if (sink.fd >= 0)
    close (sink.fd);
  if (tmp != NULL)
    g_unlink (published ? path : tmp);
  return FALSE;
}

/* ------------------------------------------------------ release form */

static void
draw_release (Doc                 *doc,
              const char          *agency,
              const AmparoRelease *release,
              const AmparoPartner *partner,
              const char          *today)
{
  const char *lang = doc->lang;
  const AmparoCategory *scopes = amparo_category_lookup ("release_scope");
  g_autofree char *intro = g_strdup_printf (amparo_forms_text (FORM_RELEASE_INTRO, lang), agency,
                                            partner->name);
  g_autofree char *to = g_strdup_printf ("%s (%s)", partner->name,
                                         amparo_forms_code_label ("sector", partner->sector, lang));
  g_autofree char *from = amparo_forms_format_date (release->signed_date, lang);
  g_autofree char *until = amparo_forms_format_date (release->expires, lang);
  g_autofree char *valid = g_strdup_printf (amparo_forms_text (FORM_RELEASE_VALID, lang), from,
                                            until);
  g_autofree char *revoke = g_strdup_printf (amparo_forms_text (FORM_RELEASE_REVOKE, lang), agency);
  g_autofree char *risks = g_strdup_printf (amparo_forms_text (FORM_RELEASE_RISKS, lang), agency);
  g_autofree char *date = amparo_forms_format_date (today, lang);
  AmparoReleaseState state = amparo_release_state (release, today);

  doc_title (doc, amparo_forms_text (FORM_RELEASE_TITLE, lang));
  doc_strong (doc, agency);
  doc_field (doc, amparo_forms_text (FORM_REF_CODE, lang), release->ref_code);
  doc_field (doc, amparo_forms_text (FORM_DATE, lang), date);
  if (state == AMPARO_RELEASE_REVOKED || state == AMPARO_RELEASE_EXPIRED)
    {
      g_autofree char *when = amparo_forms_format_date (state == AMPARO_RELEASE_REVOKED
                                                          ? release->revoked : release->expires,
                                                        lang);
      g_autofree char *text = g_strdup_printf (amparo_forms_text (state == AMPARO_RELEASE_REVOKED
                                                                    ? FORM_RELEASE_STATE_REVOKED
                                                                    : FORM_RELEASE_STATE_EXPIRED,
                                                                  lang),
                                               when);
      doc_strong (doc, text);
    }
  doc_rule (doc);
  doc_paragraph (doc, intro);

  doc_heading (doc, amparo_forms_text (FORM_RELEASE_RECEIVER, lang));
  doc_paragraph (doc, to);
  if (partner->duties != NULL)
    doc_field (doc, amparo_forms_text (FORM_RELEASE_DUTIES, lang), partner->duties);
  doc_paragraph (doc, risks);

  doc_heading (doc, amparo_forms_text (FORM_RELEASE_WHAT, lang));
  for (const AmparoCode *c = scopes->codes; c->code != NULL; c++)
    doc_check (doc, amparo_release_has_scope (release, c->code),
               amparo_forms_code_label ("release_scope", c->code, lang));
  doc->y += 4;

  doc_heading (doc, amparo_forms_text (FORM_RELEASE_PURPOSE, lang));
  doc_paragraph (doc, amparo_forms_code_label ("release_purpose", release->purpose, lang));

  doc_heading (doc, amparo_forms_text (FORM_RELEASE_UNTIL_HEADING, lang));
  doc_paragraph (doc, valid);
  doc_paragraph (doc, amparo_forms_text (release->verbal ? FORM_RELEASE_VERBAL
                                                         : FORM_RELEASE_WRITTEN, lang));

  doc_heading (doc, amparo_forms_text (FORM_RELEASE_REVOKE_HEADING, lang));
  doc_paragraph (doc, revoke);
  doc_paragraph (doc, amparo_forms_text (FORM_RELEASE_VOLUNTARY, lang));

  doc_sign_lines (doc, amparo_forms_text (FORM_RELEASE_SIGNATURE, lang),
                  amparo_forms_text (FORM_DATE, lang));
  doc_sign_lines (doc, amparo_forms_text (FORM_RELEASE_PRINTED_NAME, lang), NULL);
  doc_sign_lines (doc, amparo_forms_text (FORM_RELEASE_STAFF, lang),
                  amparo_forms_text (FORM_DATE, lang));
  doc->y += 6;
  doc_paragraph (doc, amparo_forms_text (FORM_RELEASE_COPY, lang));
}

/**
 * amparo_forms_release_pdf:
 * @lang: `en` or `es`, the form's language, whatever the interface's
 * @path: where to write the PDF (replaced if it exists)
 *
 * Prints a release-of-information form for the survivor to sign: who may
 * share what with whom, why, until when, written or verbal, and her right
 * to revoke it at any time and how. It carries the reference code and no
 * identifying details, and goes to the survivor, not the partner, so it
 * is not a disclosure; it is logged as `print.release`.
 */
gboolean
amparo_forms_release_pdf (AmparoVault *vault,
                          gint64       release_id,
                          const char  *lang,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(AmparoRelease) release = NULL;
  g_autoptr(AmparoPartner) partner = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *agency = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *detail = NULL;
  Sink sink = { -1, FALSE, 0 };
  Doc doc = { 0 };
  gboolean published = FALSE;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);

  if (!check_request (vault, lang, path, error))
    return FALSE;
  release = amparo_releases_get (vault, release_id, error);
  if (release == NULL)
    return FALSE;
  partner = amparo_partners_get (vault, release->partner_id, error);
  if (partner == NULL)
    return FALSE;
  agency = amparo_vault_get_setting (vault, "agency_name");
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;

  tmp = open_temp (path, &sink.fd, error);
  if (tmp == NULL)
    goto fail;
  doc_begin (&doc, &sink, lang, release->ref_code, amparo_forms_text (FORM_RELEASE_TITLE, lang));
  draw_release (&doc, agency != NULL ? agency : "", release, partner, today);
  if (!doc_end (&doc, &sink, error))
    goto fail;
  if (!close_temp (sink.fd, error))
    {
      sink.fd = -1;
      goto fail;
    }
  sink.fd = -1;

  detail = g_strdup_printf ("release=%" G_GINT64_FORMAT " partner=%" G_GINT64_FORMAT " lang=%s",
                            release->id, partner->id, lang);
  if (!amparo_vault_audit (vault, "print.release", release->case_id, detail, error)
      || !publish (tmp, path, error))
    goto fail;
  published = TRUE;
  if (!amparo_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  amparo_db_rollback (db);
  if (sink.fd >= 0)
    close (sink.fd);
  if (tmp != NULL)
    g_unlink (published ? path : tmp);
  return FALSE;
}
