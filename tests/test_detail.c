/* test_detail.c - detail tables: a cell is read as its column's type, so a
 * row is checked (and a mismatched blank normalised) as it goes in, and
 * merging two sets moves rows without losing text or amount links. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "detail.h"

static const da_detail_column columns[] = {
    {"Encounter", DA_CELL_TEXT, 14}, {"Lesion", DA_CELL_NUMBER, 7},
    {"Charge", DA_CELL_MONEY, 11},   {"Deadline", DA_CELL_DATE, 12},
    {"Under ($)", DA_CELL_AMOUNT, 11},
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

static const da_cell *at(const da_detail *t, size_t row, size_t col)
{
    return &t->cells[row * t->ncolumns + col];
}

static void test_cell_is_16_bytes(void **state)
{
    (void)state;
    assert_int_equal(sizeof(da_cell), 16);
}

static void test_row_of_the_right_types_is_kept(void **state)
{
    (void)state;
    da_details set;
    da_details_init(&set);
    da_detail *t = da_details_table(&set, "Test", columns, NCOLS);
    char id[8] = "E1";
    da_cell row[] = {da_cell_text(id), da_cell_number(2), da_cell_money(12345),
                     da_cell_date(da_date_from_ymd(2026, 3, 4)), da_cell_amount(7, 2, 0)};
    assert_int_equal(da_detail_add_row(&set, t, row), 0);
    id[1] = '9'; /* the table holds its own copy of the text */
    assert_string_equal(at(t, 0, 0)->text, "E1");
    assert_true(at(t, 0, 1)->number == 2);
    assert_int_equal(at(t, 0, 2)->money, 12345);
    assert_int_equal(at(t, 0, 3)->date, da_date_from_ymd(2026, 3, 4));
    assert_int_equal(at(t, 0, 4)->finding, 7);
    assert_int_equal(at(t, 0, 4)->nfindings, 2);
    assert_int_equal(at(t, 0, 4)->direction, 0);
    da_details_free(&set);
}

/* Text is packed into shared blocks: many rows, and one text longer than a
 * block's share, all read back whole. */
static void test_many_texts_read_back(void **state)
{
    (void)state;
    da_details set;
    da_details_init(&set);
    da_detail *t = da_details_table(&set, "Test", columns, NCOLS);
    static char long_text[20001];
    memset(long_text, 'x', sizeof(long_text) - 1);
    for (size_t r = 0; r < 20000; r++) {
        char id[32];
        snprintf(id, sizeof(id), "encounter-%zu", r);
        da_cell row[] = {da_cell_text(r == 777 ? long_text : id), da_cell_number((double)r),
                         da_cell_money(DA_CENTS_NONE), da_cell_date(DA_DATE_NONE),
                         da_cell_amount(-1, 0, -1)};
        da_detail_add_row(&set, t, row);
    }
    assert_int_equal(t->nrows, 20000);
    for (size_t r = 0; r < 20000; r++) {
        char id[32];
        snprintf(id, sizeof(id), "encounter-%zu", r);
        assert_string_equal(at(t, r, 0)->text, r == 777 ? long_text : id);
        assert_true(at(t, r, 1)->number == (double)r);
    }
    da_details_free(&set);
}

/* A rule that writes "" where a money, date or amount goes means blank. */
static void test_blank_text_becomes_the_column_blank(void **state)
{
    (void)state;
    da_details set;
    da_details_init(&set);
    da_detail *t = da_details_table(&set, "Test", columns, NCOLS);
    da_cell row[] = {da_cell_text(NULL), da_cell_number(0), da_cell_text(""), da_cell_text(NULL),
                     da_cell_text("")};
    da_detail_add_row(&set, t, row);
    assert_string_equal(at(t, 0, 0)->text, "");
    assert_int_equal(at(t, 0, 2)->type, DA_CELL_MONEY);
    assert_true(at(t, 0, 2)->money == DA_CENTS_NONE);
    assert_int_equal(at(t, 0, 3)->type, DA_CELL_DATE);
    assert_int_equal(at(t, 0, 3)->date, DA_DATE_NONE);
    assert_int_equal(at(t, 0, 4)->type, DA_CELL_AMOUNT);
    assert_int_equal(at(t, 0, 4)->finding, -1);
    assert_int_equal(at(t, 0, 4)->nfindings, 0);
    assert_int_equal(at(t, 0, 4)->direction, -1);
    da_details_free(&set);
}

