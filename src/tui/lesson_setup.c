#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_setup.h"
#include "records.h"

int
lesson_find(struct rec_store *s, const char *learner_id,
    const char *module_id, const char *lesson_id, struct lesson_found *out,
    char **cause)
{
	struct rec_filter f = { .learner_id = learner_id };
	struct rec_attempt *all = NULL;
	size_t n = 0;
	bool latest = true;

	memset(out, 0, sizeof *out);
	if (rec_attempt_list(s, &f, &all, &n, cause) != 0)
		return -1;
	/* Newest first; lesson ids are unique only within their module. */
	for (size_t i = n; i-- > 0;) {
		const struct rec_attempt *a = &all[i];

		if (strcmp(a->lesson_id, lesson_id) != 0 ||
		    strcmp(a->module_id, module_id) != 0)
			continue;
		if (a->status == REC_ATTEMPT_RUNNING) {
			out->resumable = a->id;
			out->resumable_step = a->step_index;
			out->resumable_seed = a->seed;
			out->stopped = false;
			break;
		}
		if (latest && a->status == REC_ATTEMPT_ERROR &&
		    a->step_index > 0) {
			out->stopped = true;
			out->stopped_step = a->step_index;
			out->stopped_seed = a->seed;
		}
		latest = false;
	}
	rec_attempt_free_array(all, n);
	return 0;
}

void
lesson_reads_fetch(struct rec_store *s, const char *learner_id,
    struct lesson_reads *out)
{
	rec_observation_list(s, learner_id, NULL, &out->obs, &out->nobs,
	    &out->obs_error);
	out->own_known = rec_own_print_last(s, learner_id, 0, &out->own,
	    &out->own_error) > 0;
}

void
lesson_reads_failed(struct lesson_reads *r, const char *cause)
{
	lesson_reads_clear(r);
	r->obs_error = xstrdup(cause);
	r->own_error = xstrdup(cause);
}

void
lesson_reads_take(struct lesson_reads *to, struct lesson_reads *from)
{
	lesson_reads_clear(to);
	*to = *from;
	memset(from, 0, sizeof *from);
}

void
lesson_reads_clear(struct lesson_reads *r)
{
	rec_result_free_array(r->obs, r->nobs);
	free(r->obs_error);
	rec_own_print_clear(&r->own);
	free(r->own_error);
	memset(r, 0, sizeof *r);
}

void
lesson_setup(struct lesson_setup *s, const struct tui_config *cfg,
    const struct tui_module *m, const struct tui_lesson *l,
    const char *learner_id, const char *lang,
    const struct lesson_found *found, const struct lesson_reads *reads,
    bool resume, int goon_step, uint64_t goon_seed)
{
	struct lesson_run_config *rc = &s->rc;
	int noutcomes = m->noutcomes < 64 ? m->noutcomes : 64;

	memset(s, 0, sizeof *s);
	for (int i = 0; i < noutcomes; i++)
		s->outcomes[i] = m->outcomes[i].id;
	if (found != NULL && found->resumable > 0) {
		if (resume) {
			rc->resume_attempt = found->resumable;
			rc->resume_known = true;
			rc->resume_step = found->resumable_step;
			rc->resume_seed = found->resumable_seed;
		} else
			rec_attempt_finish(cfg->store, found->resumable,
			    REC_ATTEMPT_CANCELLED, NULL);
	}
	snprintf(s->display, sizeof s->display, "%s/%s.lua", m->id, l->id);
	rc->loop = cfg->loop;
	rc->host = cfg->host;
	rc->store = cfg->store;
	rc->records_copy = cfg->records_copy;
	rc->records_copy_max_age = cfg->records_copy_max_age;
	rc->path = l->path;
	rc->display_name = s->display;
	rc->module_dir = m->dir;
	rc->gcode_dir = cfg->gcode_dir;
	rc->module_id = m->id;
	rc->module_version = m->version;
	rc->module_hash = m->hash;
	rc->outcomes = s->outcomes;
	rc->noutcomes = (size_t)noutcomes;
	rc->learner_id = learner_id;
	rc->station = cfg->station;
	rc->printer_profile = cfg->printer_profile;
	rc->lang = lang;
	if (reads != NULL) {
		rc->observations_given = true;
		rc->observations = reads->obs;
		rc->nobservations = reads->nobs;
		rc->observations_error = reads->obs_error;
		rc->own_print_given = true;
		rc->own_print = reads->own_known ? &reads->own : NULL;
		rc->own_print_error = reads->own_error;
	}
	/* The faults a trainer can play exist only on the virtual printer;
	 * a lesson's fault drill plays its faults the same way. */
	if (cfg->nfaults > 0 && cfg->inject_fault != NULL) {
		rc->inject_fault = cfg->inject_fault;
		rc->inject_data = cfg->data;
	}
	if (!resume && goon_step > 0) {
		rc->start_step = goon_step;
		rc->has_seed = true;
		rc->seed = goon_seed;
	}
	/* The lesson's clock keeps pace with the virtual printer's, as in
	 * `layerlab lesson run`: its sleeps, timeouts and "stable for 60 s"
	 * are the printer's seconds, which the screens count. There the
	 * guard exception needs no trainer: the virtual printer is what it is
	 * for. */
	if (cfg->virtual_printer) {
		rc->virtual_printer = true;
		rc->time_scale = cfg->sim_speed;
		rc->instant_sleep = cfg->sim_speed == 0;
	}
}
