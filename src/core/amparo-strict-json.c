/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoStrictJson"

#include <string.h>

#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-strict-json.h"

/* json-glib 1.6 is a forgiving reader: it accepts comments, single-quoted
 * strings, octal and hex numbers, raw newlines in strings and a second
 * value after the first; it wraps integers past 2^64 around to small
 * values; it keeps the last of two members with the same name; it
 * recurses once per nesting level with no limit; and its error messages
 * quote the offending text. A file from outside must mean exactly one
 * thing, so before json-glib sees it a small lexer lets through only
 * RFC 8259 tokens, a single object, bounded depth and container count,
 * numbers of at most 16 digits (below 2^63, so nothing wraps) and
 * strings without NUL or unpaired surrogates. json-glib then checks the
 * grammar. Repeated members: the lexer counts the names written in each
 * object, in the order objects open, and an object json-glib built with
 * fewer members than that held a name twice. (json-glib's "object-member"
 * signal did this before; it doubled the cost of a parse.) */

#define MAX_DIGITS 16

/* An open object or list, as the lexer walks the text. */
typedef struct
{
  gboolean is_object;
  gboolean expect_name;   /* in an object: the next string is a member name */
  guint    slot;          /* in an object: its index in the member counts */
} Open;

static gboolean
refuse (GError    **error,
        const char *message)
{
  g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED, message);
  return FALSE;
}

static gboolean
refuse_at (GError      **error,
           const guchar *start,
           const guchar *p)
{
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED,
               _("The file is not well-formed JSON (at byte %u)."), (guint) (p - start));
  return FALSE;
}

static int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* *pp points at the opening quote; leaves it just past the closing one. */
static gboolean
lex_string (const guchar **pp,
            const guchar  *start,
            const guchar  *end,
            GError       **error)
{
  const guchar *p = *pp + 1;
  gboolean want_low = FALSE;

  while (p < end)
    {
      guchar c = *p;
      guint v = 0;

      if (c == '"' && !want_low)
        {
          *pp = p + 1;
          return TRUE;
        }
      if (c < 0x20)
        return refuse (error, _("The file holds text with a forbidden character."));
      if (c != '\\')
        {
          if (want_low)
            break;
          p++;
          continue;
        }
      if (p + 1 >= end)
        break;
      c = p[1];
      if (c != 'u')
        {
          if (want_low || strchr ("\"\\/bfnrt", c) == NULL)
            break;
          p += 2;
          continue;
        }
      if (end - p < 6)
        break;
      for (guint i = 2; i < 6; i++)
        {
          int h = hex_value (p[i]);
          if (h < 0)
            return refuse_at (error, start, p);
          v = v * 16 + (guint) h;
        }
      /* json-glib would cut the string at an escaped NUL, and turns a lone
       * surrogate into invalid UTF-8: neither may reach it. */
      if (v == 0)
        return refuse (error, _("The file holds text with a forbidden character."));
      if (v >= 0xD800 && v <= 0xDBFF)
        {
          if (want_low)
            break;
          want_low = TRUE;
        }
      else if (v >= 0xDC00 && v <= 0xDFFF)
        {
          if (!want_low)
            break;
          want_low = FALSE;
        }
      else if (want_low)
        break;
      p += 6;
    }
  return refuse_at (error, start, p);
}

static gboolean
lex_digits (const guchar **pp,
            const guchar  *end,
            guint         *n)
{
  const guchar *p = *pp;

  while (p < end && g_ascii_isdigit (*p))
    p++;
  *n = p - *pp;
  *pp = p;
  return *n > 0 && *n <= MAX_DIGITS;
}

static gboolean
lex_number (const guchar **pp,
            const guchar  *start,
            const guchar  *end,
            GError       **error)
{
  const guchar *p = *pp;
  guint n;

  if (*p == '-')
    p++;
  /* RFC 8259: no leading zeros, which json-glib would read as octal */
  if (p < end && *p == '0' && p + 1 < end && g_ascii_isdigit (p[1]))
    return refuse_at (error, start, p);
  if (!lex_digits (&p, end, &n))
    goto bad;
  if (p < end && *p == '.')
    {
      p++;
      if (!lex_digits (&p, end, &n))
        goto bad;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (!lex_digits (&p, end, &n))
        goto bad;
    }
  *pp = p;
  return TRUE;

bad:
  if (n > MAX_DIGITS)
    return refuse (error, _("The file holds a number that is too long."));
  return refuse_at (error, start, p);
}

