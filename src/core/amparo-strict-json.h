/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Internal to core: strict reading of JSON files that come from outside
 * (summaries, cards). Every failure is AMPARO_ERROR_MALFORMED and no
 * message ever quotes the file's contents. */

JsonNode   *amparo_json_parse_strict  (const char         *data,
                                       gsize               len,
                                       guint               max_depth,
                                       guint               max_containers,
                                       GError            **error);

gboolean    amparo_json_check_members (JsonObject         *object,
                                       const char * const *allowed,
                                       const char         *where,
                                       GError            **error);

gboolean    amparo_json_node_is_int   (JsonNode           *node);

gboolean    amparo_json_get_int       (JsonObject         *object,
                                       const char         *member,
                                       const char         *where,
                                       gint64              min,
                                       gint64              max,
                                       gint64             *out,
                                       GError            **error);
const char *amparo_json_get_string    (JsonObject         *object,
                                       const char         *member,
                                       const char         *where,
                                       GError            **error);
gboolean    amparo_json_get_boolean   (JsonObject         *object,
                                       const char         *member,
                                       const char         *where,
                                       gboolean           *out,
                                       GError            **error);
JsonArray  *amparo_json_get_array     (JsonObject         *object,
                                       const char         *member,
                                       const char         *where,
                                       GError            **error);
JsonObject *amparo_json_get_object    (JsonObject         *object,
                                       const char         *member,
                                       const char         *where,
                                       GError            **error);

G_END_DECLS
