/* api.h — every handler of the routing table (routes.c), by module:
 * api_read.c (reads), api_change.c (changes prepared for signing),
 * writer.c (commit), events.c (the event stream), routes.c (health,
 * this description). Each returns 0 with the answer in r->out, or a
 * negative PL_E* code with the message on r->err. */
#ifndef PARLEY_SERVER_API_H
#define PARLEY_SERVER_API_H

#include "server.h"

int api_health(serve_request *r);
int api_openapi(serve_request *r);
int api_enrol(serve_request *r);
int api_negotiation(serve_request *r);
int api_docs(serve_request *r);
int api_versions(serve_request *r);
int api_show(serve_request *r);
int api_diff(serve_request *r);
int api_parties(serve_request *r);
int api_party_add(serve_request *r);
int api_delegates(serve_request *r);
int api_delegate_add(serve_request *r);
int api_delegate_keys(serve_request *r);
int api_delegate_rotate(serve_request *r);
int api_tracks(serve_request *r);
int api_track_add(serve_request *r);
int api_track_members(serve_request *r);
int api_seen(serve_request *r);
int api_meetings(serve_request *r);
int api_meeting_add(serve_request *r);
int api_meetings_ics(serve_request *r);
int api_calendar(serve_request *r);
int api_statements(serve_request *r);
int api_statement_add(serve_request *r);
int api_timeline(serve_request *r);
int api_amendments(serve_request *r);
int api_amend(serve_request *r);
int api_amendment(serve_request *r);
int api_adoption(serve_request *r);
int api_voting_list(serve_request *r);
int api_matrix(serve_request *r);
int api_text(serve_request *r);
int api_progress(serve_request *r);
int api_redlines(serve_request *r);
int api_compare(serve_request *r);
int api_verify(serve_request *r);
int api_log_export(serve_request *r);
int api_log_head(serve_request *r);
int api_events(serve_request *r);
int api_import(serve_request *r);
int api_delegate_revoke(serve_request *r);
int api_delegate_invite(serve_request *r);
int api_track_join(serve_request *r);
int api_track_rule(serve_request *r);
int api_circulate(serve_request *r);
int api_meeting_postpone(serve_request *r);
int api_meeting_held(serve_request *r);
int api_meeting_cancel(serve_request *r);
int api_amendment_accept(serve_request *r);
int api_amendment_withdraw(serve_request *r);
int api_amendment_reject(serve_request *r);
int api_amendment_supersede(serve_request *r);
int api_position(serve_request *r);
int api_commit(serve_request *r);
#endif