static gboolean
lex_literal (const guchar **pp,
             const guchar  *end)
{
  static const char *const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if ((gsize) (end - *pp) >= n && memcmp (*pp, literals[i], n) == 0)
        {
          *pp += n;
          return TRUE;
        }
    }
  return FALSE;
}

/* @member_counts receives, per object in the order objects open, how
 * many member names the text gives it. */
static gboolean
lex (const char *data,
     gsize       len,
     guint       max_depth,
     guint       max_containers,
     GArray     *member_counts,
     GError    **error)
{
  const guchar *start = (const guchar *) data;
  const guchar *end = start + len;
  const guchar *p = start;
  guint depth = 0, containers = 0;
  gboolean root_seen = FALSE, root_closed = FALSE;
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (Open));

  while (p < end)
    {
      guchar c = *p;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          p++;
          continue;
        }
      if (root_closed)
        return refuse (error, _("The file has more after its end."));
      if (!root_seen && c != '{')
        return refuse_at (error, start, p);
      root_seen = TRUE;

      switch (c)
        {
        case '{':
        case '[':
          if (++depth > max_depth)
            return refuse (error, _("The file is nested more deeply than its format allows."));
          if (++containers > max_containers)
            return refuse (error,
                           _("The file holds more lists and objects than its format allows."));
          {
            Open o = { c == '{', c == '{', member_counts->len };
            guint zero = 0;

            g_array_append_val (open, o);
            if (o.is_object)
              g_array_append_val (member_counts, zero);
          }
          p++;
          break;

        case '}':
        case ']':
          if (depth == 0)
            return refuse_at (error, start, p);
          if (--depth == 0)
            root_closed = TRUE;
          g_array_set_size (open, open->len - 1);
          p++;
          break;

        case ',':
          if (open->len > 0 && g_array_index (open, Open, open->len - 1).is_object)
            g_array_index (open, Open, open->len - 1).expect_name = TRUE;
          p++;
          break;

        case ':':
          p++;
          break;

        case '"':
          if (!lex_string (&p, start, end, error))
            return FALSE;
          if (open->len > 0 && g_array_index (open, Open, open->len - 1).expect_name)
            {
              Open *o = &g_array_index (open, Open, open->len - 1);

              o->expect_name = FALSE;
              g_array_index (member_counts, guint, o->slot)++;
            }
          break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!lex_number (&p, start, end, error))
            return FALSE;
          break;

        default:
          if (!lex_literal (&p, end))
            return refuse_at (error, start, p);
          break;
        }
    }
  if (!root_closed)
    return refuse (error, _("The file is cut short or empty."));
  return TRUE;
}

/* Walks objects in the order they open in the text (json-glib keeps
 * members in the order read); FALSE at the first object with fewer
 * members than names were written in it. */
static gboolean
members_all_kept (JsonNode *node,
                  GArray   *member_counts,
                  guint    *next)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) values = NULL;
      guint slot = (*next)++;

      if (slot >= member_counts->len
          || json_object_get_size (object) != g_array_index (member_counts, guint, slot))
        return FALSE;
      values = json_object_get_values (object);
      for (GList *l = values; l != NULL; l = l->next)
        if (!members_all_kept (l->data, member_counts, next))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        if (!members_all_kept (json_array_get_element (array, i), member_counts, next))
          return FALSE;
    }
  return TRUE;
}

/**
 * amparo_json_parse_strict:
 * @data: the text, not necessarily NUL-terminated
 * @len: its length in bytes
 * @max_depth: deepest nesting of objects and lists the format has
 * @max_containers: most objects and lists a valid file can hold
 * @error: return location for an error
 *
 * Parses a JSON object from outside, refusing anything that is not
 * plain RFC 8259 JSON or that could be read in two ways.
 *
 * Returns: (transfer full): the root node, always an object
 */
