// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the scenario loader (INI parsing, option tables, value
 * parsers, cross-section validation) and the effective-configuration writer.
 * The first line of the input, when it starts with "--set ", is also applied
 * as a command-line override, so override parsing is fuzzed with it.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct sc_override ov[1];
	struct scenario *s = NULL;
	char *err = NULL, *body;
	size_t n_ov = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	body = text;
	if (!strncmp(text, "--set ", 6)) {
		char *nl = strchr(text, '\n');
		if (nl) {
			*nl = '\0';
			body = nl + 1;
		}
		if (sc_override_parse(text + 6, &ov[0]) == 0)
			n_ov = 1;
	}
	if (scenario_load_string(body, "fuzz", "fuzz.ini", ov, n_ov, &s, &err) == 0) {
		free(scenario_effective(s));
		scenario_free(s);
	} else if (!err || !*err) {
		abort(); /* every refusal must say why */
	}
	free(err);
	for (size_t i = 0; i < n_ov; i++)
		sc_override_release(&ov[i]);
	free(text);
	return 0;
}
