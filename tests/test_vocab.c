/* test_vocab.c - the built-in table reader (table.c) and the reader's
 * vocabulary tables (vocab.c): headers, refused rows with their line, and
 * every built-in row parsed and compiling on its own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rx.h"
#include "table.h"
#include "vocab.h"

static const char *const cols[] = {"a", "b"};

static const char *refuse_x(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    (*(int *)ctx)++;
    return strcmp(f[0], "x") == 0 ? "x is refused" : NULL;
}

static da_error read_text(const char *text, int *rows, da_table_error *why)
{
    *rows = 0;
    return da_table_read_mem("t.csv", text, strlen(text), cols, 2, refuse_x, rows, why);
}

static void test_table_reads_rows_after_its_header(void **state)
{
    (void)state;
    int rows;
    da_table_error why;
    assert_int_equal(read_text("a,b\n1,2\n3,4\n", &rows, &why), DA_OK);
    assert_int_equal(rows, 2);
    assert_null(why.reason);
}

static void test_table_refuses_what_is_wrong_with_its_line(void **state)
{
    (void)state;
    int rows;
    da_table_error why;
    assert_int_equal(read_text("a,c\n1,2\n", &rows, &why), DA_ERR_FORMAT);
    assert_string_equal(why.reason, "unexpected header");
    assert_int_equal(why.line, 1);
    assert_int_equal(read_text("a,b\n1,2\n1,2,3\n", &rows, &why), DA_ERR_FORMAT);
    assert_string_equal(why.reason, "wrong number of fields");
    assert_int_equal(why.line, 3);
    assert_int_equal(read_text("a,b\n1,2\n\nx,2\n", &rows, &why), DA_ERR_FORMAT);
    assert_string_equal(why.reason, "x is refused");
    assert_int_equal(why.line, 4);
    assert_string_equal(why.table, "t.csv");
    assert_int_equal(read_text("a,b\n", &rows, &why), DA_ERR_FORMAT);
    assert_string_equal(why.reason, "no rows");
    assert_int_equal(read_text("a,b\n\"1,2\n", &rows, &why), DA_ERR_FORMAT);
    assert_string_equal(why.reason, "unbalanced quote");
}

static void test_table_not_built_in(void **state)
{
    (void)state;
    int rows = 0;
    da_table_error why;
    assert_int_equal(da_table_read("rules/none.csv", cols, 2, refuse_x, &rows, &why),
                     DA_ERR_INTERNAL);
    assert_string_equal(why.reason, "not built in");
}

/* Every term of rules/terms.csv parses, states a known kind, and its
 * pattern compiles alone (a broken row would otherwise surface only as
 * the whole alternation failing to compile). */
static void test_terms_load_and_compile(void **state)
{
    (void)state;
    da_vocab v;
    da_table_error why;
    assert_int_equal(da_vocab_load(&v, &why), DA_OK);
    assert_true(v.nterms > 50);
    da_rx_ctx c;
    assert_int_equal(da_rx_ctx_init(&c), DA_OK);
    int procedures = 0, diagnoses = 0;
    for (size_t i = 0; i < v.nterms; i++) {
        da_rx rx;
        if (da_rx_compile(&c, &rx, v.terms[i].pattern) != DA_OK)
            fail_msg("rules/terms.csv row %zu does not compile", i + 2);
        da_rx_free(&rx);
        procedures += v.terms[i].kind == DA_FACT_PROCEDURE;
        diagnoses += v.terms[i].kind == DA_FACT_DIAGNOSIS;
    }
    assert_true(procedures >= 10 && diagnoses >= 20);
    /* a row read as written: "cryo" is a destruction by cryotherapy */
    bool cryo = false;
    for (size_t i = 0; i < v.nterms; i++)
        cryo |= v.terms[i].kind == DA_FACT_PROCEDURE && v.terms[i].value == DA_PROC_DESTRUCTION &&
                v.terms[i].value2 == DA_DESTROY_CRYO &&
                v.terms[i].veto == (DA_CUE_NEG | DA_CUE_HIST | DA_CUE_PLAN | DA_CUE_RISK | DA_CUE_DATED);
    assert_true(cryo);
    da_rx_ctx_free(&c);
    da_vocab_free(&v);
}

static void test_names_parse_back(void **state)
{
    (void)state;
    assert_int_equal(da_fact_kind_parse("repair_length"), DA_FACT_REPAIR_LENGTH);
    assert_int_equal(da_fact_kind_parse("nothing"), -1);
    assert_int_equal(da_fact_value_parse(DA_FACT_REPAIR, "intermediate"), DA_REPAIR_INTERMEDIATE);
    assert_int_equal(da_fact_value_parse(DA_FACT_NDC, "1"), 1);
    assert_int_equal(da_fact_value_parse(DA_FACT_REPAIR, "layered"), -1);
    assert_int_equal(da_fact_value2_parse(DA_FACT_PROCEDURE, "edc"), DA_DESTROY_EDC);
    assert_int_equal(da_cue_parse("plan"), DA_CUE_PLAN);
    assert_int_equal(da_cue_parse("maybe"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_reads_rows_after_its_header),
        cmocka_unit_test(test_table_refuses_what_is_wrong_with_its_line),
        cmocka_unit_test(test_table_not_built_in),
        cmocka_unit_test(test_terms_load_and_compile),
        cmocka_unit_test(test_names_parse_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