JsonNode *
amparo_json_parse_strict (const char *data,
                          gsize       len,
                          guint       max_depth,
                          guint       max_containers,
                          GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GArray) member_counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  guint next = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (len <= G_MAXSSIZE, NULL);

  /* (NULL, 0) is an empty text; pointer arithmetic on NULL is not
   * defined (UBSan caught it replaying the fuzz corpus). */
  if (data == NULL)
    data = "";
  if (!g_utf8_validate_len (data, len, NULL))
    {
      refuse (error, _("The file is not valid UTF-8 text."));
      return NULL;
    }
  if (!lex (data, len, max_depth, max_containers, member_counts, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* json-glib's message quotes the file: say only that it failed. */
      g_debug ("json-glib refused the file (code %d)", local_error->code);
      refuse (error, _("The file is not well-formed JSON."));
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, json_node_unref);
      refuse (error, _("The file is not well-formed JSON."));
      return NULL;
    }
  if (!members_all_kept (root, member_counts, &next) || next != member_counts->len)
    {
      json_node_unref (root);
      refuse (error, _("The file has the same member twice in one object."));
      return NULL;
    }
  return root;
}

/**
 * amparo_json_check_members:
 * @object: an object from a strict parse
 * @allowed: (array zero-terminated=1): every member name it may hold
 * @where: translated words for @object, used in messages
 * @error: return location for an error
 *
 * Returns: %TRUE if @object holds no member outside @allowed. Missing
 *   members are found by the getters below.
 */
gboolean
amparo_json_check_members (JsonObject         *object,
                           const char * const *allowed,
                           const char         *where,
                           GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        /* Never name it: the name came from the file. */
        g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED,
                     _("There is a member that is not allowed in %s."), where);
        return FALSE;
      }
  return TRUE;
}

/* Only integers written without fraction or exponent: json-glib makes
 * "1.0" and "1e2" doubles, which a count must never be. */
gboolean
amparo_json_node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

static JsonNode *
get_member (JsonObject *object,
            const char *member,
            const char *where,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED,
                 _("The member “%s” is missing from %s."), member, where);
  return node;
}

static gboolean
wrong_type (GError    **error,
            const char *member,
            const char *where,
            const char *what)
{
  /* Translators: the last %s is e.g. “a whole number” or “text” */
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED,
               _("The member “%s” of %s must be %s."), member, where, what);
  return FALSE;
}

gboolean
amparo_json_get_int (JsonObject *object,
                     const char *member,
                     const char *where,
                     gint64      min,
                     gint64      max,
                     gint64     *out,
                     GError    **error)
{
  JsonNode *node = get_member (object, member, where, error);
  gint64 v;

  if (node == NULL)
    return FALSE;
  if (!amparo_json_node_is_int (node))
    return wrong_type (error, member, where, _("a whole number"));
  v = json_node_get_int (node);
  if (v < min || v > max)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED,
                   _("The member “%s” of %s is out of range."), member, where);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

const char *
amparo_json_get_string (JsonObject *object,
                        const char *member,
                        const char *where,
                        GError    **error)
{
  JsonNode *node = get_member (object, member, where, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      wrong_type (error, member, where, _("text"));
      return NULL;
    }
  return json_node_get_string (node);
}

gboolean
amparo_json_get_boolean (JsonObject *object,
                         const char *member,
                         const char *where,
                         gboolean   *out,
                         GError    **error)
{
  JsonNode *node = get_member (object, member, where, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (error, member, where, _("true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

JsonArray *
amparo_json_get_array (JsonObject *object,
                       const char *member,
                       const char *where,
                       GError    **error)
{
  JsonNode *node = get_member (object, member, where, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      wrong_type (error, member, where, _("a list"));
      return NULL;
    }
  return json_node_get_array (node);
}

JsonObject *
amparo_json_get_object (JsonObject *object,
                        const char *member,
                        const char *where,
                        GError    **error)
{
  JsonNode *node = get_member (object, member, where, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (error, member, where, _("an object"));
      return NULL;
    }
  return json_node_get_object (node);
}
