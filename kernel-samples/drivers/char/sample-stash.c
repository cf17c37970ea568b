// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample device that allocates its buffers into locals and then stores them in fields
 * of its own structure, used and freed by other functions of the file.
 *
 * What the rules must say:
 *   stash_open()        pagealloc-kmalloc: replace — 'log' is kept in ->log of struct
 *                       stash_dev (declared here), written by stash_log() and freed by
 *                       stash_close(): kmalloc(PAGE_SIZE) there, kfree() in stash_close().
 *   stash_table_init()  pagealloc-kmalloc: keep — 'table' is kept in ->table, whose
 *                       physical address stash_table_pa() takes with __pa().
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/io.h>
#include <linux/string.h>

struct stash_dev {
	char *log;
	unsigned int *table;
	size_t used;
};

static int stash_open(struct stash_dev *sd)
{
	char *log = (char *)__get_free_page(GFP_KERNEL);

	if (!log)
		return -ENOMEM;
	log[0] = '\0';
	sd->log = log;
	sd->used = 0;
	return 0;
}

static void stash_log(struct stash_dev *sd, const char *msg)
{
	sd->used += strscpy(sd->log + sd->used, msg, PAGE_SIZE - sd->used);
}

static void stash_close(struct stash_dev *sd)
{
	free_page((unsigned long)sd->log);
	sd->log = NULL;
}

static int stash_table_init(struct stash_dev *sd)
{
	unsigned int *table = (unsigned int *)get_zeroed_page(GFP_KERNEL);

	if (!table)
		return -ENOMEM;
	sd->table = table;
	return 0;
}

static phys_addr_t stash_table_pa(struct stash_dev *sd)
{
	return __pa(sd->table);
}

static void stash_table_exit(struct stash_dev *sd)
{
	free_page((unsigned long)sd->table);
}

int stash_run(struct stash_dev *sd)
{
	int ret = stash_open(sd);

	if (ret)
		return ret;
	stash_log(sd, "start");
	ret = stash_table_init(sd);
	if (!ret) {
		pr_info("table at %llx\n", (unsigned long long)stash_table_pa(sd));
		stash_table_exit(sd);
	}
	stash_close(sd);
	return ret;
}
