/* geo.c — great-circle distances, used to rank town halls by how far they
 * are from the visitor. A sphere is plenty for "which mairie is nearest". */
#include "geo.h"

#include <math.h>

#define EARTH_RADIUS_KM 6371.0088
#define DEG_TO_RAD (3.14159265358979323846 / 180.0)

double geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * DEG_TO_RAD, p2 = lat2 * DEG_TO_RAD;
	double dp = (lat2 - lat1) * DEG_TO_RAD;
	double dl = (lon2 - lon1) * DEG_TO_RAD;
	double sp = sin(dp / 2), sl = sin(dl / 2);
	double a = sp * sp + cos(p1) * cos(p2) * sl * sl;
	/* Rounding can push a a hair above 1 for antipodal points, and asin
	 * would then return NaN. */
	if (a > 1.0)
		a = 1.0;
	if (a < 0.0)
		a = 0.0;
	return 2.0 * EARTH_RADIUS_KM * asin(sqrt(a));
}
