/* test_geo.c — unit tests of geo.c: haversine distances. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "geo.h"

static void test_annecy_thonon(void **state)
{
	(void)state;
	double km = geo_distance_km(45.8992, 6.1294, 46.3705, 6.4794);
	assert_true(km > 57.0 && km < 61.0);
	/* Symmetric. */
	double back = geo_distance_km(46.3705, 6.4794, 45.8992, 6.1294);
	assert_float_equal(km, back, 1e-9);
}

static void test_known_distances(void **state)
{
	(void)state;
	/* Paris (Notre-Dame) to Lyon (Bellecour): about 392 km. */
	double km = geo_distance_km(48.8530, 2.3499, 45.7578, 4.8320);
	assert_true(km > 388.0 && km < 396.0);
	/* One degree of latitude: 2πR/360 ≈ 111.195 km. */
	assert_float_equal(geo_distance_km(45.0, 6.0, 46.0, 6.0), 111.1951, 0.01);
	/* One degree of longitude on the equator, the same. */
	assert_float_equal(geo_distance_km(0.0, 0.0, 0.0, 1.0), 111.1951, 0.01);
	/* Across the antimeridian: 2 degrees, not 358. */
	assert_float_equal(geo_distance_km(0.0, 179.0, 0.0, -179.0), 222.39, 0.02);
}

static void test_zero(void **state)
{
	(void)state;
	assert_float_equal(geo_distance_km(45.8992, 6.1294, 45.8992, 6.1294), 0.0, 1e-9);
	assert_float_equal(geo_distance_km(0, 0, 0, 0), 0.0, 1e-12);
	/* Both poles are single points whatever the longitude. */
	assert_float_equal(geo_distance_km(90, 0, 90, 123), 0.0, 1e-6);
}

static void test_antipodes(void **state)
{
	(void)state;
	double half = M_PI * 6371.0088;     /* ≈ 20015.1 km */
	double km = geo_distance_km(0, 0, 0, 180);
	assert_false(isnan(km));
	assert_float_equal(km, half, 0.01);
	assert_true(km > 20014.0 && km < 20016.0);
	km = geo_distance_km(45.8992, 6.1294, -45.8992, 6.1294 - 180.0);
	assert_false(isnan(km));
	assert_float_equal(km, half, 0.01);
	assert_float_equal(geo_distance_km(90, 0, -90, 0), half, 0.01);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_annecy_thonon),
		cmocka_unit_test(test_known_distances),
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_antipodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
