#include <stdio.h>
#include <string.h>

#include "lesson_setup.h"
#include "records.h"

void
lesson_setup(struct lesson_setup *s, const struct tui_config *cfg,
    const struct tui_module *m, const struct tui_lesson *l,
    const char *learner_id, const char *lang, bool resume, int goon_step,
    uint64_t goon_seed)
{
	struct lesson_run_config *rc = &s->rc;
	int noutcomes = m->noutcomes < 64 ? m->noutcomes : 64;
	struct rec_attempt a;
	bool found = false;

	memset(s, 0, sizeof *s);
	for (int i = 0; i < noutcomes; i++)
		s->outcomes[i] = m->outcomes[i].id;
	if (rec_attempt_find_resumable(cfg->store, learner_id, l->id, &a,
	    &found, NULL) == 0 && found) {
		if (resume)
			rc->resume_attempt = a.id;
		else
			rec_attempt_finish(cfg->store, a.id,
			    REC_ATTEMPT_CANCELLED, NULL);
		rec_attempt_clear(&a);
	}
	snprintf(s->display, sizeof s->display, "%s/%s.lua", m->id, l->id);
	rc->loop = cfg->loop;
	rc->host = cfg->host;
	rc->store = cfg->store;
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

bool
lesson_stopped_attempt(const struct tui_config *cfg, const char *learner_id,
    const struct tui_module *m, const struct tui_lesson *l, int *step,
    uint64_t *seed)
{
	struct rec_filter f = { .learner_id = learner_id };
	struct rec_attempt *a = NULL;
	size_t n = 0;
	bool found = false;

	if (rec_attempt_list(cfg->store, &f, &a, &n, NULL) != 0)
		return false;
	for (size_t i = n; i-- > 0;) {
		if (strcmp(a[i].lesson_id, l->id) != 0 ||
		    strcmp(a[i].module_id, m->id) != 0)
			continue;
		if (a[i].status == REC_ATTEMPT_ERROR && a[i].step_index > 0) {
			*step = a[i].step_index;
			*seed = a[i].seed;
			found = true;
		}
		break;
	}
	rec_attempt_free_array(a, n);
	return found;
}
