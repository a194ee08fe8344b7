/* fuzz_parse - libFuzzer target: the field parsers of the importer (amounts,
 * dates, units) on arbitrary bytes, with what they promise checked: an
 * amount read is within 15 digits and two decimals, a comma in it stands
 * before exactly three digits, and a date read lies in 1900-2199 and
 * formats back to a date that reads the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    da_cents cents;
    if (da_parse_money(s, size, &cents) && cents != DA_CENTS_NONE) {
        if (cents > 99999999999999999LL || cents < -99999999999999999LL)
            abort();
        for (size_t i = 0; i < size; i++)
            if (s[i] == ',' && (i + 3 >= size || (i + 4 < size && s[i + 4] >= '0' &&
                                                  s[i + 4] <= '9')))
                abort();
    }
    da_date date;
    if (da_parse_date(s, size, &date) && date != DA_DATE_NONE) {
        int y, m, d;
        da_date_to_ymd(date, &y, &m, &d);
        if (y < 1900 || y > 2199)
            abort();
        char text[11];
        da_date_format(date, text);
        da_date again;
        if (!da_parse_date(text, strlen(text), &again) || again != date)
            abort();
    }
    int units;
    if (da_parse_units(s, size, &units) && (units < 1 || units > 100000))
        abort();
    return 0;
}
