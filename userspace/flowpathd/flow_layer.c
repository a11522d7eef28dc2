// SPDX-License-Identifier: GPL-2.0
/*
 * What a flow record says about where it lives: layer names, counters
 * summed over layers, and the reasons a faster layer refused it, stored
 * once each (a flow keeps a pointer: 200,000 flows share a few reasons).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "flow_table.h"

const char *fpd_layer_name(enum fpd_layer l)
{
	switch (l) {
	case FPD_LAYER_TC: return "tc";
	case FPD_LAYER_HW: return "hw";
	default: return "kmod";
	}
}

void fpd_flow_sum(struct fpd_flow *f)
{
	f->packets = f->kmod.packets + f->tc_sw.packets + f->tc_hw.packets +
		     f->carried.packets;
	f->bytes = f->kmod.bytes + f->tc_sw.bytes + f->tc_hw.bytes +
		   f->carried.bytes;
}

/* Reasons are few and live as long as the daemon: a list will do. */
struct why {
	struct why *next;
	char text[];
};

static pthread_mutex_t why_lock = PTHREAD_MUTEX_INITIALIZER;
static struct why *whys;

const char *fpd_why_intern(const char *text)
{
	struct why *w;
	size_t len;

	if (!text || !text[0])
		return NULL;
	pthread_mutex_lock(&why_lock);
	for (w = whys; w && strcmp(w->text, text); w = w->next)
		;
	if (!w) {
		len = strlen(text);
		w = malloc(sizeof(*w) + len + 1);
		if (w) {
			memcpy(w->text, text, len + 1);
			w->next = whys;
			whys = w;
		}
	}
	pthread_mutex_unlock(&why_lock);
	return w ? w->text : NULL;
}
