/* fuzz_extract.c - libFuzzer target: fact extraction on one note.
 *
 * The bytes are repaired as the importer repairs note text, extracted, and
 * the facts written as the --facts CSV (which takes evidence snippets), so
 * every offset a pattern reports is used. The extractor is made once, as in
 * a run. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "sites.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static da_sites *sites;
static da_drugs *drugs;
static da_extractor *extractor;
static FILE *sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!extractor) {
        if (da_sites_load(&sites) != DA_OK || da_drugs_load(&drugs) != DA_OK ||
            da_extractor_new(&extractor, sites, drugs) != DA_OK)
            abort();
        sink = fopen("/dev/null", "w");
        if (!sink)
            abort();
    }
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    size_t len = size;
    da_utf8_repair(text, &len);
    text[len] = '\0';
    da_fact_list facts;
    da_facts_init(&facts);
    if (da_extract_note(extractor, text, len, NULL, &facts) != DA_OK)
        abort(); /* repaired text is always extractable */
    for (size_t i = 0; i < facts.count; i++)
        if (facts.items[i].start > facts.items[i].end || facts.items[i].end > len)
            abort();
    da_facts_write_csv(extractor, sink, "N1", "E1", text, len, &facts);
    da_facts_free(&facts);
    free(text);
    return 0;
}
