/* api.h — handlers of the machine interfaces (creneau-api); the route
 * table is in api.c. */
#ifndef CRENEAU_API_H
#define CRENEAU_API_H
#include "request.h"

#define API_JSON "application/json; charset=utf-8"

/* The JSON error of every answer that is not a success:
 * {"error": {"code": <status>, "message": "<message>"}}, messages in
 * English (the clients are programs). Returns status. */
int api_error(struct request *r, int status, const char *message);

/* api_ants.c: the editor API of the ANTS appointment hub. */
/* Reads the hub's token (setting ants_hub_token_file) once, before the
 * workers are forked. */
void ants_api_init(void);
int h_ants_meeting_points(struct request *r, char **args);
int h_ants_time_slots(struct request *r, char **args);
int h_ants_applications(struct request *r, char **args);

#endif
