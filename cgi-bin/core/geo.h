/* geo.h — distances on the Earth. Pure. */
#ifndef CRENEAU_GEO_H
#define CRENEAU_GEO_H

/* Great-circle distance in kilometres between two WGS84 points
 * (haversine, mean Earth radius 6371.0088 km). */
double geo_distance_km(double lat1, double lon1, double lat2, double lon2);

#endif
