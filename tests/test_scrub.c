/* test_scrub.c - identifiers planted in note text are taken out of what a
 * masked report shows (scrub.c), and clinical words, measurements and dates
 * of service are kept; --deidentify also reduces dates to the year. Every
 * expected string is written out by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "scrub.h"

static void expect(const char *in, bool years, const char *want)
{
    char *got = da_scrub_phi(in, years);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_planted_identifiers(void **state)
{
    (void)state;
    expect("Patient John Smith, DOB: 03/14/1961, MRN: A88412, seen 07/01/2026.", false,
           "Patient [NAME], DOB: [DOB], MRN: [MRN], seen 07/01/2026.");
    expect("Mrs. Alvarez called from (555) 867-5309 and 555.123.4567; e-mail "
           "maria.alvarez@example.com.",
           false, "Mrs. [NAME] called from [PHONE] and [PHONE]; e-mail [EMAIL].");
    expect("SSN 123-45-6789 on file; also 987-65-4321.", false, "SSN [SSN] on file; also [SSN].");
    expect("Lives at 1420 North Oak Street, Apt 4B, with her husband.", false,
           "Lives at [ADDRESS], with her husband.");
    expect("Pt Jane R. Doe tolerated the procedure. Mr. O'Brien declined.", false,
           "Pt [NAME] tolerated the procedure. Mr. [NAME] declined.");
    expect("Name: Kowalski, Anna. Date of birth March 3, 1950.", false,
           "Name: [NAME]. Date of birth [DOB].");
    expect("Medical record number 00123456; acct # 77-1234.", false,
           "Medical record number [MRN]; acct # [MRN].");
}

/* Clinical text with no identifier comes back unchanged. */
static void test_clinical_text_kept(void **state)
{
    (void)state;
    const char *note = "Patient presents with a 1.2 x 0.8 cm lesion of the left forearm. Shave "
                       "biopsy, 11102. Patient tolerated the procedure well. Return 2026-08-01 "
                       "per Dr. Avery Stone; Medicare pays 80%.";
    expect(note, false, note);
}

static void test_dates_to_year(void **state)
{
    (void)state;
    expect("Seen 07/01/2026 and 2026-07-15; prior Mohs on March 3, 2024.", true,
           "Seen 2026 and 2026; prior Mohs on 2024.");
    expect("DOB: 03/14/1961", true, "DOB: [DOB]");
    /* Any cell of a --deidentify report: dates only, nothing else touched. */
    char *got = da_scrub_dates("2026-07-01 to 2026-09-30, Patient John Smith");
    assert_string_equal(got, "2026 to 2026, Patient John Smith");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planted_identifiers),
        cmocka_unit_test(test_clinical_text_kept),
        cmocka_unit_test(test_dates_to_year),
    };
    return cmocka_run_group_tests_name("scrub", tests, NULL, NULL);
}
