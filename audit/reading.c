/* reading.c - the verdict on an encounter's reading (reading.h). */
#include "reading.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The review reasons, fixed text (a finding keeps a pointer to one). */
static const char REASON_READING[] =
    "the notes count or describe lesions the reading could not place";
static const char REASON_SPECIMENS[] =
    "the pathology report lists more specimens than the lesions read in the notes";
static const char REASON_OVER[] = "an over-billing finding needs a complete reading of the notes";
static const char REASON_NO_NOTE[] = "no note of the encounter documents the procedure billed";
static const char REASON_SERVICE[] =
    "a service outside the audited families is documented at this visit";

static bool biopsy(int p)
{
    return p == DA_PROC_BIOPSY_TANGENTIAL || p == DA_PROC_BIOPSY_PUNCH ||
           p == DA_PROC_BIOPSY_INCISIONAL;
}


/* Lesions a procedure note sampled (biopsied, shaved or excised): one per
 * lesion of the note, or the note's own count of biopsies when it is one
 * unlabelled lesion ("shave biopsies x3"). */
static int sampled_in(const da_fact_list *facts)
{
    bool sampled[DA_LESION_NUMBERS] = {false};
    int counted = 0;
    for (size_t i = 0; i < facts->count; i++) {
        const da_fact *f = &facts->items[i];
        int l = f->lesion < DA_LESION_NUMBERS ? f->lesion : DA_LESION_NUMBERS - 1;
        /* a service not audited (a soft-tissue excision) may send its own specimen */
        if ((f->kind == DA_FACT_PROCEDURE &&
             (biopsy((int)f->value) || f->value == DA_PROC_EXCISION || f->value == DA_PROC_SHAVE)) ||
            f->kind == DA_FACT_SERVICE)
            sampled[l] = true;
        if (f->kind == DA_FACT_PROCEDURE_COUNT && f->value2 == DA_COUNT_BIOPSIES &&
            (int)f->value > counted)
            counted = (int)f->value;
    }
    int n = 0;
    for (int l = 0; l < DA_LESION_NUMBERS; l++)
        n += sampled[l];
    return facts->nlesions == 0 && n == 1 && counted > 1 ? counted : n;
}

/* Specimens a pathology report lists: its labelled specimens, else one
 * when it states a diagnosis. */
static int specimens_in(const da_fact_list *facts)
{
    bool label[DA_LESION_NUMBERS] = {false};
    bool diagnosis = false;
    int n = 0;
    for (size_t i = 0; i < facts->count; i++) {
        const da_fact *f = &facts->items[i];
        diagnosis |= f->kind == DA_FACT_PATH_DIAGNOSIS;
        int s = f->kind == DA_FACT_SPECIMEN ? (int)f->value
                : f->kind == DA_FACT_PATH_DIAGNOSIS ? (int)f->value2
                                                    : 0;
        if (s > 0 && s < DA_LESION_NUMBERS && !label[s]) {
            label[s] = true;
            n++;
        }
    }
    return n ? n : diagnosis;
}

void da_reading_judge(const da_dataset *data, size_t enc, const da_fact_list *facts,
                      da_reading *out)
{
    const da_encounter *e = &data->encounters[enc];
    memset(out, 0, sizeof(*out));
    out->note = -1;
    int sampled = 0;
    long report = -1; /* the first pathology report's note */
    for (size_t i = 0; i < e->nnotes; i++) {
        const da_fact_list *fl = &facts[i];
        const da_note *n = &data->notes[e->notes[i]];
        if (da_facts_are_report(n->note_type, fl)) {
            out->specimens += specimens_in(fl);
            if (report < 0)
                report = (long)e->notes[i];
            continue;
        }
        sampled += sampled_in(fl);
        for (size_t k = 0; k < fl->count; k++) {
            const da_fact *f = &fl->items[k];
            out->procedures |= f->kind == DA_FACT_PROCEDURE || f->kind == DA_FACT_MOHS ||
                               f->kind == DA_FACT_SERVICE || f->kind == DA_FACT_LESION_COUNT ||
                               f->kind == DA_FACT_REPAIR || f->kind == DA_FACT_FLAP ||
                               f->kind == DA_FACT_GRAFT;
            out->services += f->kind == DA_FACT_SERVICE;
            if (f->kind != DA_FACT_READING)
                continue;
            out->gaps |= 1u << (int)f->value;
            if (out->note < 0) {
                out->note = (long)e->notes[i];
                out->start = f->start;
                out->end = f->end;
                out->stated = f->value == DA_GAP_COUNT ? (int)f->value2 : 0;
            }
        }
    }
    out->found = sampled;
    /* a report that lists more specimens than the notes' lesions read shows
     * the notes were read short; fewer may be lesions sharing a container */
    if (out->specimens > 0 && sampled > 0 && out->specimens > sampled) {
        out->gaps |= 1u << DA_GAP_SPECIMENS;
        if (out->note < 0)
            out->note = report; /* the gap is the report's: it lists more */
    }
}

/* Families whose findings rest on how the notes' lesions were read. */
static bool lesion_family(const da_finding *f)
{
    return strcmp(f->category, "lesion") == 0 || strcmp(f->category, "repair") == 0 ||
           strcmp(f->category, "mohs") == 0 || strcmp(f->category, "pathology") == 0 ||
           strcmp(f->category, "cosmetic") == 0 || strncmp(f->rule, "PAIR-", 5) == 0 ||
           strncmp(f->rule, "MOD-59", 6) == 0;
}

static void review(da_finding *f, const char *reason)
{
    f->confidence = DA_CONF_LOW;
    if (!f->review)
        f->review = reason;
}

void da_reading_apply(const da_reading *r, da_finding_list *list, size_t first)
{
    unsigned reading = (1u << DA_GAP_COUNT) | (1u << DA_GAP_UNREAD);
    for (size_t i = first; i < list->count; i++) {
        da_finding *f = &list->items[i];
        bool lesions = lesion_family(f);
        if ((r->gaps & reading) && lesions)
            review(f, REASON_READING);
        if ((r->gaps & (1u << DA_GAP_SPECIMENS)) && strcmp(f->category, "lesion") == 0)
            review(f, REASON_SPECIMENS);
        if (f->direction == DA_DIR_OVER && r->gaps)
            review(f, REASON_OVER);
        if (f->direction == DA_DIR_OVER && !r->procedures && lesions)
            review(f, REASON_NO_NOTE);
        if (r->services && f->direction != DA_DIR_OVER &&
            (strcmp(f->category, "lesion") == 0 || strcmp(f->category, "repair") == 0))
            review(f, REASON_SERVICE);
    }
}

void da_reading_describe(const da_reading *r, char *out, size_t size)
{
    out[0] = '\0';
    if (r->gaps & (1u << DA_GAP_COUNT))
        snprintf(out, size, "reading incomplete: a note counts %d lesions or procedures that do "
                            "not match the lesions read",
                 r->stated);
    else if (r->gaps & (1u << DA_GAP_UNREAD))
        snprintf(out, size, "reading incomplete: tissue removed by a technique not read");
    else if (r->gaps & (1u << DA_GAP_SPECIMENS))
        snprintf(out, size, "reading incomplete: the pathology report lists %d specimens, "
                            "%d sampled lesions were read",
                 r->specimens, r->found);
}
