// SPDX-License-Identifier: GPL-2.0-only
/*
 * svg.c: scales, bar lengths proportional to the values, escaped labels, empty charts, lines.
 */
#include "svg.h"
#include "testutil.h"

static const struct chart_series series[] = {
	{ "replace", "#E69F00" }, { "keep", "#009E73" }, { "review", "#0072B2" },
};

START_TEST(test_nice_max)
{
	long long step;

	ck_assert_int_eq(svg_nice_max(0, 5, &step), 1);
	ck_assert_int_eq(step, 1);
	ck_assert_int_eq(svg_nice_max(3, 5, &step), 3);
	ck_assert_int_eq(step, 1);
	ck_assert_int_eq(svg_nice_max(17, 5, &step), 20);
	ck_assert_int_eq(step, 5);
	ck_assert_int_eq(svg_nice_max(51, 5, &step), 60);
	ck_assert_int_eq(step, 20);
	ck_assert_int_eq(svg_nice_max(1000, 5, &step), 1000);
	ck_assert_int_eq(step, 200);
	ck_assert_int_eq(svg_nice_max(1234567, 5, &step), 1500000);
	ck_assert_int_eq(step, 500000);
}
END_TEST

/* The width="..." of the n-th <rect> after the legend's rectangles. */
static double bar_width(const char *svg, int n)
{
	const char *p = svg;
	double w = -1;

	for (int i = 0; i <= n + 3; i++) {
		p = strstr(p, "<rect ");
		ck_assert_ptr_nonnull(p);
		p++;
	}
	ck_assert_int_eq(sscanf(strstr(p, "width=\"") + 7, "%lf", &w), 1);
	return w;
}

