/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef CTXAREA_H
#define CTXAREA_H

struct ctx_entry {
	unsigned long handle;
};

struct accel_priv {
	struct ctx_entry *area;
	unsigned int area_order;
	char *log;
};

struct accel {
	struct accel_priv *priv;
};

int ctxarea_alloc(struct accel *acc);
int ctxarea_log(struct accel *acc);

#endif