/* Adds one row with cell `bad` in column `col` in a child process; returns
 * the child's wait status. */
static int add_in_child(size_t col, da_cell bad)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr))
            _exit(3);
        da_details set;
        da_details_init(&set);
        da_detail *t = da_details_table(&set, "Test", columns, NCOLS);
        da_cell row[] = {da_cell_text("E1"), da_cell_number(1), da_cell_money(100),
                         da_cell_date(1), da_cell_amount(-1, 0, -1)};
        row[col] = bad;
        da_detail_add_row(&set, t, row);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void assert_aborts(int status)
{
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void test_type_mismatch_aborts(void **state)
{
    (void)state;
    assert_aborts(add_in_child(0, da_cell_number(3)));    /* number in a text column */
    assert_aborts(add_in_child(2, da_cell_text("12.50"))); /* text that is not blank, in money */
    assert_aborts(add_in_child(3, da_cell_money(100)));   /* money in a date column */
    assert_aborts(add_in_child(4, da_cell_money(100)));   /* money in an amount column */
    assert_aborts(add_in_child(1, da_cell_text("")));     /* a number column has no blank */
}

static void test_matching_cell_in_child_exits_cleanly(void **state)
{
    (void)state;
    int status = add_in_child(2, da_cell_money(DA_CENTS_NONE));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    status = add_in_child(3, da_cell_text(""));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void add(da_details *set, const char *sheet, const char *id, long finding)
{
    da_detail *t = da_details_table(set, sheet, columns, NCOLS);
    da_cell row[] = {da_cell_text(id), da_cell_number(1), da_cell_money(DA_CENTS_NONE),
                     da_cell_date(DA_DATE_NONE), da_cell_amount(finding, finding >= 0, 1)};
    da_detail_add_row(set, t, row);
}

static void test_merge_appends_and_shifts_amounts(void **state)
{
    (void)state;
    da_details a, b;
    da_details_init(&a);
    da_details_init(&b);
    add(&a, "One", "A1", 0);
    add(&a, "One", "A2", -1);
    add(&b, "One", "B1", 1);
    add(&b, "One", "B2", -1);
    add(&b, "Two", "B3", 0);
    da_details_merge(&a, &b, 4); /* a's list held 4 findings before b's */
    assert_int_equal(b.count, 0);
    da_details_free(&b);

    assert_int_equal(a.count, 2);
    const da_detail *one = da_details_find(&a, "One");
    assert_non_null(one);
    assert_int_equal(one->nrows, 4);
    const char *ids[] = {"A1", "A2", "B1", "B2"};
    const int32_t first[] = {0, -1, 5, -1};
    for (size_t r = 0; r < 4; r++) {
        assert_string_equal(at(one, r, 0)->text, ids[r]);
        assert_int_equal(at(one, r, 4)->finding, first[r]);
    }
    const da_detail *two = da_details_find(&a, "Two");
    assert_non_null(two);
    assert_int_equal(two->nrows, 1);
    assert_string_equal(at(two, 0, 0)->text, "B3");
    assert_int_equal(at(two, 0, 4)->finding, 4);
    assert_int_equal(at(two, 0, 4)->nfindings, 1);

    /* The merged set still takes rows after the moved ones. */
    add(&a, "Two", "A3", 9);
    assert_int_equal(two->nrows, 2);
    assert_string_equal(at(two, 1, 0)->text, "A3");
    assert_string_equal(at(two, 0, 0)->text, "B3");
    da_details_free(&a);
}

static void test_merge_of_an_empty_set_changes_nothing(void **state)
{
    (void)state;
    da_details a, b;
    da_details_init(&a);
    da_details_init(&b);
    add(&a, "One", "A1", 2);
    da_details_merge(&a, &b, 10);
    da_details_free(&b);
    assert_int_equal(a.count, 1);
    assert_int_equal(a.items[0].nrows, 1);
    assert_int_equal(at(&a.items[0], 0, 4)->finding, 2);
    da_details_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_is_16_bytes),
        cmocka_unit_test(test_row_of_the_right_types_is_kept),
        cmocka_unit_test(test_many_texts_read_back),
        cmocka_unit_test(test_blank_text_becomes_the_column_blank),
        cmocka_unit_test(test_type_mismatch_aborts),
        cmocka_unit_test(test_matching_cell_in_child_exits_cleanly),
        cmocka_unit_test(test_merge_appends_and_shifts_amounts),
        cmocka_unit_test(test_merge_of_an_empty_set_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