START_TEST(test_bars_proportional)
{
	const long long a[] = { 10, 0, 0 }, b[] = { 5, 0, 0 }, c[] = { 2, 3, 5 };
	const struct chart_row rows[] = { { "fs", a }, { "mm", b }, { "net", c } };
	struct bar_chart chart = { "by subsystem", series, 3, rows, 3 };
	struct strbuf sb = STRBUF_INIT;
	double w0, w1, w2, w3, w4;

	svg_bar_chart(&sb, &chart);
	ck_assert(starts_with(sb.buf, "<svg class=\"chart\""));
	ck_assert(ends_with(sb.buf, "</svg>\n"));
	/* Zero values draw nothing: fs has one segment, mm one, net three. */
	w0 = bar_width(sb.buf, 0);
	w1 = bar_width(sb.buf, 1);
	w2 = bar_width(sb.buf, 2);
	w3 = bar_width(sb.buf, 3);
	w4 = bar_width(sb.buf, 4);
	ck_assert(w0 > 0);
	ck_assert_msg(w0 > 1.99 * w1 && w0 < 2.01 * w1, "%f is not twice %f", w0, w1);
	ck_assert_msg(w2 + w3 + w4 > 0.99 * w0 && w2 + w3 + w4 < 1.01 * w0,
		      "segments of 10 findings are %f wide, a bar of 10 is %f", w2 + w3 + w4, w0);
	ck_assert_msg(w3 > 1.49 * w2 && w3 < 1.51 * w2, "3 vs 2: %f, %f", w3, w2);
	/* Every mark says its exact value. */
	ck_assert(strstr(sb.buf, "<title>net, review: 5</title>") != NULL);
	ck_assert(strstr(sb.buf, ">10</text>") != NULL);
	ck_assert(strstr(sb.buf, "NaN") == NULL && strstr(sb.buf, "inf") == NULL);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_labels_escaped)
{
	const long long a[] = { 1, 2, 3 };
	const struct chart_row rows[] = {
		{ "<script>alert(\"x\")</script> & a very long subsystem name indeed", a },
	};
	struct bar_chart chart = { "t<i>tle", series, 3, rows, 1 };
	struct strbuf sb = STRBUF_INIT;

	svg_bar_chart(&sb, &chart);
	ck_assert(strstr(sb.buf, "<script") == NULL);
	ck_assert(strstr(sb.buf, "<i>") == NULL);
	ck_assert(strstr(sb.buf, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; a very") !=
		  NULL);
	/* The label is cut with an ellipsis; the title keeps all of it. */
	ck_assert(strstr(sb.buf, "\xe2\x80\xa6</text>") != NULL);
	ck_assert(strstr(sb.buf, "name indeed: 1 replace, 2 keep, 3 review</title>") != NULL);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_empty_chart)
{
	const long long zero[] = { 0, 0, 0 };
	const struct chart_row rows[] = { { "fs", zero } };
	struct bar_chart none = { "empty", series, 3, NULL, 0 };
	struct bar_chart zeros = { "zeros", series, 3, rows, 1 };
	struct strbuf sb = STRBUF_INIT;

	svg_bar_chart(&sb, &none);
	ck_assert(strstr(sb.buf, "no findings") != NULL);
	strbuf_reset(&sb);
	svg_bar_chart(&sb, &zeros);
	ck_assert(strstr(sb.buf, "no findings") != NULL);
	ck_assert(strstr(sb.buf, "<rect") == NULL);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_line_chart)
{
	const char *const labels[] = { "run 1", "run 2", "run 3" };
	const long long values[] = { 10, 8, 0, 1, 1, 1, 4, 5, 6 };
	struct line_chart chart = { "trend", series, 3, labels, 3, values };
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	double x0, y0, x1, y1, x2, y2;

	svg_line_chart(&sb, &chart);
	ck_assert_int_eq((int)(strstr(sb.buf, "</svg>") != NULL), 1);
	p = strstr(sb.buf, "<polyline");
	ck_assert_ptr_nonnull(p);
	p = strstr(p, "points=\"") + 8;
	ck_assert_int_eq(sscanf(p, "%lf,%lf %lf,%lf %lf,%lf", &x0, &y0, &x1, &y1, &x2, &y2), 6);
	ck_assert(x0 < x1 && x1 < x2);
	/* y grows downwards: 10 is above 8, 8 above 0; the steps are proportional. */
	ck_assert(y0 < y1 && y1 < y2);
	ck_assert_msg((y2 - y1) > 3.99 * (y1 - y0) && (y2 - y1) < 4.01 * (y1 - y0),
		      "8 -> 0 should be four times 10 -> 8: %f %f %f", y0, y1, y2);
	ck_assert(strstr(sb.buf, "<title>run 3, review: 6</title>") != NULL);
	ck_assert_int_eq((int)(strstr(sb.buf, "NaN") == NULL), 1);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_line_chart_one_point)
{
	const char *const labels[] = { "run 1" };
	const long long values[] = { 0, 0, 0 };
	struct line_chart chart = { "trend", series, 3, labels, 1, values };
	struct strbuf sb = STRBUF_INIT;

	svg_line_chart(&sb, &chart);
	ck_assert(strstr(sb.buf, "NaN") == NULL && strstr(sb.buf, "inf") == NULL);
	ck_assert(strstr(sb.buf, "<circle") != NULL);
	strbuf_release(&sb);
}
END_TEST

/* Linked bars: each segment and the row's label and total lead where hrefs say, escaped. */
START_TEST(test_bar_links)
{
	const long long a[] = { 2, 0, 1 };
	const struct chart_row rows[] = { { "fs", a } };
	struct bar_chart chart = { "linked", series, 3, rows, 1 };
	const char *const hrefs[] = { "?subsys=fs&verdict=replace#list", NULL,
				      "?subsys=fs&verdict=review#list", "?subsys=fs&all=1#list" };
	struct strbuf sb = STRBUF_INIT;

	svg_bar_chart_linked(&sb, &chart, hrefs);
	ck_assert(strstr(sb.buf, "<a href=\"?subsys=fs&amp;verdict=replace#list\"><rect ") != NULL);
	ck_assert(strstr(sb.buf, "<a href=\"?subsys=fs&amp;verdict=review#list\"><rect ") != NULL);
	ck_assert(strstr(sb.buf, "verdict=keep") == NULL);
	/* The label and the total, both to the whole bar. */
	ck_assert(strstr(strstr(sb.buf, "<a href=\"?subsys=fs&amp;all=1#list\"><text") + 1,
			 "<a href=\"?subsys=fs&amp;all=1#list\"><text") != NULL);
	strbuf_release(&sb);
	svg_bar_chart(&sb, &chart);
	ck_assert(strstr(sb.buf, "<a ") == NULL);
	strbuf_release(&sb);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("svg");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_nice_max);
	tcase_add_test(tc, test_bars_proportional);
	tcase_add_test(tc, test_labels_escaped);
	tcase_add_test(tc, test_empty_chart);
	tcase_add_test(tc, test_line_chart);
	tcase_add_test(tc, test_line_chart_one_point);
	tcase_add_test(tc, test_bar_links);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)
